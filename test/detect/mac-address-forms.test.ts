/**
 * MAC addresses written with a full stop or a space between their two-digit groups, and as 12
 * bare hex digits with a context word (round 12; none was found before). Groups of digits alone
 * and hex dumps of more than six groups are not MAC addresses.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const macs = (text: string): string[] =>
  typedSpans(analyzer, text)
    .filter(([type]) => type === 'MAC_ADDRESS')
    .map(([, value]) => value);

describe('mac address: dotted, spaced and bare forms', () => {
  it.each([
    ['mac 00.1A.2B.3C.4D.5E now', '00.1A.2B.3C.4D.5E'],
    ['mac 00 1A 2B 3C 4D 5E now', '00 1A 2B 3C 4D 5E'],
    ['00 1a 2b 3c 4d 5e', '00 1a 2b 3c 4d 5e'],
    ['MAC-Adresse: 00 1A 2B 3C 4D 5E.', '00 1A 2B 3C 4D 5E'],
    ['ethernet 001A2B3C4D5E', '001A2B3C4D5E'],
    ['mac: 001a2b3c4d5e', '001a2b3c4d5e'],
  ])('%j', (text, mac) => {
    expect(macs(text)).toEqual([mac]);
  });

  it.each([
    // Bare hex digits without a context word, digits alone, a hex dump, a longer hash.
    'id 001A2B3C4D5E now',
    'mac 10.20.30.40.50.60',
    'mac 001122334455',
    'dump 4d 5a 90 00 03 00 1a 00 04',
    'mac d41d8cd98f00b204e9800998ecf8427e',
    'mac 001a2B3c4D5e',
  ])('%j holds no MAC address', (text) => {
    expect(macs(text)).toEqual([]);
  });
});
