/**
 * `veil serve` benchmark: autocannon against `POST /v1/anonymize` with 1 KB texts over loopback.
 * The server runs in its own process (so the load generator does not share its event loop);
 * every request is authenticated, validated, anonymized and audited as in production.
 * Correctness is checked before timing: the answer must hide every email and phone number.
 *
 *   npm run bench -- serve [--duration 30] [--connections 50] [--threads 1] [--out DIR]
 *                          [--cpu-prof DIR]   (V8 profiles of the server process)
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { machine, machineLine, markdownTable, resultsDir, writeReport } from '../report.js';

interface AutocannonResult {
  requests: { average: number; mean: number; total: number };
  latency: { p50: number; p99: number; p90: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const require = createRequire(import.meta.url);

/** About 1 KB of support-ticket prose with names, emails and phone numbers. */
export function ticketText(i: number): string {
  const sentences = [
    `Ticket ${i}: customer Maria Gonzalez wrote from maria.gonzalez${i}@example.com about a billing error.`,
    `She asked us to call her back on (555) 0${String(100 + (i % 800)).padStart(3, '0')}-4821 before Friday.`,
    'The invoice shows a duplicate charge for the premium plan and the refund has not arrived yet.',
    `Agent John Smith escalated it; his notes mention a second address, m.gonzalez${i}@example.org.`,
    'We promised an answer within two business days and offered a discount on the next renewal.',
  ];
  let text = '';
  let k = 0;
  while (text.length < 1024) text += sentences[k++ % sentences.length] + ' ';
  return text.slice(0, 1024);
}

function parseArgs(argv: readonly string[]): {
  duration: number;
  connections: number;
  threads: number;
  out: string;
  cpuProf: string | undefined;
} {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    duration: Number(value('duration') ?? 30),
    connections: Number(value('connections') ?? 50),
    threads: Number(value('threads') ?? 1),
    out: value('out') ?? resultsDir(),
    cpuProf: value('cpu-prof'),
  };
}

export async function run(argv: readonly string[]): Promise<unknown> {
  const options = parseArgs(argv);
  const loadAtStart = loadavg()[0] ?? 0;
  const child = fork(fileURLToPath(new URL('./serve-server-worker.js', import.meta.url)), ['--threads', String(options.threads)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // `--cpu-prof DIR`: V8 CPU profiles of the server process and its threads, written at exit.
    ...(options.cpuProf === undefined ? {} : { execArgv: [...process.execArgv, '--cpu-prof', '--cpu-prof-dir', options.cpuProf] }),
  });
  const ask = <T>(message: string | undefined, key: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`server process exited with ${code}`));
      const onMessage = (m: unknown): void => {
        if (m !== null && typeof m === 'object' && key in m) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(m as T);
        }
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (message !== undefined) child.send(message);
    });
  const { port, token } = await ask<{ port: number; token: string }>(undefined, 'port');
  const url = `http://127.0.0.1:${port}/v1/anonymize`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  try {
    // Correctness first.
    const sample = ticketText(1);
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ text: sample }) });
    const body = (await response.json()) as { text?: string };
    if (response.status !== 200 || typeof body.text !== 'string') throw new Error('serve benchmark: anonymize failed');
    if (/@example\.(com|org)/.test(body.text) || /\(555\)/.test(body.text)) {
      throw new Error('serve benchmark: correctness check failed: an email or phone number survived');
    }

    const bodies = Array.from({ length: 64 }, (_, i) => JSON.stringify({ text: ticketText(i) }));
    const autocannon = require('autocannon') as Autocannon;
    const rssBefore = (await ask<{ rss: number }>('rss', 'rss')).rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      void ask<{ rss: number }>('rss', 'rss').then((m) => (peakRss = Math.max(peakRss, m.rss)), () => undefined);
    }, 1000);
    const cpuBefore = (await ask<{ cpu: { user: number; system: number } }>('cpu', 'cpu')).cpu;
    let n = 0;
    const result = await autocannon({
      url,
      method: 'POST',
      headers,
      connections: options.connections,
      duration: options.duration,
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[n++ % bodies.length] }) }],
    });
    clearInterval(sampler);
    const cpuAfter = (await ask<{ cpu: { user: number; system: number } }>('cpu', 'cpu')).cpu;
    const cpuMs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000;
    // Server CPU per answered request: independent of how many cores the load generator and other
    // processes left to the server, so runs on a busy machine stay comparable.
    const cpuMsPerRequest = result.requests.total > 0 ? cpuMs / result.requests.total : 0;
    const m = machine();
    const report = {
      scenario: 'serve',
      route: 'POST /v1/anonymize',
      textBytes: 1024,
      durationSeconds: options.duration,
      connections: options.connections,
      requestsPerSecond: result.requests.average,
      totalRequests: result.requests.total,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors + result.timeouts + result.non2xx,
      serverCpu: {
        totalMs: Math.round(cpuMs),
        msPerRequest: Math.round(cpuMsPerRequest * 1000) / 1000,
        userMs: Math.round((cpuAfter.user - cpuBefore.user) / 1000),
        systemMs: Math.round((cpuAfter.system - cpuBefore.system) / 1000),
      },
      loadAverageAtStart: loadAtStart,
      serverRssMb: { before: Math.round(rssBefore / 2 ** 20), peak: Math.round(peakRss / 2 ** 20) },
      threads: options.threads === 0 ? 'detection on the event loop' : `detection on ${options.threads} worker thread(s) + 1 event loop`,
      machine: m,
    };
    const markdown = [
      '# serve benchmark',
      '',
      machineLine(m),
      '',
      markdownTable(
        ['route', 'detect threads', 'connections', 'duration s', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/req', 'server RSS MB (peak)', 'load avg at start'],
        [[
          'POST /v1/anonymize (1 KB)',
          String(options.threads),
          String(options.connections),
          String(options.duration),
          report.requestsPerSecond.toFixed(0),
          String(report.latencyMs.p50),
          String(report.latencyMs.p99),
          String(report.errors),
          report.serverCpu.msPerRequest.toFixed(3),
          String(report.serverRssMb.peak),
          loadAtStart.toFixed(1),
        ]],
      ),
    ].join('\n');
    const written = writeReport('serve', report, markdown, options.out);
    process.stdout.write(`${markdown}\n\nwritten: ${written.json}\n`);
    return report;
  } finally {
    child.send('stop');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run(process.argv.slice(2));
}
