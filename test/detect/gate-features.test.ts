/**
 * The analyzer's one-pass text shape (digit count, longest alphanumeric run, the set of ASCII
 * characters present, digit runs, digit clusters, long runs) and the validators' domain memo
 * must never change what is found: the shape is compared with the same features computed by
 * regular expressions, the gated and scoped analyzer with the same recognizers run without any
 * gate or window, and memoized domain answers with fresh ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { minimumDigits, nationalIdRecognizers } from '../../src/detect/recognizers/national-ids.js';
import { isValidDomainName } from '../../src/detect/validators/email.js';
import {
  joinerBits,
  LONG_RUN,
  measureText,
  MIN_CLUSTER_DIGITS,
  MIN_DIGIT_RUN,
} from '../../src/detect/text-shape.js';
import {
  dateTimeRecognizer,
  MONTH_WORDS,
  OTHER_WEEKDAY_NAMES,
  WEEKDAY_NAMES,
} from '../../src/detect/recognizers/date-time.js';
import { readFixture } from './helpers.js';

/** The same recognizer, seen by the analyzer as an opaque one: every pattern runs, no gate. */
function ungated(r: Recognizer): Recognizer {
  const wrapped: Recognizer = {
    name: r.name,
    entityTypes: r.entityTypes,
    analyze: (text, options) => r.analyze(text, options),
  };
  if (r.context !== undefined) Object.assign(wrapped, { context: r.context });
  const byLanguage = (r as { contextByLanguage?: unknown }).contextByLanguage;
  if (byLanguage !== undefined) Object.assign(wrapped, { contextByLanguage: byLanguage });
  return wrapped;
}

describe('analyzer gates', () => {
  const gated = createAnalyzer({ recognizers: patternRecognizers, explain: true });
  const plain = createAnalyzer({ recognizers: patternRecognizers.map(ungated), explain: true });

  it('find exactly what the ungated recognizers find, on random texts', () => {
    const units = [
      ' ', '0', '4', '9', '12', '555', '2024', '4111', '-', '.', '/', ':', '@', '+', '(', ')', '_', '=',
      'x', 'A', 'S', 'g', 'Z', 'ſ', 'K', 'é', '𝒜', '\n', 'example.com', 'www', 'http://', 'IBAN',
      'DE89', 'March', 'Street', 'Apt.', 'AKIA', 'eyJ', 'sk_live_', 'password=', 'bc1q', '0x',
      'fe80::', 'Monday', 'PSC', 'Box', '1234567', '12345678901', '+', 'ABC', 'X-', 'IT ', '31st of ', 'mercoledì',
      'MRTMTT25D09F205Z', 'T10:30:00Z',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(gated.analyze(text)).toEqual(plain.analyze(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('find the same on sentences with every kind of identifier', () => {
    const texts = [
      "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.",
      'Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 078-05-1120 on 2024-03-05.',
      'Login from 10.0.0.1 and fe80::1%eth0, MAC 00:1A:2B:3C:4D:5E, see https://example.org/a?b=1.',
      'Key AKIAIOSFODNN7EXAMPLE, wallet 0x52908400098527886E0F7030069857D2E4169EE7, 12 Main Street.',
    ];
    for (const text of texts) {
      const found = gated.analyze(text);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(plain.analyze(text));
    }
  });
});

describe('the month and weekday patterns\' character gate', () => {
  const named = dateTimeRecognizer.patterns.filter(
    (p) => p.near !== undefined && 'finder' in p.near,
  );
  const gates = [...new Set(named.flatMap((p) => p.needsAny ?? []))];

  it('is one set, asked by every pattern of the name finder but the log stamp', () => {
    expect(named.length).toBe(7);
    expect(gates).toHaveLength(1);
    expect(named.filter((p) => p.needsAny === undefined).map((p) => p.name)).toEqual(['log-stamp']);
  });

  it('holds a character of every name', () => {
    for (const name of [...MONTH_WORDS.flat(), ...WEEKDAY_NAMES, ...OTHER_WEEKDAY_NAMES]) {
      expect([...gates[0]!].some((ch) => name.includes(ch)), name).toBe(true);
    }
  });

  it('passes every text in which the finder finds a name', () => {
    const near = named[0]!.near as { finder: RegExp };
    const finder = new RegExp(near.finder.source, near.finder.flags);
    const units = [
      'Mar', 'MÄRZ', 'märz', 'mrz', 'ſ', '\u212a', 'T', 'Z', '08:00', '2024-02-25', ' ', 'jn',
      'dc', 'sptmbr', 'Déc', 'sábado', 'ä', 'Ä', 'é', 'É', 'á', 'y', 'MAY', 'oKt', 'ſept', '\u212aa',
    ];
    let found = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        finder.lastIndex = 0;
        if (!finder.test(text)) return;
        found++;
        expect([...gates[0]!].some((ch) => text.includes(ch)), text).toBe(true);
      }),
      { numRuns: 20000 },
    );
    expect(found).toBeGreaterThan(1000);
  });
});

describe('digit-count gates of the national identifiers', () => {
  it('count no digit of an optional group: a 10-digit Swedish personnummer is found', () => {
    // The century in '(?:\\d{2})?\\d{6}[-+]\\d{4}' is optional: counted, it made the gate ask
    // for 12 digits, and the default analyzer missed every personnummer written with 10.
    expect(minimumDigits('(?:\\d{2})?\\d{6}[-+]\\d{4}')).toBe(10);
    expect(minimumDigits('\\d{3} ?\\d{3} ?\\d{2,3}')).toBe(8);
    expect(minimumDigits('[STFGM]\\d{7}[A-Z]')).toBe(7);
    expect(minimumDigits('\\d?\\d{4}')).toBe(4);
    // Top-level alternatives give their least; '*' none; a lazy count keeps its least; classes
    // and groups are not counted (a lower bound is all a gate may ask).
    expect(minimumDigits('[A-Z]\\d{8}|\\d{9}')).toBe(8);
    expect(minimumDigits('\\d*-\\d{4}')).toBe(4);
    expect(minimumDigits('\\d{2,3}?\\d')).toBe(3);
    expect(minimumDigits('[|\\]]\\d{3}|\\d{5}')).toBe(3);
    expect(minimumDigits('(?:a|\\d)\\d{4}')).toBe(4);
    const found = createAnalyzer().analyze('Personnummer 670919-9530, sökande.');
    expect(found).toContainEqual(expect.objectContaining({ type: 'SE_PERSONNUMMER', start: 13, end: 24 }));
  });

  it('never ask for more digits than a valid vector of the type holds', () => {
    for (const r of nationalIdRecognizers) {
      const need = r.patterns[0]!.minDigits ?? 0;
      for (const v of readFixture<{ type: string; value: string; valid: boolean }>('validator-vectors.jsonl')) {
        if (!v.valid || !r.entityTypes.includes(v.type)) continue;
        const digits = (v.value.match(/\d/g) ?? []).length;
        if (createAnalyzer({ recognizers: [ungated(r)] }).analyze(v.value).length === 0) continue;
        expect(need, `${r.name} on ${v.value}`).toBeLessThanOrEqual(digits);
      }
    }
  });
});

/** The shape's features, computed the slow way. */
function naiveShape(text: string) {
  const pairs = (re: RegExp) => [...text.matchAll(re)].flatMap((m) => [m.index, m.index + m[0].length]);
  const clusterDigits = [...text.matchAll(/\d+(?:[ \-./+:]\d+)*/g)].map((m) => m[0].replace(/\D/g, '').length);
  const clusters = [...text.matchAll(/\d+(?:[ \-./+:]\d+)*/g)].flatMap((m) => {
    if (m[0].replace(/\D/g, '').length < MIN_CLUSTER_DIGITS) return [];
    const joiners = joinerBits([...new Set(m[0].replace(/\d/g, ''))].join(''));
    return [m.index, m.index + m[0].length, m[0].replace(/\D/g, '').length, joiners];
  });
  const runs = [...text.matchAll(/[A-Za-z0-9\u017f\u212a]+/g)].map((m) => m[0].length);
  const mask = [0, 0, 0, 0];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c < 128) mask[c >> 5]! |= 1 << (c & 31);
  }
  return {
    digits: (text.match(/\d/g) ?? []).length,
    longestRun: Math.max(0, ...runs),
    longestDigitRun: Math.max(0, ...(text.match(/\d+/g) ?? []).map((r) => r.length)),
    mostClusterDigits: Math.max(0, ...clusterDigits),
    m0: mask[0],
    m1: mask[1],
    m2: mask[2],
    m3: mask[3],
    digitRuns: pairs(new RegExp(`\\d{${MIN_DIGIT_RUN},}`, 'g')),
    clusters,
    longRuns: pairs(new RegExp(`[A-Za-z0-9\\u017f\\u212a]{${LONG_RUN},}`, 'g')),
    ascii: /^[\u0000-\u007f]*$/.test(text),
  };
}

