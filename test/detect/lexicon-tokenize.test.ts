import { describe, expect, it } from 'vitest';
import {
  Case,
  flagsIn,
  flagList,
  TokenKind,
  tokenize,
} from '../../src/detect/lexicon/tokenize.js';
import { wordFlagMap } from '../../src/detect/lexicon/word-flags.js';

/** Copies the fields of a token, so that tokens of two texts can be compared. */
function fields(text: string) {
  return tokenize(text).map((t) => ({
    kind: t.kind,
    text: t.text,
    lower: t.lower,
    case: t.case,
    flags: t.flags,
    at: text.slice(t.start, t.end),
  }));
}

describe('tokenizer cache of recent tokens', () => {
  it('gives a repeated word the same text, case and flags as its first sight', () => {
    const first = fields('Paris, PARIS and paris; Zoë ZOË zoë 𝐀𝐁 O’Brien 2026 Müller-Lüdenscheid.');
    // Other texts in between, then the same words again in another order.
    fields('Dear Mr. Anna Berg of Civic Impulse LLC, zip 70651.');
    fields('Ünïcödé wörds: Straße, İstanbul, ŞİŞLİ, Ōsaka.');
    const again = fields('2026 Müller-Lüdenscheid O’Brien 𝐀𝐁 zoë ZOË Zoë paris PARIS Paris.');
    const key = (t: { text: string; kind: TokenKind }) => `${t.kind}:${t.text}`;
    const byText = new Map(first.map((t) => [key(t), t]));
    for (const t of again) {
      if (t.kind === TokenKind.Punct) continue;
      expect(t.at).toBe(t.text);
      expect(byText.get(key(t))).toEqual(t);
    }
  });

  it('reads case and list flags of cached words as a fresh look-up would', () => {
    const flags = wordFlagMap();
    const text = 'Anna anna ANNA Anna london London LONDON london 12 12';
    for (let round = 0; round < 2; round++) {
      const tokens = tokenize(round === 0 ? text : `${text} `);
      expect(tokens.map((t) => t.case)).toEqual([
        Case.Title,
        Case.Lower,
        Case.Upper,
        Case.Title,
        Case.Lower,
        Case.Title,
        Case.Upper,
        Case.Lower,
        Case.None,
        Case.None,
      ]);
      for (const t of tokens) {
        expect(t.text).toBe(text.slice(t.start, t.end));
        expect(t.lower).toBe(t.text.toLowerCase());
        expect(t.flags).toBe(t.kind === TokenKind.Number ? 0 : (flags.get(t.lower) ?? 0));
      }
      expect(tokens[0]?.flags).not.toBe(0);
    }
  });
});

describe('tokenizer: text read on demand', () => {
  it('cuts the same text and lower-case text whichever is read first', () => {
    const text =
      "Paris PARIS paris Zoë ZOË O’Brien o'brien Müller-Lüdenscheid İstanbul xqzv XQZV 42 , ’";
    const lowerFirst = tokenize(`${text} `).map((t) => [t.lower, t.text]);
    const textFirst = tokenize(text).map((t) => [t.text, t.lower]);
    for (let k = 0; k < textFirst.length; k++) {
      const [word, lower] = textFirst[k] as [string, string];
      expect(lowerFirst[k]).toEqual([lower, word]);
      expect(lower).toBe(word.toLowerCase());
    }
    const cut = tokenize(text).map((t) => text.slice(t.start, t.end));
    expect(cut).toEqual(textFirst.map((p) => p[0]));
  });

  it('reads each text from its own tokens when token objects are reused across texts', () => {
    const long = 'Zoë Müller-Lüdenscheid, Paris 2026; O’Brien and İstanbul. 𝐀𝐁 xqzv XQZV!';
    const texts = [long, 'Anna 12', long.slice(0, 20), 'ŞİŞLİ', `${long} ${long}`, 'x'];
    for (const text of texts) {
      const tokens = tokenize(text);
      for (const t of tokens) {
        expect(t.text).toBe(text.slice(t.start, t.end));
        expect(t.lower).toBe(t.text.toLowerCase());
        expect(t.code).toBe(text.charCodeAt(t.start));
      }
      expect([...flagList(tokens).subarray(0, tokens.length)]).toEqual(tokens.map((t) => t.flags));
    }
  });

  it('gives the first code unit of each token', () => {
    const text = 'a, “b” 12 ’';
    for (const t of tokenize(text)) expect(t.code).toBe(text.charCodeAt(t.start));
  });

  it('keeps the flags of the whole text and of each token, as a fresh count gives them', () => {
    const text = 'Anna is 31 years old, zip 70651 and 12 more.';
    const tokens = tokenize(text);
    const copy = [...tokens];
    let all = 0;
    for (const t of tokens) all |= t.flags;
    expect(flagsIn(tokens)).toBe(all);
    expect(flagsIn(copy)).toBe(all);
    const each = tokens.map((t) => t.flags);
    expect([...flagList(tokens).subarray(0, tokens.length)]).toEqual(each);
    expect([...flagList(copy)]).toEqual(each);
  });
});
