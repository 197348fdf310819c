/**
 * Network identifiers: IPv4 (dotted quad, no leading zeros, which some parsers read as octal),
 * IPv6 (RFC 4291 section 2.2 text forms, zone index allowed), an optional CIDR prefix for
 * ranges, and MAC addresses (IEEE 802 EUI-48 and EUI-64 in the usual notations).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 dotted quad; refuses "0200.1.1.1" (leading zeros are octal to some parsers). */
export function isValidIpv4(value: string): boolean {
  if (typeof value !== 'string' || value.length > 15) return false;
  // A dotted quad has three dots: most strings tried here (times, dates, versions) have not.
  if (count(value, 46) !== 3) return false;
  return isIPv4(value);
}

/**
 * A dotted quad written with zero-padded octets ("192.168.001.010", as some routers, logs and
 * spreadsheets print addresses), each octet 0-255 in decimal and at least one padded: not a
 * valid address to `isValidIpv4` (some parsers read a leading zero as octal), but an address as
 * people write it.
 */
export function isZeroPaddedIpv4(value: string): boolean {
  if (typeof value !== 'string' || value.length > 15) return false;
  const octets = value.split('.');
  if (octets.length !== 4) return false;
  let padded = false;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return false;
    if (octet.length > 1 && octet.charCodeAt(0) === 48) padded = true;
  }
  return padded;
}

/** How many times the code unit `code` occurs in `value`. */
function count(value: string, code: number): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === code) n++;
  return n;
}

/**
 * False for strings that cannot be an IPv6 address by their colons alone (RFC 4291 section
 * 2.2): from 2 to 8 colons, and without "::" exactly 7 (eight groups) or 6 (six groups and a
 * dotted quad). Spares the full check for times of day ("08:00:00") and other colon groups.
 */
function mayBeIpv6(address: string): boolean {
  const colons = count(address, 58);
  if (colons < 2 || colons > 8) return false;
  return colons === 7 || colons === 6 || address.includes('::');
}

/** IPv6 text form, optionally with a zone index ("fe80::1%eth0", an interface name). */
export function isValidIpv6(value: string): boolean {
  if (typeof value !== 'string' || value.length > 100) return false;
  const percent = value.indexOf('%');
  const address = percent === -1 ? value : value.slice(0, percent);
  if (percent !== -1 && !/^[0-9A-Za-z_-]{1,32}$/.test(value.slice(percent + 1))) return false;
  return mayBeIpv6(address) && isIPv6(address);
}

/** IPv4 or IPv6 address, optionally followed by a CIDR prefix length ("10.0.0.0/8"). */
export function isValidIpAddress(value: string): boolean {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  if (slash === -1) return isValidIpv4(value) || isValidIpv6(value);
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (isValidIpv4(address)) return bits <= 32;
  return isValidIpv6(address) && bits <= 128;
}

/** EUI-48 or EUI-64 with one separator kind: colons, dashes, spaces, or Cisco dotted groups. */
export function isValidMacAddress(value: string): boolean {
  if (typeof value !== 'string' || value.length > 23) return false;
  if (/^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4})?$/.test(value)) return true;
  for (const sep of [':', '-', ' ', '.']) {
    const parts = value.split(sep);
    if (parts.length !== 6 && parts.length !== 8) continue;
    if (parts.every((p) => /^[0-9A-Fa-f]{2}$/.test(p))) return true;
  }
  return false;
}