describe('text shape', () => {
  it('equals the same features found by regular expressions', () => {
    const units = [
      ' ', '0', '7', '12', '2024', '123456789', '-', '.', '/', '+', ':', '--', ' .', ',', '_', 'a', 'Z', 'ſ', 'K', 'é',
      '𝒜', '\uDC00', '\n', '\u0000', '\u007f', 'abcdefghij',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 50 }), (parts) => {
        const text = parts.join('');
        const shape = measureText(text);
        const { text: _text, found: _found, ...features } = { ...shape, found: undefined };
        expect({ ...features }).toEqual(naiveShape(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the finder matches of a text, one scan per finder', () => {
    const finder = /ab+/g;
    const shape = measureText('xab abbb a b ab');
    expect(shape.found(finder)).toEqual([1, 3, 4, 8, 13, 15]);
    finder.lastIndex = 7;
    expect(shape.found(finder)).toEqual([1, 3, 4, 8, 13, 15]);
  });
});

describe('domain memo', () => {
  it('keeps the answers for reserved names apart from public-suffix answers', () => {
    for (let round = 0; round < 3; round++) {
      expect(isValidDomainName('shop.example', true)).toBe(true);
      expect(isValidDomainName('shop.example', false)).toBe(false);
      expect(isValidDomainName('mail.example.co.uk', false)).toBe(true);
      expect(isValidDomainName('natasha.schroeder', true)).toBe(false);
    }
  });

  it('stays correct past its size bound', () => {
    for (let i = 0; i < 5000; i++) expect(isValidDomainName(`host${i}.example.com`)).toBe(true);
    expect(isValidDomainName('host1.invalid-tld-zz')).toBe(false);
    expect(isValidDomainName('host1.example.com')).toBe(true);
  });
});
