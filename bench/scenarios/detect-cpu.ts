/**
 * Analyzer cost in process, one thread: CPU-microseconds per ~500-character note of the seeded
 * tickets corpus for the whole default analyzer, the pattern recognizers alone and the lexicon
 * recognizers alone, and per record for the record's other (short, structured) fields. These
 * are the figures of the README's speed history ("How detection is kept fast").
 *
 *   npm run bench -- detect-cpu [--records 4000] [--passes 7] [--out DIR]
 *
 * Each pass builds a fresh analyzer (so the short-text memory starts empty, as in a new worker)
 * and analyzes every text once; the first pass warms V8 up and is not counted; the report gives
 * the median and range of the others. CPU time (user + system), not wall time.
 */
import { createAnalyzer, type AnalyzerConfig } from '../../src/detect/analyzer.js';
import { lexiconRecognizers, patternRecognizers } from '../../src/detect/recognizers/index.js';
import { readCorpusRecords } from '../corpus/generate.js';
import { formatStats, machine, machineLine, markdownTable, parsePassOptions, stats, writeReport, type Stats } from '../report.js';

/** Every string of a record except its notes, in document order. */
function shortFields(value: unknown, key: string, out: string[]): void {
  if (typeof value === 'string') {
    if (key !== 'notes') out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) shortFields(item, key, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) shortFields(v, k, out);
  }
}

/** CPU-microseconds per unit over `passes` counted passes (plus one warm-up pass). */
function measure(config: AnalyzerConfig, texts: readonly string[], units: number, passes: number): Stats {
  const values: number[] = [];
  let found = 0;
  for (let p = 0; p <= passes; p++) {
    const analyzer = createAnalyzer(config);
    const started = process.cpuUsage();
    for (const text of texts) found += analyzer.analyze(text).length;
    const used = process.cpuUsage(started);
    if (p > 0) values.push((used.user + used.system) / units);
  }
  if (found === 0) throw new Error('detect-cpu: the analyzer found nothing in the corpus');
  return stats(values);
}

/** The seed of the tickets corpus measured (the one the detect bench uses). */
const SEED = 42;

export async function run(argv: readonly string[]): Promise<unknown> {
  const options = parsePassOptions('detect-cpu', argv, { records: 4000, passes: 7, out: undefined });
  const records = await readCorpusRecords<{ notes: string }>('tickets', options.records, SEED);
  const notes = records.map((r) => r.notes);
  const fields: string[] = [];
  for (const record of records) shortFields(record, '', fields);

  const rows: Array<[string, string, Stats]> = [
    ['whole default analyzer', 'note', measure({}, notes, notes.length, options.passes)],
    ['pattern recognizers', 'note', measure({ recognizers: patternRecognizers }, notes, notes.length, options.passes)],
    ['lexicon recognizers', 'note', measure({ recognizers: lexiconRecognizers }, notes, notes.length, options.passes)],
    ['whole default analyzer, short fields', 'record', measure({}, fields, records.length, options.passes)],
  ];
  const m = machine();
  const report = {
    machine: m,
    corpus: { kind: 'tickets', records: options.records, seed: SEED },
    passes: options.passes,
    threads: 1,
    results: rows.map(([what, per, s]) => ({ what, per, cpuMicroseconds: s })),
  };
  const markdown = [
    `# Analyzer CPU cost (tickets corpus, ${options.records} records, seed ${SEED}; 1 thread, in process)`,
    '',
    machineLine(m),
    '',
    markdownTable(
      ['what', 'CPU-us per', `median (min-max) of ${options.passes} passes`],
      rows.map(([what, per, s]) => [what, per, formatStats(s)]),
    ),
  ].join('\n');
  const written = writeReport('detect-cpu', report, markdown, options.out);
  process.stdout.write(`${markdown}\n\nwritten: ${written.markdown}\n`);
  return report;
}
