/**
 * Three misses a break-it pass found (2026-12-05), each a privacy leak: addresses written after a
 * label and a colon ("ip:10.0.0.1", the key:value form of logs), numbers whose groups are split
 * by no-break or thin spaces (French typography, text copied from web pages and word
 * processors), and e-mail addresses with a quoted local part.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer, foldSpaces } from '../../src/detect/analyzer.js';
import { endsLabel } from '../../src/detect/recognizers/boundary.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

/** The findings of `text` as [type, spanned text] pairs. */
const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('addresses after a label and a colon', () => {
  it.each([
    ['ip:192.168.0.1', [['IP_ADDRESS', '192.168.0.1']]],
    ['src:10.0.0.1 dst:10.0.0.2', [['IP_ADDRESS', '10.0.0.1'], ['IP_ADDRESS', '10.0.0.2']]],
    ['host:8.8.8.8', [['IP_ADDRESS', '8.8.8.8']]],
    ['client_ip:203.0.113.9 port:443', [['IP_ADDRESS', '203.0.113.9']]],
    ['ip:fe80::1', [['IP_ADDRESS', 'fe80::1']]],
    ['src:fe80::1 dst:2001:db8::8a2e:370:7334', [['IP_ADDRESS', 'fe80::1'], ['IP_ADDRESS', '2001:db8::8a2e:370:7334']]],
    ['mac:00:1A:2B:3C:4D:5E', [['MAC_ADDRESS', '00:1A:2B:3C:4D:5E']]],
    ['hw:001A.2B3C.4D5E', [['MAC_ADDRESS', '001A.2B3C.4D5E']]],
  ] as Array<[string, Array<[string, string]>]>)('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    // Labels ending in a digit, or made of hex letters only (found by the second break-it pass).
    ['eth0:10.0.0.1', 'IP_ADDRESS', '10.0.0.1'],
    ['wlan0:192.168.0.5', 'IP_ADDRESS', '192.168.0.5'],
    ['IPv4:10.0.0.1', 'IP_ADDRESS', '10.0.0.1'],
    ['vlan10:10.1.2.3', 'IP_ADDRESS', '10.1.2.3'],
    ['db:10.0.0.1', 'IP_ADDRESS', '10.0.0.1'],
    ['de:192.168.1.1/24', 'IP_ADDRESS', '192.168.1.1/24'],
    ['en0:fe80::1', 'IP_ADDRESS', 'fe80::1'],
    ['ipv6:fe80::1', 'IP_ADDRESS', 'fe80::1'],
    ['x1:fe80::1', 'IP_ADDRESS', 'fe80::1'],
    ['src:::1', 'IP_ADDRESS', '::1'],
    ['ipv6:::ffff:10.0.0.1', 'IP_ADDRESS', '::ffff:10.0.0.1'],
    ['eth0:00:1A:2B:3C:4D:5E', 'MAC_ADDRESS', '00:1A:2B:3C:4D:5E'],
    ['cafe:00:1A:2B:3C:4D:5E', 'MAC_ADDRESS', '00:1A:2B:3C:4D:5E'],
    // Two lower-case hex letters before upper-case groups: a label (round 13, the README's example).
    ['de:00:1A:2B:3C:4D:5E', 'MAC_ADDRESS', '00:1A:2B:3C:4D:5E'],
    ['iface de:00:1A:2B:3C:4D:5E up', 'MAC_ADDRESS', '00:1A:2B:3C:4D:5E'],
  ])('%s', (text, type, address) => {
    expect(found(text)).toEqual([[type, address]]);
  });

  it('an IPv6 form holding an IPv4 address is one span; an invalid one still gives its IPv4 part', () => {
    expect(found('::ffff:192.168.0.1')).toEqual([['IP_ADDRESS', '::ffff:192.168.0.1']]);
    expect(found('0:0:0:0:0:0:ffff:127.0.0.1')).toEqual([['IP_ADDRESS', '127.0.0.1']]);
    expect(found('at 10:30:00 today')).toEqual([['DATE_TIME', '10:30:00']]);
    // Seven groups are no MAC address, whether or not the first is read as a label.
    expect(found('d0:50:99:84:a2:a0:ff')).toEqual([]);
    expect(found('de:00:1a:2b:3c:4d:5e')).toEqual([]);
    expect(endsLabel('ip:', 2)).toBe(true);
    expect(endsLabel('eth0:', 4)).toBe(true);
    expect(endsLabel(' :', 1)).toBe(false);
    expect(endsLabel(':', 0)).toBe(false);
  });

  it('the anonymized log line keeps its labels and loses its addresses', async () => {
    const text = 'ts=1 src:10.0.0.1 mac:00:1A:2B:3C:4D:5E, ip:fe80::1';
    const out = await anonymizeText(text, analyzer.analyze(text));
    expect(out).toBe('ts=1 src:[REDACTED IP] mac:[REDACTED MAC ADDRESS], ip:[REDACTED IP]');
  });
});

