/**
 * The analyzer's shortcuts (gates that skip a pattern, the e-mail lead-in scan that tries only
 * plausible start positions) must never change what is found: each is compared here with the
 * plain global scan it replaces, on random texts built from the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import {
  defineBuiltinRecognizer,
  PatternRecognizer,
  type PatternSpec,
} from '../../src/detect/pattern-recognizer.js';
import { emailRecognizer, macAddressRecognizer, patternRecognizers } from '../../src/detect/recognizers/index.js';

const keepAll = (m: { start: number; end: number }) => ({
  start: m.start,
  end: m.end,
  score: 1,
  validator: 'none' as const,
});

function textOf(units: readonly string[]) {
  return fc.array(fc.constantFrom(...units), { maxLength: 60 }).map((parts) => parts.join(''));
}

describe('e-mail lead-in scan', () => {
  const spec = emailRecognizer.patterns[0]!;
  const { leadIn, ...plainSpec } = spec;
  const withLeadIn = defineBuiltinRecognizer({ name: 'e', entityType: 'E', patterns: [spec], refine: keepAll });
  const plain = defineBuiltinRecognizer({
    name: 'e',
    entityType: 'E',
    patterns: [plainSpec as PatternSpec],
    refine: keepAll,
  });

  it('is declared on the shipped e-mail pattern', () => {
    expect(leadIn?.char).toBe('@');
  });

  it('finds exactly the matches of the plain global scan', () => {
    const units = ['a', 'Z', '7', '@', '.', ' ', '-', '_', "'", 'é', '𝒜', '\uD800', '\uDC00', ',', 'ſ'];
    units.push('x'.repeat(70));
    fc.assert(
      fc.property(textOf(units), (text) => {
        expect(withLeadIn.analyzeHits(text, [0])).toEqual(plain.analyzeHits(text, [0]));
      }),
      { numRuns: 3000 },
    );
  });

  it('every shipped lead-in scan matches its plain global scan (URL domains too)', () => {
    const withLeadIns = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.filter((p) => p.leadIn !== undefined));
    expect(withLeadIns.map((p) => p.name).sort()).toEqual(['domain', 'email', 'ipv6']);
    const units = ['a', 'Z', '7', '@', '.', '..', ' ', '-', '/', 'é', '𝒜', '\uDC00', 'com', 'ſ'];
    units.push('x'.repeat(70), ':', '::', 'fe80', '%', 'ABCDE');
    for (const p of withLeadIns) {
      const { leadIn: _unused, ...rest } = p;
      const fast = defineBuiltinRecognizer({ name: 'x', entityType: 'X', patterns: [p], refine: keepAll });
      const slow = defineBuiltinRecognizer({
        name: 'x',
        entityType: 'X',
        patterns: [rest as PatternSpec],
        refine: keepAll,
      });
      fc.assert(
        fc.property(textOf(units), (text) => {
          expect(fast.analyzeHits(text, [0])).toEqual(slow.analyzeHits(text, [0]));
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('finds addresses next to each other and after long local parts', () => {
    const text = `${'y'.repeat(100)}@example.com a@b.co,c@d.org`;
    expect(withLeadIn.analyzeHits(text, [0])).toEqual(plain.analyzeHits(text, [0]));
    expect(withLeadIn.analyzeHits(text, [0]).length).toBe(3);
  });
});

describe('pattern gates never reject a text the pattern matches', () => {
  it('MAC address gate', () => {
    const p = macAddressRecognizer.patterns[0]!;
    const full = new RegExp(p.regex.slice(4), 'iu');
    fc.assert(
      fc.property(textOf(['a', 'F', '0', '9', ':', '-', '.', ' ', 'g', 'K']), (text) => {
        if (full.test(text)) expect(p.needsMatch!.test(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('minRun gates: a match is one run of ASCII letters, digits and the two letters folding onto them', () => {
    const gated = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.filter((p) => p.minRun !== undefined));
    expect(gated.length).toBeGreaterThanOrEqual(7);
    const longestRun = (text: string) =>
      Math.max(0, ...(text.match(/[A-Za-z0-9\u017f\u212a]+/g) ?? []).map((r) => r.length));
    for (const p of gated) {
      const full = new RegExp(p.regex.replace(/^\(\?i\)/, ''), p.regex.startsWith('(?i)') ? 'iu' : 'u');
      // Texts that do match: a match (upper case for (?i) patterns) between random separators.
      fc.assert(
        fc.property(fc.stringMatching(new RegExp(full.source)), textOf([' ', '-', '.', 'é']), (m, sep) => {
          const text = `${sep}${m}${sep}`;
          if (full.test(text)) expect(longestRun(text)).toBeGreaterThanOrEqual(p.minRun!);
        }),
        { numRuns: 300 },
      );
    }
    // Under case-insensitive Unicode matching only these two non-ASCII code units fold into [A-Z0-9].
    const folding: string[] = [];
    for (let c = 128; c < 0x10000; c++) {
      if (/[A-Z0-9]/iu.test(String.fromCharCode(c))) folding.push(c.toString(16));
    }
    expect(folding).toEqual(['17f', '212a']);
  });

  it('a fiscal code in a sentence passes the run gate and is found', () => {
    const analyzer = createAnalyzer({ entities: ['IT_FISCAL_CODE'] });
    expect(analyzer.analyze('cf MRTMTT25D09F205Z ok').map((f) => f.type)).toEqual(['IT_FISCAL_CODE']);
  });
});
