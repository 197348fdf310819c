/**
 * Lexicon benchmark: accuracy and speed of the names/places/organizations recognizers
 * (PERSON, LOCATION, ORGANIZATION, NRP, TITLE, AGE, ZIP_CODE) on the Presidio synthetic set.
 *
 *   npm run bench -- lexicon [--gold ../shared/eval/presidio_synth_v2.jsonl] [--runs 5] [--out DIR]
 *
 * Accuracy: overlap-matched precision/recall/F1 per type, on the even rows (where the rules were
 * developed) and on the odd rows (held out), first with the lexicon recognizers alone, then with
 * the whole default analyzer (every type, overall micro F1). Speed: MB/s (UTF-8 bytes) of the
 * seven lexicon recognizers alone, per row of the eval set and on long notes (eval rows joined
 * into ~600-character and ~64 KB texts), of the whole analyzer, and of analyze + redact.
 * Every timing is preceded by a correctness check on the seed sentence.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { scoreSpans, type GoldRow, type PredictionRow } from '../../src/detect/eval.js';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { lexiconRecognizers } from '../../src/detect/recognizers/index.js';

const TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION', 'NRP', 'TITLE', 'AGE', 'ZIP_CODE'];
const SEED = "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.";

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
}

function stat(values: number[], unit: string): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: values.length,
    unit,
  };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`lexicon benchmark: correctness check failed: ${what}`);
}

function parseArgs(argv: readonly string[]): { gold: string; runs: number; out: string } {
  let gold = path.resolve('..', 'shared', 'eval', 'presidio_synth_v2.jsonl');
  let runs = 5;
  let out = path.resolve('out', 'bench');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--gold') gold = path.resolve(String(argv[++i]));
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--out') out = path.resolve(String(argv[++i]));
  }
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error('--runs: expected a positive integer');
  return { gold, runs, out };
}

/** Runs the lexicon recognizers the way the analyzer does: in turn, on the same string. */
function lexiconCandidates(recognizers: readonly Recognizer[], text: string) {
  const out = [];
  for (const r of recognizers) out.push(...r.analyze(text, {}));
  return out;
}

/**
 * MB/s (UTF-8 bytes) of `fn` over `texts`, by wall clock and per CPU-second of this process: on
 * a shared machine the wall clock measures the neighbours as much as the code, so both are kept.
 */
function timeMbPerSecond(
  texts: readonly string[],
  runs: number,
  fn: (text: string) => unknown,
): { wall: Stat; cpu: Stat } {
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);
  for (const t of texts.slice(0, 200)) fn(t);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const t of texts) fn(t);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpuStart);
    wall.push(bytes / 1e6 / seconds);
    cpu.push(bytes / 1e6 / ((used.user + used.system) / 1e6));
  }
  return { wall: stat(wall, 'MB/s'), cpu: stat(cpu, 'MB per CPU-second') };
}

