/**
 * How much two busy threads slow each other on this machine: the ceiling of the 2-thread/1-thread
 * speed ratio that no pipeline change can pass.
 *
 *   npm run bench -- scaling [--records 2000] [--passes 5] [--rounds 3] [--out DIR]
 *
 * For each kind of work (the default analyzer over the seeded tickets notes; an integer loop that
 * touches no memory), one warmed-up worker thread runs `passes` timed passes alone, then two run
 * the same passes at once, started together; `rounds` times, alternating. Reported: wall time per
 * pass alone and side by side, and the ceiling 2 x alone / side-by-side. The detect benchmark's
 * 2-thread figure also pays each thread's warm-up and the main thread's reading and writing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ensureCorpus } from '../corpus/generate.js';
import { formatStats, machine, machineLine, markdownTable, stats, writeReport, type Stats } from '../report.js';

interface Options {
  records: number;
  passes: number;
  rounds: number;
  out: string | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { records: 2000, passes: 5, rounds: 3, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const next = (): string => String(argv[++i]);
    if (argv[i] === '--records') options.records = Number(next());
    else if (argv[i] === '--passes') options.passes = Number(next());
    else if (argv[i] === '--rounds') options.rounds = Number(next());
    else if (argv[i] === '--out') options.out = next();
    else throw new Error(`scaling: unknown option ${String(argv[i]).slice(0, 40)}`);
  }
  for (const key of ['records', 'passes', 'rounds'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive integer`);
  }
  return options;
}

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scaling-worker.js');

/** Runs `threads` workers on the same task, started together; the wall ms of every pass of each. */
async function side(kind: 'analyze' | 'spin', threads: number, corpusFile: string, passes: number): Promise<number[]> {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  let failed: unknown;
  const results = Array.from({ length: threads }, () => {
    const worker = new Worker(WORKER, { workerData: { kind, corpusFile, passes, signal } });
    return new Promise<number[]>((resolve, reject) => {
      worker.once('message', (m: { wallMs: number[] }) => resolve(m.wallMs));
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`scaling: a worker exited with code ${code}`));
      });
    }).finally(() => void worker.terminate());
  });
  for (const result of results) result.catch((error: unknown) => (failed ??= error));
  // Every worker warmed up, then all start at once; a worker that failed while warming up ends it.
  while (Atomics.load(signal, 0) < threads) {
    if (failed !== undefined) throw failed;
    await new Promise((r) => setTimeout(r, 20));
  }
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 1);
  return (await Promise.all(results)).flat();
}

export async function run(argv: readonly string[]): Promise<unknown> {
  const options = parseArgs(argv);
  const corpus = await ensureCorpus('tickets', options.records);
  const rows: Array<{ kind: string; alone: Stats; together: Stats; ceiling: number }> = [];
  for (const kind of ['analyze', 'spin'] as const) {
    const alone: number[] = [];
    const together: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      alone.push(...(await side(kind, 1, corpus.file, options.passes)));
      together.push(...(await side(kind, 2, corpus.file, options.passes)));
    }
    const a = stats(alone);
    const t = stats(together);
    rows.push({ kind, alone: a, together: t, ceiling: (2 * a.median) / t.median });
  }
  const m = machine();
  const label = (kind: string): string =>
    kind === 'analyze' ? `default analyzer, ${options.records} notes` : 'integer loop, 2e8 steps';
  const markdown = [
    `# Two threads side by side (${options.rounds} rounds x ${options.passes} passes, alternated)`,
    '',
    machineLine(m),
    '',
    markdownTable(
      ['work', 'ms per pass, 1 thread alone', 'ms per pass, each of 2 threads at once', 'ceiling of the 2-thread ratio'],
      rows.map((row) => [label(row.kind), formatStats(row.alone, 0), formatStats(row.together, 0), `${row.ceiling.toFixed(2)}x`]),
    ),
  ].join('\n');
  const report = { machine: m, options: { ...options, out: undefined }, results: rows };
  const written = writeReport('scaling', report, markdown, options.out);
  process.stdout.write(`${markdown}\n\nwritten: ${written.markdown}\n`);
  return report;
}
