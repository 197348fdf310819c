/**
 * Crypto benchmark: encrypt-field MB/s through the engine (one field, then five; 1 and 2
 * threads; XChaCha20-Poly1305 and AES-256-GCM), FF1 records/s on card numbers, and the two AEAD
 * primitives side by side (@noble/ciphers XChaCha20-Poly1305 vs node:crypto AES-256-GCM) on
 * field-sized and block-sized messages. Every measurement is preceded by a correctness check.
 *
 *   npm run bench -- crypto [--records 1000000] [--runs 3] [--corpus FILE.ndjson] [--out DIR]
 *   node dist/bench/scenarios/crypto.js --records 100000
 *
 * Without `--corpus`, a seeded customer corpus (~330 bytes per record: id, name, email, phone,
 * card, address, notes) is generated into a temp folder and removed afterwards.
 */
import { createCipheriv } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { AES_256_GCM, XCHACHA20_POLY1305 } from '../../src/crypto/aead.js';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';
import { FormatPreservingCipher } from '../../src/crypto/fpe.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord } from '../../src/engine/stage.js';

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
  /**
   * Median of the same quantity per CPU-second (user + system time of the whole process, all
   * threads): much less sensitive than wall time to other processes competing for the cores.
   */
  perCpuSecond: number;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Runs `work` once; returns its wall and CPU seconds. */
async function timed(work: () => unknown): Promise<Sample> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Statistics of `amount` (MB, records...) per second over the samples. */
function stat(samples: Sample[], amount: number, unit: string): Stat {
  const values = samples.map((s) => amount / s.wall).sort((a, b) => a - b);
  return {
    median: median(values),
    min: values[0] as number,
    max: values[values.length - 1] as number,
    runs: values.length,
    unit,
    perCpuSecond: median(samples.map((s) => amount / s.cpu)),
  };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`crypto benchmark: correctness check failed: ${what}`);
}

// A small seeded PRNG (mulberry32) so the corpus is the same on every run.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Bruno', 'Chloe', 'Dmitri', 'Elif', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas'];
const LAST = [
  'Lovelace',
  'Silva',
  'Martin',
  'Ivanov',
  'Yilmaz',
  'Adeyemi',
  'Hopper',
  'Tanaka',
  'Garcia',
  'Berg',
];
const STREETS = ['Rue de la Paix', 'Main Street', 'Hauptstrasse', 'Calle Mayor', 'Via Roma'];

function digits(next: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(next() * 10);
  return out;
}

function customer(i: number, next: () => number): JsonRecord {
  const first = FIRST[Math.floor(next() * FIRST.length)] as string;
  const last = LAST[Math.floor(next() * LAST.length)] as string;
  const card = `4${digits(next, 3)} ${digits(next, 4)} ${digits(next, 4)} ${digits(next, 4)}`;
  return {
    id: `c-${i}`,
    name: `${first} ${last}`,
    email: `${first}.${last}${i}@example.com`.toLowerCase(),
    phone: `+33 6 ${digits(next, 2)} ${digits(next, 2)} ${digits(next, 2)} ${digits(next, 2)}`,
    card,
    address: `${Math.floor(next() * 200) + 1} ${STREETS[Math.floor(next() * STREETS.length)]}, ${digits(next, 5)}`,
    segment: next() < 0.5 ? 'retail' : 'business',
    notes: `Customer since ${2000 + Math.floor(next() * 25)}; prefers email contact; last order ${digits(next, 8)}.`,
  };
}

