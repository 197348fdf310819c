import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { applyOperators, resolvePieces } from '../../src/anonymize/anonymize-text.js';
import type { Finding } from '../../src/detect/recognizer.js';
import type { PreparedOperator } from '../../src/anonymize/operator.js';

// BR-05 from shared/cases/reported-failures.jsonl: injected, partially overlapping findings.
const BR05 = 'Fake card number 4111 1111 1111 1111.com that overlaps with nonexisting URL.';
const BR05_FINDINGS: Finding[] = [
  { type: 'CREDIT_CARD', start: 17, end: 36, score: 1 },
  { type: 'URL', start: 32, end: 40, score: 0.6 },
];

describe('anonymize: partially overlapping findings (BR-05)', () => {
  it('keep gives back the original sentence', async () => {
    const anonymizer = await createAnonymizer({ default: { operator: 'keep' } });
    expect(anonymizer.text(BR05, BR05_FINDINGS)).toBe(BR05);
  });

  it('replace leaves no fragment of either entity', async () => {
    const anonymizer = await createAnonymizer({ default: { operator: 'replace' } });
    const out = anonymizer.text(BR05, BR05_FINDINGS);
    expect(out).toMatch(/^Fake card number (<[A-Z_]+>)+ that overlaps with nonexisting URL\.$/);
    for (const bad of ['4111', '1111', '.com that']) expect(out).not.toContain(bad);
    expect(out).toBe('Fake card number <CREDIT_CARD><URL> that overlaps with nonexisting URL.');
  });

  it('hands every operator call an unmodified substring of the original text', () => {
    const seen: string[] = [];
    const spy: PreparedOperator = {
      anonymize: (value) => {
        seen.push(value);
        return `<${value.length}>`;
      },
    };
    const out = applyOperators(BR05, BR05_FINDINGS, { forType: () => spy }).text;
    expect(seen).toEqual(['4111 1111 1111 1111', '.com']);
    expect(out).toBe('Fake card number <19><4> that overlaps with nonexisting URL.');
  });

  it('covers every finding character exactly once, for any findings (property)', () => {
    const findingArb = fc
      .tuple(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([start, len, score]): Finding => ({ type: 'T', start, end: start + len, score }));
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 8 }), (findings) => {
        const pieces = resolvePieces(findings);
        const covered = new Set<number>();
        for (const f of findings) for (let i = f.start; i < f.end; i++) covered.add(i);
        const seen = new Set<number>();
        let last = -1;
        for (const p of pieces) {
          expect(p.start).toBeGreaterThanOrEqual(last);
          expect(p.start).toBeGreaterThanOrEqual(p.finding.start);
          expect(p.end).toBeLessThanOrEqual(p.finding.end);
          for (let i = p.start; i < p.end; i++) {
            expect(seen.has(i)).toBe(false);
            seen.add(i);
          }
          last = p.end;
        }
        expect([...seen].sort((a, b) => a - b)).toEqual([...covered].sort((a, b) => a - b));
      }),
    );
  });

  it('gives disjoint findings their whole spans, in any input order (property)', () => {
    // Gaps and lengths build disjoint spans; the analyzer's order (by start) takes the linear
    // path of resolvePieces, the reversed order the ranked one: both must agree.
    const spansArb = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(0.4, 0.85, 1),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(spansArb, (spans) => {
        const findings: Finding[] = [];
        let cursor = 0;
        for (const [gap, len, score] of spans) {
          const start = cursor + gap;
          findings.push({ type: `T${findings.length % 3}`, start, end: start + len, score });
          cursor += gap + len;
        }
        const expected = findings.map((f) => ({ finding: f, start: f.start, end: f.end }));
        expect(resolvePieces(findings)).toEqual(expected);
        expect(resolvePieces([...findings].reverse())).toEqual(expected);
      }),
    );
  });
});