/** Joins rows into texts of about `size` characters, separated by blank lines. */
function joinInto(texts: readonly string[], size: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const t of texts) {
    current = current.length === 0 ? t : `${current}\n\n${t}`;
    if (current.length >= size) {
      out.push(current);
      current = '';
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Runs the scenario; writes `lexicon.json` and `lexicon.md` to the output folder. */
export async function run(argv: readonly string[]) {
  const options = parseArgs(argv);
  const rows: GoldRow[] = readFileSync(options.gold, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as GoldRow);
  const texts = rows.map((r) => r.text);

  const analyzer = createAnalyzer();
  const seedFindings = analyzer.analyze(SEED).map((f) => `${f.type}:${SEED.slice(f.start, f.end)}`);
  check(seedFindings.includes('PERSON:John Doe'), 'the seed name is found as PERSON "John Doe"');
  const anonymizer = await createAnonymizer();
  check(
    anonymizer.text(SEED, analyzer.analyze(SEED)) ===
      "[REDACTED NAME]'s email is [REDACTED EMAIL] and his phone is [REDACTED PHONE].",
    'the seed sentence anonymizes to the seed output',
  );

  // Accuracy.
  const typeSet = new Set(TYPES);
  const halves = {
    even: rows.filter((_, i) => i % 2 === 0),
    odd: rows.filter((_, i) => i % 2 === 1),
  };
  const accuracy: Record<string, unknown> = {};
  for (const [name, half] of Object.entries(halves)) {
    const lexicon: PredictionRow[] = half.map((r) => ({
      id: r.id,
      entities: lexiconCandidates(lexiconRecognizers, r.text).filter((c) => c.score >= 0.5),
    }));
    const full: PredictionRow[] = half.map((r) => ({
      id: r.id,
      entities: analyzer.analyze(r.text),
    }));
    accuracy[name] = {
      lexiconOnly: scoreSpans(half, lexicon, { types: typeSet }),
      analyzer: scoreSpans(half, full),
    };
  }
  const all = scoreSpans(
    rows,
    rows.map((r) => ({ id: r.id, entities: analyzer.analyze(r.text) })),
  );

  // Speed.
  const notes = joinInto(texts, 600);
  const long = joinInto(texts, 64_000);
  const measures: Record<string, (t: string) => unknown> = {
    'lexicon recognizers, eval rows (avg 120 chars)': (t) => lexiconCandidates(lexiconRecognizers, t),
    'lexicon recognizers, notes (~600 chars)': (t) => lexiconCandidates(lexiconRecognizers, t),
    'lexicon recognizers, long texts (~64 KB)': (t) => lexiconCandidates(lexiconRecognizers, t),
    'whole analyzer (all default recognizers), notes': (t) => analyzer.analyze(t),
    'analyze + redact, notes': (t) => anonymizer.text(t, analyzer.analyze(t)),
  };
  const inputs = [texts, notes, long, notes, notes];
  const speed: Record<string, Stat> = {};
  for (const [k, [name, fn]] of Object.entries(measures).entries()) {
    const { wall, cpu } = timeMbPerSecond(inputs[k] as string[], options.runs, fn);
    speed[`${name}, wall clock`] = wall;
    speed[`${name}, per CPU-second`] = cpu;
  }

  const report = {
    scenario: 'lexicon',
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    threads: 1,
    gold: {
      file: options.gold,
      rows: rows.length,
      bytes: texts.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0),
    },
    note: 'measured on a shared 2-core machine under load from other processes; one thread',
    date: new Date().toISOString(),
    accuracy,
    overall: all.micro.overlap,
    speed,
  };
  mkdirSync(options.out, { recursive: true });
  writeFileSync(path.join(options.out, 'lexicon.json'), JSON.stringify(report, null, 2) + '\n');

  const f3 = (x: number): string => x.toFixed(3);
  const f1 = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const typeRows: string[] = [];
  for (const type of TYPES) {
    const cells = (['even', 'odd'] as const).map((h) => {
      const rep = (accuracy[h] as { lexiconOnly: ReturnType<typeof scoreSpans> }).lexiconOnly;
      const s = rep.types.find((t) => t.type === type);
      return s === undefined
        ? '- | - | -'
        : `${f3(s.overlap.precision)} | ${f3(s.overlap.recall)} | ${f3(s.overlap.f1)}`;
    });
    typeRows.push(`| ${type} | ${cells[0]} | ${cells[1]} |`);
  }
  const overallRow = (['even', 'odd'] as const)
    .map((h) =>
      f3((accuracy[h] as { analyzer: ReturnType<typeof scoreSpans> }).analyzer.micro.overlap.f1),
    )
    .join(' | ');
  const markdown = [
    `# Lexicon recognizers benchmark (${rows.length} rows of ${path.basename(options.gold)})`,
    '',
    `Machine: ${report.machine.cpus} cores (${report.machine.model}), Node ${report.machine.node}, 1 thread; ${report.note}.`,
    '',
    '| type | even P | even R | even F1 | odd P | odd R | odd F1 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...typeRows,
    '',
    `Whole default analyzer, every type, micro overlap F1: even ${overallRow.split(' | ')[0]}, odd (held out) ${overallRow.split(' | ')[1]}, all ${f3(all.micro.overlap.f1)}.`,
    '',
    '| measure | median | min | max | unit |',
    '| --- | ---: | ---: | ---: | --- |',
    ...Object.entries(speed).map(
      ([name, s]) => `| ${name} | ${f1(s.median)} | ${f1(s.min)} | ${f1(s.max)} | ${s.unit} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(path.join(options.out, 'lexicon.md'), markdown);
  process.stdout.write(markdown);
  return report;
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
