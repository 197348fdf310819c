/**
 * Offsets are UTF-16 code units of the analysed string (JavaScript indexing), correct with
 * emoji (surrogate pairs), combining characters and non-Latin scripts before the match.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';

describe('UTF-16 offsets', () => {
  const analyzer = createAnalyzer({ recognizers: patternRecognizers });
  const cases = [
    ['😀😀 mail alice@example.com', 'alice@example.com'],
    ['Zoë\u0301 (café\u0301) card 4111-1111-1111-1111 ok', '4111-1111-1111-1111'],
    ['電話 👩‍👩‍👧 IBAN DE89 3704 0044 0532 0130 00 merci', 'DE89 3704 0044 0532 0130 00'],
    ['שלום 🎉 SSN 536-90-4399', '536-90-4399'],
    ['𝔘𝔫𝔦𝔠𝔬𝔡𝔢 server 192.168.10.1 up', '192.168.10.1'],
  ] as const;

  it.each(cases)('%s', (text, expected) => {
    const found = analyzer.analyze(text);
    expect(found.map((f) => text.slice(f.start, f.end))).toContain(expected);
    const f = found.find((x) => text.slice(x.start, x.end) === expected)!;
    expect(f.start).toBe(text.indexOf(expected));
  });
});
