/**
 * URLs: an http, https or ftp URL with a host that is a public domain name or an IP address, or
 * a bare domain name ("example.com/path") whose suffix is on the public-suffix list. Script
 * schemes and URLs with whitespace or angle brackets are refused.
 */
import { isValidDomainName } from './email.js';
import { isValidIpv4, isValidIpv6 } from './network.js';

const SCHEMES = new Set(['http', 'https', 'ftp']);

/** Validates a URL as written in text (scheme optional). */
export function isValidUrl(value: string): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return false;
  if (/[\s<>"\\\u0000-\u001f]/.test(value)) return false;

  let rest = value;
  // Both scheme tests need a colon, which bare domain names ("example.com/a") lack.
  const scheme = value.includes(':') ? /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value) : null;
  if (scheme !== null) {
    if (!SCHEMES.has(scheme[1]!.toLowerCase())) return false;
    rest = value.slice(scheme[0].length);
  } else if (
    value.includes(':') &&
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) &&
    !/^[^:/]+\.[^:/]+:\d/.test(value)
  ) {
    // "javascript:", "mailto:" and other non-hierarchical schemes are not web addresses.
    if (!/^[^:/?#@]+\.[^:/?#@]+(?:[/?#]|$)/.test(value)) return false;
  }
  if (rest.startsWith('/')) return false;

  const end = rest.search(/[/?#]/);
  let authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    if (userinfo.length === 0 || userinfo.startsWith(':') && userinfo.length === 1) return false;
    if (userinfo.split(':').length > 2) return false;
    authority = authority.slice(at + 1);
  }

  let host = authority;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return false;
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after.length > 0) {
      if (!after.startsWith(':')) return false;
      port = after.slice(1);
    }
    if (!isValidIpv6(host)) return false;
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon !== -1) {
      port = authority.slice(colon + 1);
      host = authority.slice(0, colon);
    }
    if (/^[0-9.]+$/.test(host)) {
      if (!isValidIpv4(host)) return false;
    } else if (!isValidDomainName(host, false)) {
      return false;
    }
  }
  if (port !== undefined && port.length > 0) {
    if (!/^[0-9]{1,5}$/.test(port)) return false;
    const n = Number(port);
    if (n < 1 || n > 65535) return false;
  }
  return true;
}
