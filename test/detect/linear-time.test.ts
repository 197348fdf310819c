/**
 * No input, and no user-supplied pattern, makes detection super-linear. Each hostile input is
 * analysed at two sizes, n and 4n; a linear detector takes about 4x as long, a quadratic one
 * 16x. The ceiling (10x, on the best of five CPU-time runs) leaves room for a shared CI machine while
 * still failing any quadratic behaviour. Every vetted pattern that runs on V8's backtracking
 * engine is also checked on its own, on inputs made of the characters it consumes.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer, type Analyzer } from '../../src/detect/analyzer.js';
import { PatternRecognizer } from '../../src/detect/pattern-recognizer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';

/** Best of five CPU times in ms (CPU time, not wall time: the CI machine is shared). */
function bestOf5(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return Math.max(best, 1);
}

function growth(analyzer: Analyzer, make: (n: number) => string, n: number): number {
  const small = make(n);
  const large = make(4 * n);
  // Warm both sizes first so that V8's regexp tier-up does not land inside one measurement.
  analyzer.analyze(small);
  analyzer.analyze(large);
  return bestOf5(() => analyzer.analyze(large)) / bestOf5(() => analyzer.analyze(small));
}

const HOSTILE: Record<string, (n: number) => string> = {
  digits: (n) => '9'.repeat(n),
  dots: (n) => '.'.repeat(n),
  at: (n) => '@'.repeat(n),
  whitespace: (n) => ' \t\n'.repeat(Math.ceil(n / 3)).slice(0, n),
  'digit-dot': (n) => '1.'.repeat(n / 2),
  'digit-space': (n) => '1 '.repeat(n / 2),
  'digit-dash': (n) => '12-'.repeat(Math.ceil(n / 3)),
  'a@': (n) => 'a@'.repeat(n / 2),
  'hex-colon': (n) => 'ab:'.repeat(Math.ceil(n / 3)),
  'plus-paren': (n) => '+(1)'.repeat(n / 4),
  'emails': (n) => 'a.b@c.com '.repeat(n / 10),
  'mixed': (n) => 'call 555-1234 on 2020-01-01, x@y.io '.repeat(Math.ceil(n / 36)),
  // Labels before addresses ("ip:", "mac:") are tried again after their colon.
  'label-colon': (n) => 'ip:fe80:mac:ab:'.repeat(Math.ceil(n / 15)),
  'quoted-at': (n) => '"x"@"'.repeat(Math.ceil(n / 5)),
  'no-break-spaces': (n) => '4111\u00a0'.repeat(Math.ceil(n / 5)),
  // Date forms added after the 2026-12-05 break-it pass: a month name between separators, year
  // first, compact dates after a date word, a fraction of a second with no end, escapes.
  'month-name-dashes': (n) => '14-Mar-'.repeat(Math.ceil(n / 7)),
  'year-first': (n) => '1985/03/'.repeat(Math.ceil(n / 8)),
  'compact-dates': (n) => 'dob 19850314 '.repeat(Math.ceil(n / 13)),
  'long-fraction': (n) => `1985-03-14T14:15:16.${'4'.repeat(n)}`,
  'escapes': (n) => '\\n\\t4111'.repeat(Math.ceil(n / 8)),
  // Round 13: spelled-out and defanged addresses, spaced dots, a query string after a secret's
  // label (each "&name=" tried as the value's end), basic ISO and log time stamps.
  'spelled-at': (n) => 'a [at] b [.] '.repeat(Math.ceil(n / 13)),
  'spaced-dots': (n) => 'a . b @ c . '.repeat(Math.ceil(n / 12)),
  'query-params': (n) => `password=x${'&a=b'.repeat(n / 4)}`,
  'basic-stamps': (n) => '20240314T'.repeat(Math.ceil(n / 9)),
  'log-stamps': (n) => '14/Mar/1985:'.repeat(Math.ceil(n / 12)),
};

