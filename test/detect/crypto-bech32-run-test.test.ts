/**
 * The bech32 pattern scans only the long runs that `mayHoldBech32` lets through (`runMayHold`):
 * the test is false only for runs holding no "bc1" or "tb1" with six characters after it, so the
 * findings are those of the plain scan of the whole text.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import type { Candidate } from '../../src/detect/recognizer.js';
import { defineBuiltinRecognizer } from '../../src/detect/pattern-recognizer.js';
import { cryptoWalletRecognizer, mayHoldBech32 } from '../../src/detect/recognizers/crypto-wallet.js';
import { measureText } from '../../src/detect/text-shape.js';

const LOWER = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const UPPER = 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4';
const TESTNET = 'TB1PZPELFFRDH9PTPAQNURWX30DLEWQV57RCXFEETP86HSSSK30P4CWS38TR9Y';

/** The test on the whole of `run`. */
const holds = (run: string) => mayHoldBech32(run, 0, run.length);

describe('mayHoldBech32', () => {
  it('passes a prefix in any case with six characters after its "1"', () => {
    expect(holds('bc1qqqqqq')).toBe(true);
    expect(holds('tb1qqqqqq')).toBe(true);
    expect(holds('BC1QQQQQQ')).toBe(true);
    expect(holds('TB1QQQQQQ')).toBe(true);
    // The pattern reads each letter's case alone; the validator rejects mixed case later.
    expect(holds('bC1qqqqqq')).toBe(true);
    expect(holds('Tb1qqqqqq')).toBe(true);
  });

  it('rejects a run whose prefix has fewer than six characters after it, or no prefix', () => {
    expect(holds('xbc1qqqqq')).toBe(false);
    expect(holds('bd1qqqqqqqqq')).toBe(false);
    expect(holds('cb1qqqqqqqqq')).toBe(false);
    expect(holds('bt1qqqqqqqqq')).toBe(false);
    expect(holds('1bcqqqqqqqqq')).toBe(false);
    expect(holds('information')).toBe(false);
    expect(holds('A1B2C3D4E5F6')).toBe(false);
  });

  it('finds a prefix anywhere in a longer run, and only inside [start, end)', () => {
    expect(holds('x1y1bc1qqqqqq')).toBe(true);
    expect(holds('abcdefgtb1qqqqqqzz')).toBe(true);
    // The prefix's letters lie before the run's start, or its six characters past the run's end.
    expect(mayHoldBech32('bc1qqqqqqq', 1, 10)).toBe(false);
    expect(mayHoldBech32('bc1qqqqqqq', 0, 8)).toBe(false);
    expect(mayHoldBech32('bc1qqqqqqq', 0, 9)).toBe(true);
  });
});

describe('bech32 addresses with the run test', () => {
  const analyzer = createAnalyzer();
  const found = (text: string) =>
    analyzer
      .analyze(text)
      .filter((f) => f.type === 'CRYPTO')
      .map((f) => [f.start, f.end]);

  it('finds an address at the text start and end, in lower and upper case', () => {
    expect(found(LOWER)).toEqual([[0, 42]]);
    expect(found(`${LOWER} is my wallet`)).toEqual([[0, 42]]);
    expect(found(`Send it to ${LOWER}`)).toEqual([[11, 53]]);
    expect(found(`Send it to ${UPPER}.`)).toEqual([[11, 53]]);
    expect(found(`tb: ${TESTNET}`)).toEqual([[4, 66]]);
  });

  it('rejects mixed case and an address glued inside a longer run, as before', () => {
    expect(found('bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toEqual([]);
    expect(found(`B${LOWER.slice(1)}`)).toEqual([]);
    expect(found(`x${LOWER}`)).toEqual([]);
    expect(found(`abc${LOWER}def`)).toEqual([]);
    expect(found(`${LOWER}x`)).toEqual([]);
  });

  it("the pattern's windowed scan finds the matches of its plain scan, inside longer runs too", () => {
    const spec = cryptoWalletRecognizer.patterns.find((p) => p.name === 'bitcoin-bech32')!;
    expect(spec.runMayHold).toBe(mayHoldBech32);
    const r = defineBuiltinRecognizer({
      name: 'x',
      entityType: 'X',
      patterns: [spec],
      refine: (m) => ({ start: m.start, end: m.end, score: 1, validator: 'none' as const }),
    });
    const texts = [
      LOWER,
      `${LOWER} ${UPPER}`,
      `see ${TESTNET}, then ${LOWER}`,
      `x${LOWER}`,
      `abc${LOWER}def`,
      `${LOWER}x`,
      'bC1qqqqqq and Tb1qqqqqqqq',
      'informationbc1qqqqqq',
      'bc1qqqqq bc1qqqqqq tb1qqqqqqq',
      'information procedure 1234567890abc',
    ];
    for (const text of texts) {
      const windowed: Candidate[] = [];
      r.analyzeHitsInto(text, [0], windowed, measureText(text));
      expect(windowed).toEqual(r.analyzeHits(text, [0]));
    }
    const windowed: Candidate[] = [];
    r.analyzeHitsInto('informationbc1qqqqqq', [0], windowed, measureText('informationbc1qqqqqq'));
    expect(windowed.map((c) => [c.start, c.end])).toEqual([[11, 20]]);
  });
});
