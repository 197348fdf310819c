/**
 * The analyzer's shortcuts (gates that skip a pattern, the e-mail lead-in scan that tries only
 * plausible start positions, the scoped scans of windows around numbers, long tokens and month
 * names) must never change what is found: each is compared here with the plain global scan it
 * replaces, on random texts built from the characters that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import {
  defineBuiltinRecognizer,
  PatternRecognizer,
  type PatternSpec,
} from '../../src/detect/pattern-recognizer.js';
import type { Candidate } from '../../src/detect/recognizer.js';
import {
  emailRecognizer,
  macAddressRecognizer,
  patternRecognizers,
  urlRecognizer,
} from '../../src/detect/recognizers/index.js';
import { gluedAfter, gluedBefore } from '../../src/detect/recognizers/boundary.js';
import { LONG_RUN, measureText } from '../../src/detect/text-shape.js';

const keepAll = (m: { start: number; end: number }) => ({
  start: m.start,
  end: m.end,
  score: 1,
  validator: 'none' as const,
});

/**
 * Texts matching a shipped pattern: fast-check generates from patterns without the `i` flag, so
 * a case-insensitive pattern's texts are generated case-sensitively, then their letters' case
 * mixed.
 */
function matching(p: PatternSpec) {
  const ignoreCase = p.regex.startsWith('(?i)');
  const source = ignoreCase ? p.regex.slice(4) : p.regex;
  const texts = fc.stringMatching(new RegExp(source, 'u'));
  if (!ignoreCase) return texts;
  return fc.tuple(texts, fc.integer()).map(([text, bits]) =>
    [...text].map((ch, i) => ((bits >> i % 31) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join(''),
  );
}

/** Look-around, which fast-check cannot generate from: such patterns get random texts instead. */
const LOOK_AROUND = /\(\?<?[=!]/;

/** Random texts for a pattern (see `matching`), as many as fast-check draws. */
function textsFor(p: PatternSpec) {
  if (!LOOK_AROUND.test(p.regex)) return matching(p);
  const units = [' ', '1', '12', 'Apt.', 'Suite', 'Unit', 'Main', 'Street', 'Rue', 'Via', 'de', 'ul.', 'weg', 'a', ','];
  return textOf(units);
}

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

  it('every shipped lead-in scan matches its plain global scan (URL schemes, domains too)', () => {
    const withLeadIns = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.filter((p) => p.leadIn !== undefined));
    expect(withLeadIns.map((p) => p.name).sort()).toEqual(['domain', 'email', 'host', 'ipv6', 'provider-comma', 'scheme']);
    const units = ['a', 'Z', '7', '@', '.', '..', ' ', '-', '/', 'é', '𝒜', '\uDC00', 'com', 'ſ'];
    units.push('x'.repeat(70), ':', '::', 'fe80', '%', 'ABCDE');
    units.push('http', 'HtTpS', 'ftp', '://', 'httpſ', ':/', ',', 'gmail', '@gmail,com');
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

  it("a lead-in's nextFirst sets agree with its next test, whatever follows the character", () => {
    const declared = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.flatMap((p) => (p.leadIn?.nextFirst === undefined ? [] : [p.leadIn])));
    expect(declared.map((l) => l.char).sort()).toEqual(['.', ':']);
    const tails = ['', 'a', 'Z', '1', '1a', '-', '.', '..x', '//', '/', ' ', '\u212a', 'é', '𝟏x', '7'.repeat(600) + 'a'];
    for (const leadIn of declared) {
      const { passes, fails } = leadIn.nextFirst!;
      for (let c = 0; c < 128; c++) {
        const ch = String.fromCharCode(c);
        const verdict = passes.test(ch) ? true : fails.test(ch) ? false : undefined;
        if (verdict === undefined) continue;
        for (const tail of tails) {
          const text = `ab${leadIn.char}${ch}${tail}`;
          leadIn.next!.lastIndex = 2 + leadIn.char.length;
          expect(leadIn.next!.test(text), JSON.stringify(text)).toBe(verdict);
        }
      }
      // Past the end of the text the test fails, as the table says.
      leadIn.next!.lastIndex = 3;
      expect(leadIn.next!.test(`ab${leadIn.char}`)).toBe(false);
    }
  });

  it('URL domains whose first dot is followed by eight all-digit labels are still tried', () => {
    const p = urlRecognizer.patterns.find((q) => q.name === 'domain')!;
    const { leadIn: _unused, ...rest } = p;
    const fast = defineBuiltinRecognizer({
      name: 'x',
      entityType: 'X',
      patterns: [p],
      refine: keepAll,
    });
    const slow = defineBuiltinRecognizer({
      name: 'x',
      entityType: 'X',
      patterns: [rest as PatternSpec],
      refine: keepAll,
    });
    for (const digits of ['1', '7'.repeat(63)]) {
      for (let labels = 0; labels <= 9; labels++) {
        const text = `see a.${`${digits}.`.repeat(labels)}ab and 5.0.17 or 10.1.2.3`;
        const found = fast.analyzeHits(text, [0]);
        expect(found).toEqual(slow.analyzeHits(text, [0]));
        // Nine labels before the suffix at most: the first ("a") and eight more.
        expect(found[0]!.start === 'see '.length).toBe(labels <= 8);
      }
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

  it('MAC address gate: its hex classes without flags match what they match case-insensitively', () => {
    const p = macAddressRecognizer.patterns[0]!;
    const folded = new RegExp(p.needsMatch!.source.replace(/A-F/g, ''), 'iu');
    const units = ['a', 'F', 'f', 'E', '0', '9', ':', '-', '.', ' ', 'g', 'G', 'K', 'ſ', 'ﬀ', 'Ａ'];
    fc.assert(
      fc.property(textOf(units), (text) => {
        expect(p.needsMatch!.test(text)).toBe(folded.test(text));
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

  it('needsMatch gates (street words, URL domains, MAC addresses) pass every text the pattern matches', () => {
    const gated = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.filter((p) => p.needsMatch !== undefined))
      // The IPv6 gate asks what the validator accepts ("::" or six colons), not what the pattern
      // matches ("08:00:00"): ipv6-colon-gate.test.ts compares its findings with the ungated ones.
      .filter((p) => p.needsMatch!.constructor.name !== 'Ipv6ColonGate');
    const units = [
      ' ', ' ', '1', '12', '4', 'a', 'Z', '.', '-', ':', ',', '\n', 'é', 'Haupt', 'Bundes', 'straße', 'strasse', 'weg',
      'gata', 'út', ' u.', 'Király', 'Via', 'Rue', 'ul.', 'Calle', 'de', 'Street', 'St', 'Main', 'Apt', 'example', 'com',
      'ab', 'f0', '00',
    ];
    for (const p of gated) {
      const full = new RegExp(p.regex.replace(/^\(\?i\)/, ''), p.regex.startsWith('(?i)') ? 'iu' : 'u');
      fc.assert(
        fc.property(textOf(units), (text) => {
          if (full.test(text)) expect(p.needsMatch!.test(text)).toBe(true);
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('needsAll gates: every match of the pattern holds each of the characters', () => {
    const gated = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.filter((p) => p.needsAll !== undefined));
    expect(gated.length).toBeGreaterThanOrEqual(10);
    for (const p of gated) {
      const full = new RegExp(p.regex.replace(/^\(\?i\)/, ''), p.regex.startsWith('(?i)') ? 'giu' : 'gu');
      fc.assert(
        fc.property(textsFor(p), (text) => {
          for (const m of text.matchAll(full)) {
            for (const ch of p.needsAll!) expect(m[0]).toContain(ch);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('needsAny gates: every match of the pattern holds one of the characters', () => {
    const gated = patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.filter((p) => p.needsAny !== undefined))
      // Not a shortcut: this gate drops bare 7-9 digit numbers unless the text holds "/", "."
      // or "-" somewhere (it was there before the gates were checked this way).
      .filter((p) => p.regex !== '\\d{7,9}|\\d{4}-\\d{2}-\\d{4}|\\d{3}-\\d{3}-\\d{3}');
    expect(gated.length).toBeGreaterThanOrEqual(15);
    for (const p of gated) {
      const full = new RegExp(p.regex.replace(/^\(\?i\)/, ''), p.regex.startsWith('(?i)') ? 'giu' : 'gu');
      fc.assert(
        fc.property(textsFor(p), (text) => {
          for (const m of text.matchAll(full)) {
            expect([...p.needsAny!].some((ch) => m[0].includes(ch))).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('a fiscal code in a sentence passes the run gate and is found', () => {
    const analyzer = createAnalyzer({ entities: ['IT_FISCAL_CODE'] });
    expect(analyzer.analyze('cf MRTMTT25D09F205Z ok').map((f) => f.type)).toEqual(['IT_FISCAL_CODE']);
  });
});

describe('scoped scans (near, long minRun) on the windows of the text shape', () => {
  const scoped = patternRecognizers
    .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
    .flatMap((r) =>
      r.patterns
        .filter((p) => p.near !== undefined || (p.minRun ?? 0) >= LONG_RUN)
        .map((p) => ({ id: `${r.name}/${p.name}`, p })),
    );
  // Digits, every joiner, letters the patterns take before and after numbers, month and weekday
  // names (whole, cut, inside words, in other cases), surrogates and the letters folding onto ASCII.
  const units = [
    '0', '1', '2', '4', '9', '12', '123', '1234', '19', '20', '2024', '12345678', '90123456789',
    ' ', ' ', '-', '.', '/', '+', ':', ',', '\n', '\t', '#', 'T', 'Z', 'A', 'D', 'X', 'IT', 'S', 'L', 'x', 'a', 'b',
    'é', '𝒜', '\uDC00', 'ſ', 'K', 'March', 'mar', 'mars', 'MAY', 'sept.', 'Sept', 'of', 'st', 'at', 'pm', 'a.m.',
    'Wednesday', 'mercoledì', 'martes', 'Donnerstag', 'septiembre', 'Omar', 'dec', 'MRTMTT25D09F205Z', 'bc1q', '0x',
    // The bech32 run test's edges: its prefixes in every case, a "1" before them, six characters after.
    'TB1', 'bC1', 'Bc', 'tb', 'qqqqqq', 'qqqqq',
    // Pieces that reach the edges of the windows: the longest prefixes and suffixes each
    // pattern allows around its digits or its month name.
    '1234567', 'X-', 'Y', '-A', 'IT ', 'AB ', '31st of ', '12th ', 'Wednesday, ', ', 2024', ' at 10:30:00 p.m.',
    'T10:30:00.123456789+01:00', '2024-03-05', '131052-308T', 'Z', ' UTC', '+01:00',
    // Whole matches of the greatest reach before and after their digits or month name.
    'X-1234567-A', 'IT 12345678901', 'A12345678', 'AB1234567', '123AB4567', '12345678AB', 'AB 12 34 56 C', 'S1234567D',
    '12345678-Z', 'Wednesday, septiembre 31st, 2024, at 10:30:00 p.m.', '31st of septiembre, 2024', 'Donnerstag',
  ];

  it('covers the shipped patterns', () => {
    expect(scoped.length).toBeGreaterThanOrEqual(30);
  });

  const scopedCases = scoped.map((s) => [s.id, s.p] as const);
  it.each(scopedCases)('%s finds exactly the plain global scan matches', (_id, spec) => {
    // `accepts` is a claim about the recognizer's own refinement, checked below.
    const { accepts: _claim, ...p } = spec;
    const r = defineBuiltinRecognizer({ name: 'x', entityType: 'X', patterns: [p], refine: keepAll });
    const check = (text: string) => {
      const windowed: Candidate[] = [];
      r.analyzeHitsInto(text, [0], windowed, measureText(text));
      expect(windowed).toEqual(r.analyzeHits(text, [0]));
    };
    fc.assert(fc.property(textOf(units), check), { numRuns: 1500 });
    for (const unit of ['1', '1 ', '1-', '12.', 'Aa1 ', 'march 1 ', 'x']) check(unit.repeat(400));
  });

  // `accepts` drops the groups of windows where no match the refinement accepts can lie: with
  // the recognizer's own refinement, which drops every match found there, the findings are those
  // of the plain global scan.
  const claimed = patternRecognizers
    .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
    .filter((r) => r.patterns.some((p) => p.accepts !== undefined));
  // Runs of every length up to 20 digits, glued or not to what is around them.
  const digitUnits = [
    ...units,
    ...Array.from({ length: 20 }, (_, i) => '1234567890'.repeat(2).slice(0, i + 1)),
    '0.', '_', 'a', '4111 1111 1111 1111', '4111-1111-1111-1111', '123-45-6789', '123 456 789',
    '1 377-416-3268', '123456-7890', '19', '20', '1999', '2024', '$', '#', 'AB', 'ABCDE', 'IT', 'T',
  ];
  const around = fc.constantFrom('', ' ', '-', '.', '1', '1 ', '1-', 'a', 'A', ' 12 ', '0.', ':');

  it('is declared on the shipped identifiers', () => {
    const declared = claimed.flatMap((r) => r.patterns.filter((p) => p.accepts !== undefined));
    expect(declared.length).toBeGreaterThanOrEqual(30);
  });

  const claimedCases = claimed.map((r) => [r.name, r] as const);
  it.each(claimedCases)('accepts (%s) keeps the plain global scan findings', (_name, r) => {
    const all = r.patterns.map((_, i) => i);
    const check = (text: string) => {
      const windowed: Candidate[] = [];
      r.analyzeHitsInto(text, all, windowed, measureText(text));
      expect(windowed).toEqual(r.analyzeHits(text, all));
    };
    fc.assert(fc.property(textOf(digitUnits), check), { numRuns: 3000 });
    // Matching texts of each pattern, alone, glued and chained to more digits, and two in a row.
    for (const p of r.patterns.filter((q) => q.accepts !== undefined)) {
      fc.assert(
        fc.property(around, matching(p), around, matching(p), (a, m, b, m2) => {
          check(`${a}${m}${b}`);
          check(`${a}${m}${b}${m2}${a}`);
        }),
        { numRuns: 1000 },
      );
    }
    for (const unit of ['1', '1 ', '1-', '12.', '1234 ', '123456789 ', '1-1 ', 'A1234567 ']) {
      check(unit.repeat(400));
    }
  });

  /** The maximal run of ASCII digits of `text` holding position `at`. */
  function runAt(text: string, at: number): [number, number] {
    let start = at;
    let end = at;
    while (start > 0 && /[0-9]/.test(text[start - 1]!)) start--;
    while (end < text.length && /[0-9]/.test(text[end]!)) end++;
    return [start, end];
  }

  /** The claim of `accepts`, checked on one accepted match [start, end). */
  function checkClaim(p: PatternSpec, text: string, start: number, end: number): void {
    const { digits: [lo, hi], alone } = p.accepts!;
    const near = p.near!;
    const value = text.slice(start, end);
    let first: number;
    let last: number;
    if ('digitRun' in near) {
      // The run holding `digitRun` consecutive digits of the match lies whole in it.
      const at = start + value.search(new RegExp(`[0-9]{${near.digitRun}}`));
      [first, last] = runAt(text, at);
    } else {
      // The match's digits are whole runs (the chain holding them is the window, see `near`).
      first = runAt(text, start + value.search(/[0-9]/))[0];
      last = runAt(text, start + value.length - 1 - [...value].reverse().join('').search(/[0-9]/))[1];
    }
    expect(first).toBeGreaterThanOrEqual(start);
    expect(last).toBeLessThanOrEqual(end);
    const digits = text.slice(first, last).replace(/[^0-9]/g, '').length;
    expect(digits).toBeGreaterThanOrEqual(lo);
    expect(digits).toBeLessThanOrEqual(hi);
    if (alone === 'both' || alone === 'start') {
      expect(first).toBe(start);
      expect(gluedBefore(text, first, 'separates')).toBe(false);
    }
    if (alone === 'both' || alone === 'end') {
      expect(last).toBe(end);
      expect(gluedAfter(text, last, 'separates')).toBe(false);
    }
  }

  it('a match the shipped recognizers accept holds what their accepts declares', () => {
    let checkedPatterns = 0;
    for (const r of claimed) {
      r.patterns.forEach((p, i) => {
        if (p.accepts === undefined) return;
        let accepted = 0;
        fc.assert(
          fc.property(around, matching(p), around, (a, m, b) => {
            const text = `${a}${m}${b}`;
            for (const c of r.analyzeHits(text, [i])) {
              accepted++;
              checkClaim(p, text, c.start, c.end);
            }
          }),
          { numRuns: 1000 },
        );
        if (accepted > 0) checkedPatterns++;
      });
    }
    // Most checksums pass one random number in ten or eleven, so most patterns have some of
    // their matches accepted here (IDs holding a date, or the German tax ID's digit-repeat rule,
    // are accepted far more rarely: measured 25-28 of the 31 patterns per run).
    expect(checkedPatterns).toBeGreaterThanOrEqual(20);
  });

  // `near.only` narrows a cluster to its chains joined by the given joiners alone: an ID written
  // with spaces is not looked for in "1 377-416-3268". Declared on patterns of this shape.
  const onlySpecs: PatternSpec[] = [
    { name: 'spaces', near: { cluster: 9, only: ' ', before: 0, after: 0 }, regex: '\\d{3} ?\\d{3} ?\\d{3}', score: 1 },
    {
      name: 'three-joiners',
      near: { cluster: 9, only: ' -.', before: 0, after: 0 },
      regex: '\\d{3}[- .]?\\d{2}[- .]?\\d{4}',
      score: 1,
    },
    {
      name: 'letters-around',
      near: { cluster: 6, only: ' ', before: 3, after: 2 },
      regex: '[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]',
      score: 1,
    },
    { name: 'plus', near: { cluster: 10, only: '-+', before: 0, after: 0 }, regex: '\\d{6}[-+]\\d{4}', score: 1 },
  ];

  it.each(onlySpecs.map((p) => [p.name, p] as const))('near.only (%s) finds the plain global scan matches', (_name, p) => {
    const r = defineBuiltinRecognizer({ name: 'x', entityType: 'X', patterns: [p], refine: keepAll });
    const check = (text: string) => {
      const windowed: Candidate[] = [];
      r.analyzeHitsInto(text, [0], windowed, measureText(text));
      expect(windowed).toEqual(r.analyzeHits(text, [0]));
    };
    const chains = [...units, '123 456 789', '123-45-6789', '1 377-416-3268', '123456-7890', 'AB 12 34 56 C', ' 12'];
    fc.assert(fc.property(textOf(chains), check), { numRuns: 1500 });
    // Chains that qualify next to ones that do not, in one cluster.
    for (const text of ['1-2 123 456 789', 'x 1-123 456 789 y', '123 456 789-1 2 3', 'AB 12 34 56-7 C']) check(text);
  });
});