describe('linear time: hostile inputs', () => {
  const analyzer = createAnalyzer({ recognizers: patternRecognizers });

  it.each(Object.keys(HOSTILE))('%s: 4x the input costs < 10x the time', (name) => {
    expect(growth(analyzer, HOSTILE[name]!, 40_000)).toBeLessThan(10);
  });

  it('a 300 KB run of digits is analysed in under 10 s', () => {
    const started = performance.now();
    analyzer.analyze('7'.repeat(300_000));
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

/**
 * Chains of candidates that overlap their neighbours ("14 March 14 March ...": each day and
 * month is read with the day before and the day after) make one overlap cluster as long as the
 * text; the overlap policy took 12.7 s on 640 KB of it before such clusters were painted
 * (round 12). Whole default analyzer: the lexicon's month and name rules add candidates too.
 */
const CHAINS: Record<string, (n: number) => string> = {
  'day-month chain': (n) => '14 March '.repeat(Math.ceil(n / 9)),
  'month-day chain with times': (n) => 'March 14 10:22 '.repeat(Math.ceil(n / 15)),
  'German day-month chain': (n) => '14. März '.repeat(Math.ceil(n / 9)),
  'ordinal chain': (n) => '14th of March '.repeat(Math.ceil(n / 14)),
};

describe('linear time: chains of overlapping candidates (whole analyzer)', () => {
  const analyzer = createAnalyzer();

  it.each(Object.keys(CHAINS))('%s: 4x the input costs < 10x the time', (name) => {
    expect(growth(analyzer, CHAINS[name]!, 20_000)).toBeLessThan(10);
  });
});

describe('linear time: each vetted V8 pattern on its own alphabet', () => {
  const patterns = patternRecognizers
    .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
    .flatMap((r) => r.patterns.map((p) => ({ id: `${r.name}/${p.name}`, regex: p.regex })));

  it.each(patterns.map((p) => [p.id, p.regex] as const))('%s', (_id, regex) => {
    const ignoreCase = regex.startsWith('(?i)');
    const re = new RegExp(ignoreCase ? regex.slice(4) : regex, ignoreCase ? 'giu' : 'gu');
    // Inputs built from the characters the pattern's classes accept, repeated without the
    // closing piece the pattern needs: the classic shape that makes backtracking explode.
    const alphabets = ['1', '1 ', '1-', '1.', 'Aa1 ', '1:', 'a.', 'x1(/', '1-mar-', '1985/1/'];
    for (const unit of alphabets) {
      const make = (n: number) => unit.repeat(Math.ceil(n / unit.length)) + '!';
      const scan = (text: string) => () => {
        re.lastIndex = 0;
        while (re.exec(text) !== null) {
          /* exhaust */
        }
      };
      const small = make(5_000);
      const large = make(20_000);
      scan(small)();
      scan(large)();
      const ratio = bestOf5(scan(large)) / bestOf5(scan(small));
      expect(ratio, `unit '${unit}'`).toBeLessThan(10);
    }
  });
});

describe('linear time: each V8 gate and finder expression (needsMatch, near.finder) on its own alphabet', () => {
  const gates = patternRecognizers
    .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
    .flatMap((r) =>
      r.patterns.flatMap((p) => {
        const out: Array<readonly [string, RegExp]> = [];
        if (p.needsMatch !== undefined) out.push([`${r.name}/${p.name}`, p.needsMatch]);
        if (p.near !== undefined && 'finder' in p.near) out.push([`${r.name}/${p.name} finder`, p.near.finder]);
        return out;
      }),
    );

  it.each(gates)('%s', (_id, gate) => {
    const re = new RegExp(gate.source, gate.flags.includes('g') ? gate.flags : `${gate.flags}g`);
    for (const unit of ['1', '1 ', '1-', '1.', 'Aa1 ', '1:', 'a.', 'x1(/', 'ab:', 'a1-', 'ab.c', 'mar', 'septiembr', 'wed']) {
      const make = (n: number) => unit.repeat(Math.ceil(n / unit.length)) + '!';
      const scan = (text: string) => () => {
        re.lastIndex = 0;
        while (re.exec(text) !== null) {
          /* exhaust */
        }
      };
      const small = make(5_000);
      const large = make(20_000);
      scan(small)();
      scan(large)();
      expect(bestOf5(scan(large)) / bestOf5(scan(small)), `unit '${unit}'`).toBeLessThan(10);
    }
  });
});

describe('linear time: lead-in scans (e-mail, URL domain, IPv6) on hostile inputs', () => {
  const analyzer = createAnalyzer({ entities: ['EMAIL_ADDRESS', 'URL', 'IP_ADDRESS'] });
  it.each([
    ['many @ in a row', (n: number) => 'a@'.repeat(n / 2)],
    ['long local parts', (n: number) => ('x'.repeat(127) + '@').repeat(n / 128)],
    ['dots and @', (n: number) => 'a.b@c.'.repeat(n / 6)],
    ['long labels and dots', (n: number) => ('y'.repeat(125) + '.').repeat(n / 126)],
    ['hex and colons', (n: number) => 'ffff:'.repeat(n / 5)],
    ['colons', (n: number) => ':'.repeat(n)],
  ] as const)('%s', (_id, make) => {
    expect(growth(analyzer, make, 5_000)).toBeLessThan(10);
  });
});

describe('linear time: user patterns always run on RE2', () => {
  it('a catastrophic-backtracking pattern from configuration stays linear', () => {
    const analyzer = createAnalyzer({
      recognizers: [],
      customRecognizers: [{ name: 'evil', type: 'EVIL', pattern: '(a+)+$', score: 0.9 }],
    });
    const make = (n: number) => 'a'.repeat(n) + '!';
    expect(growth(analyzer, make, 20_000)).toBeLessThan(10);
    const started = performance.now();
    analyzer.analyze(make(100_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('linear time: many labels with short values (round 19)', () => {
  // A value with no "&" had its query-string end looked for up to the text's end, once per label:
  // 3.2M characters of "token: a" took 3.8 s, against 0.15 s now. The quadratic part shows only
  // at these sizes, hence the larger n.
  const analyzer = createAnalyzer({ recognizers: patternRecognizers });
  it.each([
    ['token labels', (n: number) => 'token: a'.repeat(Math.ceil(n / 8))],
    ['numbered password labels', (n: number) => 'pwd1: a'.repeat(Math.ceil(n / 7))],
    ['session labels', (n: number) => 'session: a'.repeat(Math.ceil(n / 10))],
    ['toll-free codes', (n: number) => '1-800-'.repeat(Math.ceil(n / 6))],
    ['vanity numbers', (n: number) => '1-800-FLOWERS '.repeat(Math.ceil(n / 14))],
    ['month abbreviations', (n: number) => '12 Mrz '.repeat(Math.ceil(n / 7))],
    // Round 20: a value ends before a label glued to its end ("…:password: Hunter2!").
    ['glued labels', (n: number) => 'password: a1:password: '.repeat(Math.ceil(n / 23))],
    ['glued labels in one word', (n: number) => 'password:a1:'.repeat(Math.ceil(n / 12))],
    ['vanity numbers after a word', (n: number) => 'SKU 800-ABCDEFG '.repeat(Math.ceil(n / 16))],
  ] as const)('%s', (_id, make) => {
    expect(growth(analyzer, make, 400_000)).toBeLessThan(10);
  });
});
