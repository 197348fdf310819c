/**
 * Steady instructions per note of the whole default analyzer, counted by valgrind's callgrind:
 * the figure rounds 14 to 16 of the README's speed history judged each step by, because it does
 * not move with the load of a shared machine as CPU time does.
 *
 *   npm run bench -- detect-instructions [--records 200] [--passes 48] [--out DIR]
 *
 * The notes of the first `records` tickets records are analyzed `passes / 3` times and `passes`
 * times, each in a fresh `node --predictable` (fixed hash and random seeds) under callgrind; the
 * difference of the two counts, divided by the notes of the extra passes, leaves out the start
 * (modules, tables) and most of V8's compiles. Runs of one build differ by about 1-3%, so a step
 * smaller than that needs several runs of each build. Needs `valgrind` (Debian package
 * `valgrind`); with 200 notes and 48 passes the two runs take several minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from '../corpus/generate.js';
import { machine, machineLine, markdownTable, parsePassOptions, writeReport } from '../report.js';

/** The seed of the tickets corpus measured (the one the detect bench uses). */
const SEED = 42;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'detect-instructions-worker.js');

/** Instructions of one child run and the findings it reported. */
function count(file: string, passes: number, work: string): { instructions: number; findings: number } {
  const out = path.join(work, `callgrind.${passes}.out`);
  const child = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      process.execPath,
      '--predictable',
      '--hash-seed=1',
      '--random-seed=1',
      CHILD,
      file,
      String(passes),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.error !== undefined) {
    throw new Error(`detect-instructions: valgrind could not be started (${child.error.message}); install it with 'apt-get install valgrind'`);
  }
  const collected = /Collected : (\d+)/.exec(child.stderr);
  if (child.status !== 0 || collected === null) {
    throw new Error(`detect-instructions: the callgrind run of ${passes} passes failed (exit ${String(child.status)})`);
  }
  return { instructions: Number(collected[1]), findings: Number(child.stdout.trim()) };
}

export async function run(argv: readonly string[]): Promise<unknown> {
  const options = parsePassOptions('detect-instructions', argv, { records: 200, passes: 48, out: undefined });
  if (options.passes < 3) throw new Error('detect-instructions: --passes must be at least 3');
  // Generated now if missing, so that neither counted run includes it.
  const corpus = await ensureCorpus('tickets', options.records, SEED);
  const notes = options.records;
  const low = Math.floor(options.passes / 3);
  const work = mkdtempSync(path.join(tmpdir(), 'veil-bench-instructions-'));
  let few: { instructions: number; findings: number };
  let many: { instructions: number; findings: number };
  try {
    few = count(corpus.file, low, work);
    many = count(corpus.file, options.passes, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (few.findings * options.passes !== many.findings * low) {
    throw new Error('detect-instructions: the two runs found different numbers of findings per pass');
  }
  const extraNotes = notes * (options.passes - low);
  const perNote = (many.instructions - few.instructions) / extraNotes;
  const m = machine();
  const report = {
    machine: m,
    corpus: { kind: 'tickets', records: options.records, seed: SEED },
    passes: { low, high: options.passes },
    threads: 1,
    instructions: { low: few.instructions, high: many.instructions },
    findingsPerPass: few.findings / low,
    steadyInstructionsPerNote: perNote,
  };
  const markdown = [
    `# Analyzer instructions per note (tickets corpus, ${notes} notes, seed ${SEED}; callgrind, node --predictable)`,
    '',
    machineLine(m),
    '',
    markdownTable(
      ['passes', 'instructions'],
      [
        [String(low), few.instructions.toLocaleString('en-US')],
        [String(options.passes), many.instructions.toLocaleString('en-US')],
      ],
    ),
    '',
    `Steady cost: ${(perNote / 1000).toFixed(1)}k instructions per note (the difference over ${extraNotes.toLocaleString('en-US')} notes); ${few.findings / low} findings per pass.`,
  ].join('\n');
  const written = writeReport('detect-instructions', report, markdown, options.out);
  process.stdout.write(`${markdown}\n\nwritten: ${written.markdown}\n`);
  return report;
}
