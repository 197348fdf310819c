/**
 * The characters an expression needs (src/detect/needed-chars.ts): a text ruled out never
 * matches. Checked on every gate expression of the built-in patterns and on expressions of every
 * construct the reading knows, over random ASCII texts made of their pieces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldNeeded, neededChars } from '../../src/detect/needed-chars.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { PatternRecognizer } from '../../src/detect/pattern-recognizer.js';

/** The ASCII characters of `text` as four 32-bit words (as the text shape holds them). */
function charSet(text: string): [number, number, number, number] {
  const m: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    m[c >> 5]! |= 1 << (c & 31);
  }
  return m;
}

function mayMatch(re: RegExp, text: string): boolean {
  const sets = neededChars(re);
  return mayHoldNeeded(sets, 0, sets.length / 4, ...charSet(text));
}

const printable = Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k));
const pieces = [
  ...printable,
  '\t', '\n', 'password', 'Passwd', 'pass', 'port', 'passport', 'Reisepass', 'sort code', 'Street',
  'St', 'Rue', 'Via', 'Box ', 'Apt.', 'Suite', 'Unit', ' is ', ' was ', 'set to', 'cvc', 'CVV',
  'exp=', 'expiry=', 'AIza', 'glpat-', 'xox', 'sk-', 'SG.', 'eyJ', 'mysql', 'curl', 'www.',
  '@gmail,com', '@localhost', '@[', '(at)', '[dot]', ' @ ', '2A 123', 'T', ' - ', '12', '1234',
  '2024', '0a:1b:', 'ab', 'fF', 'pin 4', 'secret=', 'token:', 'weg 5', 'gate 3', 'Ave', 'Road',
];

function asciiTexts(maxLength = 14) {
  return fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(''));
}

function neverRulesOutAMatch(res: readonly RegExp[], numRuns: number): void {
  let ruledOut = 0;
  let matched = 0;
  fc.assert(
    fc.property(asciiTexts(), (text) => {
      for (const re of res) {
        const may = mayMatch(re, text);
        if (!may) ruledOut++;
        if (re.test(text)) {
          matched++;
          expect(may, `${re} on ${JSON.stringify(text)}`).toBe(true);
        }
      }
    }),
    { numRuns },
  );
  expect(ruledOut).toBeGreaterThan(0);
  expect(matched).toBeGreaterThan(0);
}

describe('needed characters', () => {
  it('rule out no text that a gate expression of the built-in patterns matches', () => {
    const gates = new Set<RegExp>();
    for (const r of patternRecognizers) {
      if (!(r instanceof PatternRecognizer)) continue;
      for (const p of r.patterns) if (p.needsMatch !== undefined) gates.add(p.needsMatch);
    }
    expect(gates.size).toBeGreaterThan(20);
    // Most gates are read (a gate whose sets are empty is tested as before).
    expect([...gates].filter((g) => neededChars(g).length > 0).length).toBeGreaterThan(20);
    neverRulesOutAMatch([...gates], 20000);
  });

  it('rule out no match of expressions of every construct read', () => {
    const res = [
      /abc/, /a|b/, /ab?c/, /a*b/, /a+b/, /a{2}b/, /a{0,3}b/, /a{2,}?b/, /[a-c]x/, /[^a]b/,
      /[\d.]-/, /\d\s\w/, /\W\D\S/, /x(?=y)/, /(?<=y)x/, /(?!a)b/, /(?<!a)b/, /(a)\1/,
      /(?<n>a)\k<n>/, /^a$/, /\bab\b/, /a|/, /(?:)/, /[]a/, /[\]-]x/, /\x41\u0042/, /\./, /[.]/,
      /a{/, /a{x}/, /[\b]/, /\t\n/, /[a-f]{2}:/i, /PASS(?:port)?/i, /\u017F/iu, /\u212A/iu,
      /[\u017F]/iu, /\p{L}\p{N}/u, /[\p{L}]x/u, /\u{41}/u, /[^\s]/, /.a/, /(?:ab|cd)e/,
      /(?:ab|c?)e/, /(?:a(?:b|c))|d/i, /[A-z]/, /[+--]/, /a\/b/, /[_-]/, /\0/,
    ];
    neverRulesOutAMatch(res, 4000);
  });

  it('know what a few expressions need', () => {
    const sets = (re: RegExp): string[] => {
      const flat = neededChars(re);
      const out: string[] = [];
      for (let k = 0; k < flat.length; k += 4) {
        let s = '';
        for (let c = 0; c < 128; c++) if ((flat[k + (c >> 5)]! >>> (c & 31)) & 1) s += String.fromCharCode(c);
        out.push(s);
      }
      return out.sort();
    };
    expect(sets(/ab/)).toEqual(['a', 'b']);
    expect(sets(/Ab/i)).toEqual(['Aa', 'Bb']);
    expect(sets(/a?b*/)).toEqual([]);
    expect(sets(/(?<=x)y/)).toEqual(['y']);
    expect(sets(/(?<!x)y/)).toEqual(['y']);
    expect(sets(/ab|c/)).toEqual(['ac']);
    expect(sets(/ab|/)).toEqual([]);
    expect(sets(/s/iu)).toEqual(['Ss']);
    expect(sets(/[\u017F]/iu)).toEqual(['Ss']);
    expect(sets(/a/g)).toEqual([]);
  });
});
