/**
 * Network identifiers: IPv4 (dotted quad, no leading zeros, which some parsers read as octal),
 * IPv6 (RFC 4291 section 2.2 text forms, zone index allowed), an optional CIDR prefix for
 * ranges, and MAC addresses (IEEE 802 EUI-48 and EUI-64 in the usual notations).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 dotted quad; refuses "0200.1.1.1" (leading zeros are octal to some parsers). */
export function isValidIpv4(value: string): boolean {
  if (typeof value !== 'string' || value.length > 15) return false;
  return isIPv4(value);
}

/** IPv6 text form, optionally with a zone index ("fe80::1%eth0", an interface name). */
export function isValidIpv6(value: string): boolean {
  if (typeof value !== 'string' || value.length > 100) return false;
  const percent = value.indexOf('%');
  const address = percent === -1 ? value : value.slice(0, percent);
  if (percent !== -1 && !/^[0-9A-Za-z_-]{1,32}$/.test(value.slice(percent + 1))) return false;
  return isIPv6(address);
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
  for (const sep of [':', '-', ' ']) {
    const parts = value.split(sep);
    if (parts.length !== 6 && parts.length !== 8) continue;
    if (parts.every((p) => /^[0-9A-Fa-f]{2}$/.test(p))) return true;
  }
  return false;
}