describe('spaces other than U+0020 between digit groups', () => {
  const spaces = ['\u00a0', '\u202f', '\u2009', '\u2007', '\u3000'];
  it.each(spaces.map((s) => [s.charCodeAt(0).toString(16), s]))('U+%s', async (_code, space) => {
    const join = (...parts: string[]) => parts.join(space);
    const text =
      `card ${join('4111', '1111', '1111', '1111')}, tel ${join('+33', '6', '12', '34', '56', '78')}, ` +
      `iban ${join('DE89', '3704', '0044', '0532', '0130', '00')}, ssn ${join('899', '12', '3456')}, ` +
      `signed ${join('Jane', 'Doe')}`;
    expect(found(text).map(([type]) => type)).toEqual([
      'CREDIT_CARD',
      'PHONE_NUMBER',
      'IBAN_CODE',
      'US_SSN',
      'PERSON',
    ]);
    // Offsets are those of the text as given: the anonymized text keeps its labels and its
    // own spaces elsewhere, and no digit of any number is left.
    const out = await anonymizeText(text, analyzer.analyze(text));
    expect(out).toBe(
      'card [REDACTED CARD], tel [REDACTED PHONE], iban [REDACTED IBAN], ssn [REDACTED SSN], signed [REDACTED NAME]',
    );
  });

  it('foldSpaces keeps the length and every other character', () => {
    const text = 'a\u00a0b\u202fc\u2009d\u200be\u3000f\u1680g\u205fh 𝒜\u00a0';
    const folded = foldSpaces(text);
    expect(folded).toBe('a b c d\u200be f g h 𝒜 ');
    expect(folded.length).toBe(text.length);
    const plain = 'nothing to fold';
    expect(foldSpaces(plain)).toBe(plain);
  });

  it('allow and deny values match whichever space the text uses', () => {
    const configured = createAnalyzer({ allow: ['Jane\u00a0Doe'], deny: { CODENAME: ['Night Jar'] } });
    const text = 'signed Jane Doe about Night\u202fJar';
    expect(configured.analyze(text).map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['CODENAME', 'Night\u202fJar'],
    ]);
  });

  it('a text of plain spaces finds the same as before the fold', () => {
    const text = 'call +33 6 12 34 56 78 or mail jane.doe@example.com';
    const withNbsp = text.replace(/ /g, '\u00a0');
    expect(analyzer.analyze(withNbsp)).toEqual(analyzer.analyze(text));
  });
});

describe('e-mail addresses with a quoted local part', () => {
  it.each([
    ['mail "john.doe"@example.com today', '"john.doe"@example.com'],
    ['"  foo  bar  "@example.com', '"  foo  bar  "@example.com'],
    ['to "a\\"b"@example.org.', '"a\\"b"@example.org'],
    ['"foo@bar"@example.com', '"foo@bar"@example.com'],
  ])('%s', (text, address) => {
    expect(found(text)).toEqual([['EMAIL_ADDRESS', address]]);
  });

  it('is not reported when the quoted string is not closed before the "@" or spans a line', () => {
    expect(found('say "hi@example.com')).toEqual([['EMAIL_ADDRESS', 'hi@example.com']]);
    expect(found('"a\nb"@example.com').map(([type]) => type)).not.toContain('EMAIL_ADDRESS');
    expect(found('x"john"@example.com')).toEqual([]);
  });
});
