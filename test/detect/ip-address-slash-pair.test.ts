/**
 * IP addresses: two IPv4 addresses joined by a slash are two addresses, not an address with a
 * prefix glued to the next one (verify11, 2026-12-05). Before, "10.0.0.1/10.0.0.2" was read as
 * "10.0.0.1/10" followed by ".0.0.2", refused as glued, and both addresses stayed in clear.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('ip address: two addresses joined by a slash', () => {
  it.each([
    [
      'IP 10.0.0.1/10.0.0.2',
      [
        ['IP_ADDRESS', '10.0.0.1'],
        ['IP_ADDRESS', '10.0.0.2'],
      ],
    ],
    [
      'peers 192.168.0.1/192.168.0.2.',
      [
        ['IP_ADDRESS', '192.168.0.1'],
        ['IP_ADDRESS', '192.168.0.2'],
      ],
    ],
    // A prefix is still part of its address.
    ['net 10.0.0.0/24 ok', [['IP_ADDRESS', '10.0.0.0/24']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves no group of either address in the anonymized text', async () => {
    const text = 'from 10.0.0.1/10.0.0.2 denied';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      'from [REDACTED IP]/[REDACTED IP] denied',
    );
  });
});
