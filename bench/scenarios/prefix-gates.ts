/**
 * The literal-prefix gates (`prefixGate` in src/detect/recognizers/joint-gate.ts) against the
 * scans they save: CPU-microseconds per ~500-character tickets note for the ten patterns whose
 * character gates pass on ordinary prose, each scanning the whole note, and for their ten
 * `needsMatch` gates asked in turn, which read one joined, case-sensitive scan of the note.
 *
 *   npm run bench -- prefix-gates [--records 4000] [--passes 30] [--out DIR]
 *
 * The two are timed in alternated passes; the report gives the minimum and median of each.
 * Before timing, every note is checked: a note a gate fails is one its pattern does not match.
 */
import { PatternRecognizer, type PatternSpec } from '../../src/detect/pattern-recognizer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { readCorpusRecords } from '../corpus/generate.js';
import { formatStats, machine, machineLine, markdownTable, parsePassOptions, stats, writeReport } from '../report.js';

const NAMES = [
  'google-api-key', 'gitlab-token', 'slack-token', 'openai-key', 'sendgrid-key', 'jwt',
  'mysql-password', 'curl-user', 'www', 'unit',
];

/** The seed of the tickets corpus measured (the one the detect bench uses). */
const SEED = 42;

export async function run(argv: readonly string[]): Promise<unknown> {
  const options = parsePassOptions('prefix-gates', argv, { records: 4000, passes: 30, out: undefined });
  const notes = (await readCorpusRecords<{ notes: string }>('tickets', options.records, SEED)).map((r) => r.notes);
  const specs = new Map<string, PatternSpec>();
  for (const r of patternRecognizers) {
    if (r instanceof PatternRecognizer) for (const p of r.patterns) specs.set(p.name, p);
  }
  const chosen = NAMES.map((name) => {
    const spec = specs.get(name);
    if (spec?.needsMatch === undefined) throw new Error(`prefix-gates: pattern ${name} has no needsMatch gate`);
    return spec;
  });
  const patterns = chosen.map((p) => {
    const insensitive = p.regex.startsWith('(?i)');
    return new RegExp(p.regex.replace(/^\(\?i\)/, ''), insensitive ? 'giu' : 'gu');
  });
  const gates = chosen.map((p) => p.needsMatch as RegExp);

  let matched = 0;
  for (const note of notes) {
    for (let k = 0; k < gates.length; k++) {
      patterns[k]!.lastIndex = 0;
      const match = patterns[k]!.test(note);
      if (match) matched++;
      if (match && !gates[k]!.test(note)) throw new Error(`prefix-gates: the ${NAMES[k]} gate fails a note its pattern matches`);
    }
  }

  const scans = (): void => {
    for (const note of notes) {
      for (const re of patterns) {
        re.lastIndex = 0;
        re.exec(note);
      }
    }
  };
  const gated = (): void => {
    for (const note of notes) for (const gate of gates) gate.test(note);
  };
  const perNote = (work: () => void): number => {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / notes.length;
  };
  perNote(scans);
  perNote(gated);
  const scanTimes: number[] = [];
  const gateTimes: number[] = [];
  for (let p = 0; p < options.passes; p++) {
    if (p % 2 === 0) {
      scanTimes.push(perNote(scans));
      gateTimes.push(perNote(gated));
    } else {
      gateTimes.push(perNote(gated));
      scanTimes.push(perNote(scans));
    }
  }
  const rows: Array<[string, ReturnType<typeof stats>]> = [
    ['the ten patterns, each scanning the whole note', stats(scanTimes)],
    ['their ten prefix gates (one joined scan)', stats(gateTimes)],
  ];
  const m = machine();
  const report = {
    machine: m,
    corpus: { kind: 'tickets', records: options.records, seed: SEED },
    passes: options.passes,
    threads: 1,
    notesMatched: matched,
    results: rows.map(([what, s]) => ({ what, cpuMicrosecondsPerNote: s })),
  };
  const markdown = [
    `# Literal-prefix gates (tickets corpus, ${options.records} notes, seed ${SEED}; 1 thread, in process)`,
    '',
    machineLine(m),
    '',
    markdownTable(
      ['what', `CPU-us per note, median (min-max) of ${options.passes} passes`],
      rows.map(([what, s]) => [what, formatStats(s)]),
    ),
    '',
    `Pattern matches in the notes: ${matched}.`,
  ].join('\n');
  const written = writeReport('prefix-gates', report, markdown, options.out);
  process.stdout.write(`${markdown}\n\nwritten: ${written.markdown}\n`);
  return report;
}
