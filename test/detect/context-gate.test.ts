/**
 * The context gate: recognizers whose candidates all score below their threshold (`maxScore`)
 * are skipped on texts that hold none of their context words. Skipping must never change what is
 * found: the gated analyzer is compared with one that runs every recognizer on every text (each
 * wrapped as a plain recognizer, which the analyzer runs without gates), on identifiers framed
 * by their context words in every case, plural and spacing, on random texts built from the
 * pieces that matter, and under configurations that gate fewer or other recognizers.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer, type AnalyzerConfig } from '../../src/detect/analyzer.js';
import { buildContextGate, buildContextIndex, contextGateMask } from '../../src/detect/context.js';
import { defineBuiltinRecognizer, PatternRecognizer } from '../../src/detect/pattern-recognizer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { defaultRecognizers, patternRecognizers } from '../../src/detect/recognizers/index.js';
import { seededRandom } from '../helpers/random.js';
import { readFixture } from './helpers.js';

/** The same recognizer, not a `PatternRecognizer`: the analyzer runs all of it on every text. */
function plain(r: Recognizer): Recognizer {
  const contextByLanguage = (r as { contextByLanguage?: Record<string, readonly string[]> }).contextByLanguage;
  return {
    name: r.name,
    entityTypes: r.entityTypes,
    ...(r.context === undefined ? {} : { context: r.context }),
    ...(contextByLanguage === undefined ? {} : { contextByLanguage }),
    analyze: (text, options) => r.analyze(text, options),
  } as Recognizer;
}

const gated = patternRecognizers.filter(
  (r): r is PatternRecognizer => r instanceof PatternRecognizer && r.maxScore !== undefined && r.maxScore < 0.5,
);

/** The gated recognizers' context entries. */
const CONTEXT = [...new Set(gated.flatMap((r) => [...(r.context ?? []), ...Object.values(r.contextByLanguage).flat()]))];

function variants(word: string, random: () => number): string {
  const pick = random();
  if (pick < 0.2) return word.toUpperCase();
  if (pick < 0.35) return word[0]!.toUpperCase() + word.slice(1);
  if (pick < 0.5) return `${word}s`;
  if (pick < 0.6) return word.replace(/ /g, random() < 0.5 ? ' - ' : ',\n');
  if (pick < 0.65) return `x${word}`;
  if (pick < 0.7) return `${word}_`;
  if (pick < 0.75) return `${word}\u0301`;
  if (pick < 0.8) return word.replace(/i/g, '\u0130');
  return word;
}

// The last three are backslash escapes written out (a JSON string logged as a string), which
// separate an identifier from the word before it (recognizers/boundary.ts).
const SEPARATORS = [' ', ': ', ' #', ', ', '\n', ' is ', '=', ' no. ', '', '(', ') ', '\\n', ':\\t', '=\\"'];

/** Identifiers from the validator vectors, valid or not, by type. */
const vectors = readFixture<{ type: string; value: string }>('validator-vectors.jsonl');
const byType = new Map<string, string[]>();
for (const v of vectors) byType.set(v.type, [...(byType.get(v.type) ?? []), v.value]);

/** A gated recognizer's context word next to an identifier of its own type (70%), or any. */
function framed(random: () => number): string {
  const r = gated[Math.floor(random() * gated.length)]!;
  const words = [...(r.context ?? []), ...Object.values(r.contextByLanguage).flat()];
  const own = r.entityTypes.flatMap((t) => byType.get(t) ?? []);
  const values = own.length > 0 && random() < 0.7 ? own : vectors.map((v) => v.value);
  const word = variants(words[Math.floor(random() * words.length)]!, random);
  const value = values[Math.floor(random() * values.length)]!;
  const sep = SEPARATORS[Math.floor(random() * SEPARATORS.length)]!;
  const filler = random() < 0.3 ? ' and then some more words here'.repeat(Math.floor(random() * 3)) : '';
  return random() < 0.7 ? `${word}${sep}${filler}${value}` : `${value}${filler}${sep}${word}`;
}

function compare(config: AnalyzerConfig, texts: readonly string[]): number {
  const gatedAnalyzer = createAnalyzer(config);
  const reference = createAnalyzer({ ...config, recognizers: defaultRecognizers().map(plain) });
  let findings = 0;
  for (const text of texts) {
    const expected = reference.analyze(text, {});
    expect(gatedAnalyzer.analyze(text, {}), text).toEqual(expected);
    findings += expected.length;
  }
  return findings;
}

function gatedTypesFound(texts: readonly string[]): number {
  const types = new Set(gated.flatMap((r) => r.entityTypes));
  const analyzer = createAnalyzer();
  let n = 0;
  for (const text of texts) n += analyzer.analyze(text).filter((f) => types.has(f.type)).length;
  return n;
}

