import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

async function mask(value: string, options: Record<string, unknown>): Promise<string> {
  const anonymizer = await createAnonymizer({ default: { operator: 'mask', ...options } });
  return anonymizer.text(value, [{ type: 'CREDIT_CARD', start: 0, end: value.length, score: 1 }]);
}

describe('mask: characters, count, direction, keep last N', () => {
  it('keeps the last four digits of a card and its separators', async () => {
    expect(await mask('4111 1111 1111 1111', { keepLast: 4 })).toBe('**** **** **** 1111');
    expect(await mask('4111-1111-1111-1111', { keepLast: 4, char: '#' })).toBe(
      '####-####-####-1111',
    );
  });

  it('masks a limited count from the start or from the end', async () => {
    expect(await mask('john.doe@example.com', { count: 4 })).toBe('****.doe@example.com');
    expect(await mask('555-123-4567', { count: 4, fromEnd: true })).toBe('555-123-****');
  });

  it('masks separators too when asked, and never leaves half of a surrogate pair', async () => {
    expect(await mask('a-b', { maskSeparators: true })).toBe('***');
    // An emoji is a symbol, not a letter: it keeps its place like a separator, and is one
    // character masked with one mask character when separators are masked.
    expect(await mask('Zoë 😀', {})).toBe('*** 😀');
    expect(await mask('Zoë 😀', { maskSeparators: true })).toBe('*****');
    // A lone surrogate (malformed input) is masked.
    expect(await mask('a\ud800b', {})).toBe('***');
  });

  it('masks every maskable character when keepLast would keep them all', async () => {
    // Before, keepLast >= the number of letters and digits left the value in clear.
    expect(await mask('1234', { keepLast: 4 })).toBe('****');
    expect(await mask('1234', { keepLast: 40 })).toBe('****');
    expect(await mask('1.2.3.4', { keepLast: 4 })).toBe('*.*.*.*');
    expect(await mask('Ana', { keepLast: 4 })).toBe('***');
    expect(await mask('😀', { keepLast: 2 })).toBe('*');
    // keepLast and count count characters (code points), not UTF-16 code units.
    expect(await mask('a😀', { keepLast: 1, maskSeparators: true })).toBe('*😀');
    expect(await mask('😀b', { count: 1, maskSeparators: true })).toBe('*b');
    // One fewer than all is still a mask: the rule is about keeping everything.
    expect(await mask('1234', { keepLast: 3 })).toBe('*234');
    // With count, the whole value is the eligible range, from the start or the end.
    expect(await mask('1234', { keepLast: 4, count: 2 })).toBe('**34');
    expect(await mask('1234', { keepLast: 4, count: 2, fromEnd: true })).toBe('12**');
    expect(await mask('a-b', { keepLast: 3, maskSeparators: true })).toBe('***');
  });

  it('masks a value of separators alone whole, and combining marks with their letters', async () => {
    expect(await mask('--', {})).toBe('**');
    expect(await mask('-/ ', { keepLast: 3 })).toBe('***');
    expect(await mask('-/ ', { keepLast: 1 })).toBe('** ');
    // Devanagari vowel signs are marks (\p{M}), not separators: none is left in clear.
    expect(await mask('किशोर', {})).toBe('*****');
    expect(await mask('Jose\u0301', {})).toBe('*****');
  });

  it('refuses count 0, which would mask nothing (keep is the operator for that)', async () => {
    await expect(createAnonymizer({ default: { operator: 'mask', count: 0 } })).rejects.toThrow(
      /default: invalid options for operator 'mask': count/,
    );
  });

  it('hides something of every non-empty value, whatever the options (property)', async () => {
    const masks = new Map<string, Awaited<ReturnType<typeof createAnonymizer>>>();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }),
        fc.record({
          keepLast: fc.nat(30),
          count: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
          fromEnd: fc.boolean(),
          maskSeparators: fc.boolean(),
        }),
        async (value, options) => {
          fc.pre(!value.includes('#'));
          const key = JSON.stringify(options);
          let anonymizer = masks.get(key);
          if (anonymizer === undefined) {
            const spec = { operator: 'mask', char: '#', ...options };
            if (options.count === undefined) delete (spec as { count?: number }).count;
            anonymizer = await createAnonymizer({ default: spec });
            masks.set(key, anonymizer);
          }
          const out = anonymizer.text(value, [{ type: 'X', start: 0, end: value.length, score: 1 }]);
          // One mask character per character (code point), astral or not.
          const inChars = Array.from(value);
          const outChars = Array.from(out);
          expect(outChars).toHaveLength(inChars.length);
          expect(out).toContain('#');
          for (let i = 0; i < inChars.length; i++) expect([inChars[i], '#']).toContain(outChars[i]);
          // No half of a surrogate pair is left alone (the generated values are well formed).
          expect(out).not.toMatch(/\p{Cs}/u);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts an astral character (𠮷, emoji) as one for keepLast (tester cases)', async () => {
    // Before, a surrogate pair counted twice: "𠮷田" with keepLast 2 gave "**田".
    const whole = async (value: string, keepLast: number): Promise<unknown> => {
      const anonymizer = await createAnonymizer({ default: { operator: 'mask', keepLast } });
      const record = { v: value };
      anonymizer.record(record, [], { wholeFields: { v: 'PERSON' } });
      return record.v;
    };
    expect(await whole('𠮷田', 2)).toBe('**');
    expect(await whole('𠮷田太郎', 4)).toBe('****');
    expect(await whole('1😀2😀3', 4)).toBe('*😀*😀*');
    expect(await whole('ab😀cd', 4)).toBe('**😀**');
    expect(await whole('😀😀😀😀', 4)).toBe('****');
    // One fewer than all: the last characters are kept, whole.
    expect(await whole('𠮷田太郎', 3)).toBe('*田太郎');
    expect(await whole('x𠮷田', 2)).toBe('*𠮷田');
    expect(await mask('𠮷田太郎', { count: 1, fromEnd: true })).toBe('𠮷田太*');
    expect(await mask('𠮷田太郎', { count: 1 })).toBe('*田太郎');
  });

  it('hides the short entities the tester found in clear with keepLast: 4', async () => {
    const text = 'Dear Ana, your parcel to ZIP 1234 left from ip 1.2.3.4 today.';
    const out = await new PrivacyManager().anonymizeText(text, {
      operators: { default: { operator: 'mask', keepLast: 4 } },
    });
    expect(out).toBe('Dear ***, your parcel to ZIP **** left from ip *.*.*.* today.');
  });

  it('refuses a mask "character" longer than one code unit, naming the option', async () => {
    await expect(createAnonymizer({ default: { operator: 'mask', char: '**' } })).rejects.toThrow(
      /default: invalid options for operator 'mask': char/,
    );
  });
});
