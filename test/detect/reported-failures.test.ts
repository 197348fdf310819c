/**
 * The detection and validator cases of shared/cases/reported-failures.jsonl (copied into
 * fixtures/), each checked against its expected value.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { isValidIban } from '../../src/detect/validators/iban.js';
import { validators } from '../../src/detect/validators/index.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { readFixture } from './helpers.js';

type Case = { id: string; input: any; expected: any };
const cases = new Map(readFixture<Case>('reported-failures.jsonl').map((c) => [c.id, c]));
const caseOf = (id: string): Case => {
  const c = cases.get(id);
  if (c === undefined) throw new Error(`fixture lacks ${id}`);
  return c;
};
const spans = (text: string, findings: { type: string; start: number; end: number }[]) =>
  findings.map((f) => ({ type: f.type, start: f.start, end: f.end, text: text.slice(f.start, f.end) }));

const all = createAnalyzer();

describe('reported failures: detection', () => {
  it('BR-01: digits inside a GUID or a hex id are not a phone number', () => {
    const c = caseOf('BR-01');
    const analyzer = createAnalyzer({ entities: c.input.entities_requested });
    for (const expected of c.expected.per_text) {
      expect(analyzer.analyze(expected.text)).toEqual([]);
      expect(all.analyze(expected.text).filter((f) => f.type === 'PHONE_NUMBER')).toEqual([]);
    }
  });

  it('BR-02: Luhn-valid cards with separators are one CREDIT_CARD; Luhn-invalid ones are not cards', () => {
    const c = caseOf('BR-02');
    for (const expected of c.expected.per_text) {
      const found = spans(expected.text, all.analyze(expected.text));
      if (expected.entities !== undefined) {
        expect(found).toEqual(expected.entities);
      } else {
        expect(found.filter((f) => f.type === 'CREDIT_CARD')).toEqual(expected.entities_of_type_CREDIT_CARD);
      }
    }
  });

  it('BR-05 (detection side): a card glued to ".com" leaves no fragment of either span', () => {
    const text: string = caseOf('BR-05').input.text;
    const found = all.analyze(text);
    const covered = (from: number, to: number) =>
      found.some((f) => f.start <= from && to <= f.end);
    // The card digits and the ".com" the URL recognizer sees are covered by one span.
    expect(covered(17, 40)).toBe(true);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  });

  it('BR-07: e-mail addresses with punycode and raw IDN domains are one span', () => {
    const c = caseOf('BR-07');
    const analyzer = createAnalyzer({ entities: c.input.entities_requested });
    for (const expected of c.expected.per_text) {
      expect(spans(expected.text, analyzer.analyze(expected.text))).toEqual(expected.entities);
    }
  });

  it('BR-08: SSN areas 000, 666 and 900-999 are refused, 899 is accepted', () => {
    const c = caseOf('BR-08');
    const analyzer = createAnalyzer({ entities: c.input.entities_requested });
    for (const expected of c.expected.per_text) {
      const found = spans(expected.text, analyzer.analyze(expected.text));
      expect(found).toEqual(expected.entities ?? expected.entities_of_type_US_SSN);
    }
  });

  it('BR-09: the digits of a decimal fraction are neither a card nor a phone number', () => {
    const c = caseOf('BR-09');
    const patternsOnly = createAnalyzer({ recognizers: patternRecognizers });
    expect(patternsOnly.analyze(c.input.text)).toEqual(c.expected.entities);
    // With every default recognizer too (the AGE lexicon once fired inside `age41_59`).
    expect(all.analyze(c.input.text)).toEqual(c.expected.entities);
  });

  it('BR-10: checksum-valid IBANs of every registry country are found, compact or grouped', () => {
    const c = caseOf('BR-10');
    const analyzer = createAnalyzer({ entities: c.input.entities_requested });
    for (const expected of c.expected.per_text) {
      expect(spans(expected.text, analyzer.analyze(expected.text))).toEqual(expected.entities);
    }
    for (const [value, valid] of Object.entries(c.expected.validator)) expect(isValidIban(value)).toBe(valid);
  });

  it('BR-12: IBAN check digits 00, 01 and 99 are never valid', () => {
    const c = caseOf('BR-12');
    for (const [value, valid] of Object.entries(c.expected.validator)) expect(isValidIban(value)).toBe(valid);
    for (const expected of c.expected.per_text) {
      expect(all.analyze(expected.text).filter((f) => f.type === 'IBAN_CODE')).toEqual([]);
    }
  });

  it('BR-13: every validator answers false for malformed input and never throws; analyze never throws', () => {
    const c = caseOf('BR-13');
    const strings: string[] = c.input.strings.map((s: string | { repeat: string; count: number }) =>
      typeof s === 'string' ? s : s.repeat.repeat(s.count),
    );
    const oddInputs: unknown[] = [undefined, null, 42, {}, [], Symbol('x')];
    for (const [name, validate] of Object.entries(validators)) {
      for (const s of strings) {
        expect(() => validate(s), `${name}`).not.toThrow();
        expect(validate(s), `${name} on a malformed string of length ${s.length}`).toBe(false);
      }
      for (const odd of oddInputs) expect(validate(odd as string)).toBe(false);
    }
    expect(isValidIban('0001')).toBe(false);
    for (const s of strings) expect(() => all.analyze(s)).not.toThrow();

    const long = '9'.repeat(5000);
    const started = performance.now();
    all.analyze(long);
    // Recommended: well under 100 ms. A generous ceiling for a shared CI machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