describe('context gate', () => {
  it('gates the weak identifiers of the default recognizers', () => {
    expect(gated.map((r) => r.name)).toEqual(
      expect.arrayContaining(['us-bank-number', 'us-passport', 'au-tfn', 'ca-sin', 'uk-nhs', 'za-id']),
    );
    expect(gated.length).toBeGreaterThanOrEqual(15);
  });

  it('finds what the ungated analyzer finds, on identifiers framed by context words', () => {
    const random = seededRandom(20261205);
    const texts = Array.from({ length: 6000 }, () => framed(random));
    // The frames do reach the gated types: a comparison over texts where they find nothing
    // would prove nothing.
    expect(gatedTypesFound(texts)).toBeGreaterThan(300);
    expect(compare({}, texts)).toBeGreaterThan(3000);
    expect(compare({ explain: true, languages: ['en', 'de', 'fr', 'es', 'it'] }, texts.slice(0, 2000))).toBeGreaterThan(1000);
    // A threshold that lets a weak type through on its own takes it out of the gate.
    compare({ thresholds: { AU_ABN: 0.3, US_BANK_NUMBER: 0.1 }, contextWindow: { before: 1, after: 0 } }, texts.slice(0, 2000));
  });

  it('finds what the ungated analyzer finds, on random texts of the pieces that matter', () => {
    const random = seededRandom(7);
    const pieces = [
      ...CONTEXT.slice(0, 40),
      'ABN',
      'Tax File',
      'TAX\tfile',
      'id_number',
      'identity',
      'numbers',
      'x',
      '51 824 753 556',
      '123 456 782',
      '046 454 286',
      '943 476 5919',
      '7501011234086',
      '12345678901',
      '10000000146',
      '2345678901',
      'A12345678',
      '.'.repeat(70),
      'q'.repeat(70),
      '\u0301',
      'é',
      '_',
      '-',
    ];
    const texts: string[] = [];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const parts = 1 + Math.floor(random() * 24);
      for (let p = 0; p < parts; p++) text += pieces[Math.floor(random() * pieces.length)]! + (random() < 0.7 ? ' ' : '');
      texts.push(text);
    }
    expect(gatedTypesFound(texts)).toBeGreaterThan(100);
    compare({}, texts);
    compare({ explain: true, contextWindow: { before: 8, after: 6 } }, texts);
  });

  it('finds what the ungated analyzer finds on the Presidio set', () => {
    const texts = readFixture<{ text: string }>('presidio-synth-v2.jsonl').map((g) => g.text);
    expect(compare({}, texts)).toBeGreaterThan(2000);
  });

  it('looks for whole words in any case, plurals, and a phrase\'s first two words together', () => {
    const gate = buildContextGate([
      buildContextIndex(['account']),
      buildContextIndex(['tax file number']),
      buildContextIndex(['tax']),
      buildContextIndex(['file']),
      buildContextIndex(['téléphone']),
    ]);
    expect(contextGateMask('ACCOUNTS 12345678', gate, true)).toBe(0b1);
    expect(contextGateMask('accountant 12345678', gate, true)).toBe(0);
    expect(contextGateMask('my Tax -- File no', gate, true)).toBe(0b1110);
    expect(contextGateMask('tax, filed', gate, true)).toBe(0b100);
    expect(contextGateMask('taxfile', gate, true)).toBe(0);
    expect(contextGateMask('prefile', gate, true)).toBe(0);
    // An entry beyond ASCII counts in any text beyond ASCII.
    expect(contextGateMask('numéro 12', gate, false)).toBe(0b10000);
  });

  it('groups its keys by first letter, and finds what the flat alternation of them finds', () => {
    const gate = buildContextGate(gated.map((r) => buildContextIndex(r.context ?? [])));
    const source = gate.keys!.source;
    // One branch per first letter ("a(?:ccount|cct|...)"), not every key tried at each word.
    expect(source).toMatch(/\|a\(\?:|\(\?:a\(\?:/);
    const keys = [...gate.bits.keys()].map((key) => key.replace(' ', '[^A-Za-z0-9]+'));
    const longestFirst = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : 1);
    const flatKeys = [...keys.filter((k) => k.includes('[')).sort(longestFirst), ...keys.filter((k) => !k.includes('[')).sort(longestFirst)];
    const flat = new RegExp(`(?:^|[^A-Za-z0-9])(?:${flatKeys.join('|')})(?:s|\\d\\d?)?(?![A-Za-z0-9])`, 'gi');
    const flatGate = { ...gate, keys: flat };
    const random = seededRandom(12);
    const pieces = [...CONTEXT, 'Tax File', 'NATIONAL  id', 'abas', 'dls', 'x', '12', '_', '-', ' ', 'é', 'ſ', 'K'];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const parts = 1 + Math.floor(random() * 12);
      for (let p = 0; p < parts; p++) text += pieces[Math.floor(random() * pieces.length)]! + (random() < 0.6 ? ' ' : '');
      expect(contextGateMask(text, gate, true)).toBe(contextGateMask(text, flatGate, true));
    }
  });

  it('scans hostile inputs in time linear in their length', () => {
    const gate = buildContextGate(gated.map((r) => buildContextIndex(r.context ?? [])));
    // The best of three rounds, so that a collection or another process's burst on a loaded
    // machine does not count as the scan's own time.
    const time = (text: string): number => {
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const started = performance.now();
        for (let k = 0; k < 5; k++) contextGateMask(text, gate, true);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    for (const unit of ['tax ', 'tax' + ' '.repeat(50), 'passport-', 'id ', 'a', ' ']) {
      const small = unit.repeat(Math.ceil(20_000 / unit.length));
      const large = unit.repeat(Math.ceil(200_000 / unit.length));
      time(small);
      // Ten times the input: well under a hundred times the time (a quadratic scan).
      expect(time(large)).toBeLessThan(40 * time(small) + 20);
    }
  });

  it('holds a recognizer with maxScore to it: higher scores lowered, glued candidates dropped', () => {
    const r = defineBuiltinRecognizer({
      name: 'test-capped',
      entityType: 'TEST_CAPPED',
      patterns: [{ name: 'digits', regex: '\\d{6}', score: 0.9 }],
      refine: (m) => ({ start: m.start, end: m.end, score: 0.95, validator: 'none' }),
      maxScore: 0.4,
    });
    expect(r.analyze('id 123456 and x123456', {}).map((c) => [c.start, c.score])).toEqual([[3, 0.4]]);
  });
});