async function writeCorpus(file: string, records: number): Promise<void> {
  const next = prng(20261204);
  const out = createWriteStream(file);
  for (let i = 0; i < records; i++) {
    if (!out.write(JSON.stringify(customer(i, next)) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function parseArgs(argv: readonly string[]): {
  records: number;
  runs: number;
  corpus?: string;
  out: string;
} {
  let records = 1_000_000;
  let runs = 3;
  let corpus: string | undefined;
  let out = path.resolve('out', 'bench');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--records') records = Number(argv[++i]);
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--corpus') corpus = path.resolve(String(argv[++i]));
    else if (argv[i] === '--out') out = path.resolve(String(argv[++i]));
  }
  if (!Number.isSafeInteger(records) || records < 1000)
    throw new Error('--records: expected an integer >= 1000');
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error('--runs: expected a positive integer');
  return { records, runs, ...(corpus === undefined ? {} : { corpus }), out };
}

const ONE_FIELD = ['email'];
const FIVE_FIELDS = ['name', 'email', 'phone', 'card', 'address'];

function fieldSpec(fields: string[], algorithm: string, direction: 'encrypt' | 'decrypt') {
  return {
    name: `bench-${direction}`,
    input: { format: 'ndjson' as const },
    stages: [
      {
        type: `${direction}-field`,
        fields,
        key: 'env:VEIL_BENCH_KEY',
        algorithm,
        record_id_field: 'id',
      },
    ],
  };
}

/** Encrypts a small sample through the engine and decrypts it back: the bytes must match. */
async function checkRoundTrip(dir: string, sample: string, algorithm: string): Promise<void> {
  const encrypted = path.join(dir, `check-${algorithm}.enc.ndjson`);
  const decrypted = path.join(dir, `check-${algorithm}.dec.ndjson`);
  await pipeline(fieldSpec(FIVE_FIELDS, algorithm, 'encrypt')).run({
    input: sample,
    output: encrypted,
    threads: 2,
  });
  const text = readFileSync(encrypted, 'utf8');
  check(!text.includes('@example.com'), `${algorithm}: plaintext email left in the output`);
  await pipeline(fieldSpec(FIVE_FIELDS, algorithm, 'decrypt')).run({
    input: encrypted,
    output: decrypted,
    threads: 2,
  });
  const original = readFileSync(sample, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.stringify(JSON.parse(l)));
  const back = readFileSync(decrypted, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.stringify(JSON.parse(l)));
  check(
    original.length === back.length && original.every((l, i) => l === back[i]),
    `${algorithm}: decrypt(encrypt(corpus)) differs`,
  );
}

async function primitives(runs: number): Promise<Record<string, Stat>> {
  const key = randomBytes(32);
  const results: Record<string, Stat> = {};
  for (const size of [64, 16384]) {
    const message = randomBytes(size);
    const aad = randomBytes(32);
    const iterations = size === 64 ? 50_000 : 2_000;

    // Correctness: each opens what the other's interface sealed, and AES-GCM matches a plain
    // node:crypto call.
    const x = XCHACHA20_POLY1305.seal(key, randomBytes(24), message, aad);
    check(x.length === size + 16, 'xchacha output length');
    const nonce = randomBytes(12);
    const g = AES_256_GCM.seal(key, nonce, message, aad);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(aad);
    const reference = Buffer.concat([c.update(message), c.final(), c.getAuthTag()]);
    check(Buffer.from(g).equals(reference), 'aes-256-gcm matches node:crypto');

    const xNonce = randomBytes(24);
    check(
      Buffer.from(XCHACHA20_POLY1305.seal(key, xNonce, message, aad)).equals(
        xchacha20poly1305(key, xNonce, aad).encrypt(message),
      ),
      'native XChaCha20-Poly1305 matches @noble/ciphers',
    );

    const candidates: [string, () => void][] = [
      [
        'xchacha20-poly1305 (@noble/ciphers, all JS)',
        () => xchacha20poly1305(key, randomBytes(24), aad).encrypt(message),
      ],
      [
        'xchacha20-poly1305 (Veil: @noble HChaCha20 + node:crypto ChaCha20-Poly1305)',
        () => XCHACHA20_POLY1305.seal(key, randomBytes(24), message, aad),
      ],
      ['aes-256-gcm (node:crypto)', () => AES_256_GCM.seal(key, randomBytes(12), message, aad)],
    ];
    for (const [name, seal] of candidates) {
      for (let i = 0; i < iterations / 10; i++) seal();
      const samples: Sample[] = [];
      for (let r = 0; r < runs; r++) {
        samples.push(
          await timed(() => {
            for (let i = 0; i < iterations; i++) seal();
          }),
        );
      }
      results[`${name}, ${size}-byte messages`] = stat(samples, (iterations * size) / 1e6, 'MB/s');
    }
  }
  return results;
}

async function ff1Cards(runs: number): Promise<Stat> {
  const fpe = new FormatPreservingCipher(randomBytes(32));
  const next = prng(7);
  const cards = Array.from(
    { length: 5000 },
    () => `4${digits(next, 3)} ${digits(next, 4)} ${digits(next, 4)} ${digits(next, 4)}`,
  );
  for (const card of cards.slice(0, 200)) {
    const encrypted = fpe.encrypt(card);
    check(
      /^\d{4} \d{4} \d{4} \d{4}$/.test(encrypted) && fpe.decrypt(encrypted) === card,
      'FF1 card round trip',
    );
  }
  const samples: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    samples.push(
      await timed(() => {
        for (const card of cards) fpe.encrypt(card);
      }),
    );
  }
  return stat(samples, cards.length, 'records/s');
}

/** Runs the scenario; writes `crypto.json` and `crypto.md` to the output folder. */
export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const options = parseArgs(argv);
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-crypto-'));
  process.env['VEIL_BENCH_KEY'] = toHex(randomBytes(32));
  try {
    const corpus = options.corpus ?? path.join(dir, 'corpus.ndjson');
    if (options.corpus === undefined) await writeCorpus(corpus, options.records);
    const sample = path.join(dir, 'sample.ndjson');
    await writeCorpus(sample, 2000);
    const corpusBytes = statSync(corpus).size;

    for (const algorithm of ['xchacha20-poly1305', 'aes-256-gcm'])
      await checkRoundTrip(dir, sample, algorithm);

    const results: Record<string, Stat> = {};
    const output = path.join(dir, 'out.ndjson');
    for (const threads of [1, 2]) {
      const samples: Sample[] = [];
      for (let r = 0; r < options.runs; r++) {
        const passthrough = pipeline({
          name: 'bench-passthrough',
          input: { format: 'ndjson' },
          stages: [],
        });
        samples.push(await timed(() => passthrough.run({ input: corpus, output, threads })));
      }
      results[`engine passthrough (no stage), ${threads} thread${threads > 1 ? 's' : ''}`] = stat(
        samples,
        corpusBytes / 1e6,
        'MB/s',
      );
    }
    for (const algorithm of ['xchacha20-poly1305', 'aes-256-gcm']) {
      for (const [label, fields] of [
        ['1 field', ONE_FIELD],
        ['5 fields', FIVE_FIELDS],
      ] as const) {
        for (const threads of [1, 2]) {
          const samples: Sample[] = [];
          for (let r = 0; r < options.runs; r++) {
            const encrypt = pipeline(fieldSpec([...fields], algorithm, 'encrypt'));
            samples.push(
              await timed(async () => {
                const summary = await encrypt.run({ input: corpus, output, threads });
                check(summary.recordsOut === summary.recordsIn, 'every record written');
              }),
            );
          }
          results[
            `encrypt-field ${algorithm}, ${label}, ${threads} thread${threads > 1 ? 's' : ''}`
          ] = stat(samples, corpusBytes / 1e6, 'MB/s');
        }
      }
    }
    results['FF1 (AES-256) on 16-digit card numbers, 1 thread'] = await ff1Cards(options.runs);
    Object.assign(results, await primitives(options.runs));

    const report = {
      scenario: 'crypto',
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      corpus: {
        records: options.records,
        bytes: corpusBytes,
        file: options.corpus ?? 'generated (seeded)',
      },
      threads: [1, 2],
      note: 'measured on a shared 2-core machine under load from other processes; wall-clock rates include waiting for a core, per-CPU-second rates do not; compare rows within one run',
      date: new Date().toISOString(),
      results,
    };
    mkdirSync(options.out, { recursive: true });
    writeFileSync(path.join(options.out, 'crypto.json'), JSON.stringify(report, null, 2) + '\n');
    const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
    const markdown = [
      `# Crypto benchmark (${options.records.toLocaleString('en-US')} records, ${(corpusBytes / 1e6).toFixed(0)} MB)`,
      '',
      `Machine: ${report.machine.cpus} cores (${report.machine.model}), Node ${report.machine.node}; ${report.note}.`,
      '',
      '| measure | median (wall) | min | max | per CPU-second | unit |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...Object.entries(results).map(
        ([name, s]) =>
          `| ${name} | ${f(s.median)} | ${f(s.min)} | ${f(s.max)} | ${f(s.perCpuSecond)} | ${s.unit} |`,
      ),
      '',
    ].join('\n');
    writeFileSync(path.join(options.out, 'crypto.md'), markdown);
    process.stdout.write(markdown);
    return report;
  } finally {
    delete process.env['VEIL_BENCH_KEY'];
    rmSync(dir, { recursive: true, force: true });
  }
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
