/**
 * Pipeline runs over HTTP: real files under dataset roots, real engine runs on worker threads,
 * and (second server) the same run queued on the private Redis and processed by a real
 * `veil worker` process. Covers object-level authorization per dataset, path confinement
 * (`../`, absolute paths, symlinks out of a root), a broken pipeline file and unknown run ids.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { spawnWorker, stopWorker, type WorkerProcess } from '../queue/helpers/cli.js';
import { dropPrefix, uniquePrefix } from '../queue/helpers/redis.js';
import { httpEvents, startServer, type ServerFixture, type UserSpec } from './helpers.js';

const USERS: readonly UserSpec[] = [
  { username: 'sales', roles: ['user'], grants: { pipelines: ['read', 'execute'], 'datasets:sales': ['read', 'write'] } },
  { username: 'hr-staff', roles: ['user'], grants: { pipelines: ['read', 'execute'], 'datasets:hr': ['read', 'write'] } },
  { username: 'sales-reader', roles: ['user'], grants: { pipelines: ['read', 'execute'], 'datasets:sales': ['read'] } },
  { username: 'auditor', roles: ['auditor'] },
  { username: 'admin', roles: ['admin'] },
];

const PIPELINE = [
  'name: tickets',
  'input:',
  '  format: ndjson',
  'output:',
  '  format: ndjson',
  'on_error: reject',
  'stages:',
  '  - type: anonymize',
  '    fields: [note]',
  '  - type: drop',
  '    fields: [internal]',
  '',
].join('\n');

/** 200 ticket records with an email in each note, and one line that is not JSON. */
function tickets(): string {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    lines.push(JSON.stringify({ id: i, note: `customer wrote from client${i}@example.com about invoice ${i}`, internal: `x${i}` }));
    if (i === 100) lines.push('{"id": broken');
  }
  return lines.join('\n') + '\n';
}

interface Layout {
  readonly dir: string;
  readonly pipelines: string;
  readonly sales: string;
  readonly hr: string;
}

function layout(label: string): Layout {
  const dir = mkdtempSync(path.join(tmpdir(), `veil-runs-${label}-`));
  const pipelines = path.join(dir, 'pipelines');
  const sales = path.join(dir, 'data', 'sales');
  const hr = path.join(dir, 'data', 'hr');
  for (const d of [pipelines, sales, hr, path.join(sales, 'out')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(pipelines, 'tickets.yaml'), PIPELINE);
  // Line 5 holds an unknown output format.
  writeFileSync(
    path.join(pipelines, 'broken.yaml'),
    ['name: broken', 'input:', '  format: ndjson', 'output:', '  format: parquet-secret-value', 'stages: []', ''].join('\n'),
  );
  writeFileSync(path.join(sales, 'tickets.ndjson'), tickets());
  writeFileSync(path.join(hr, 'salaries.ndjson'), '{"name":"Ada","salary":1}\n');
  return { dir, pipelines, sales, hr };
}

async function waitForRun(s: ServerFixture, token: string, id: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const r = await s.call('GET', `/v1/pipelines/runs/${id}`, { token });
    expect(r.status).toBe(200);
    if (r.body.state === 'completed' || r.body.state === 'failed') return r.body;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${r.body.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const body = (input: Record<string, string>, output: Record<string, string>, pipeline = 'tickets.yaml') => ({ pipeline, input, output });

describe('pipeline runs over HTTP, in the server process', () => {
  let s: ServerFixture;
  let d: Layout;
  beforeAll(async () => {
    d = layout('local');
    s = await startServer({
      users: USERS,
      server: {
        pipelineRuns: {
          pipelinesDir: d.pipelines,
          datasets: { sales: d.sales, hr: d.hr },
          threads: 1,
          storePath: path.join(d.dir, 'engine-store'),
        },
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(d.dir, { recursive: true, force: true });
  });

  it('runs a pipeline on worker threads and reports state and counts', async () => {
    const started = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['sales']!,
      body: body({ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'out/tickets.anon.ndjson' }),
    });
    expect(started.status).toBe(202);
    expect(started.body.mode).toBe('local');
    expect(started.body.id).toMatch(/^run-[0-9a-f]{32}$/);
    expect(['queued', 'running']).toContain(started.body.state);
    expect(started.body).not.toHaveProperty('instance');

    const done = await waitForRun(s, s.tokens['sales']!, started.body.id);
    expect(done).toMatchObject({ state: 'completed', recordsIn: 201, recordsOut: 200, rejected: 1, submittedBy: s.users['sales'] });
    const out = readFileSync(path.join(d.sales, 'out', 'tickets.anon.ndjson'), 'utf8').trim().split('\n');
    expect(out).toHaveLength(200);
    for (const line of out) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(record).not.toHaveProperty('internal');
      expect(String(record['note'])).not.toMatch(/@example\.com/);
    }
    // The reject file stays inside the root, next to the output.
    expect(existsSync(path.join(d.sales, 'out', 'tickets.anon.ndjson.rejects.ndjson'))).toBe(true);

    const events = (await httpEvents(s.audit)).filter((e) => e.action?.includes('/v1/pipelines/runs'));
    const post = events.find((e) => e.action === 'POST /v1/pipelines/runs');
    expect(post).toMatchObject({ userId: s.users['sales'], status: 'success', type: 'data_modification' });
    expect(events.some((e) => e.resource === `pipelines/runs/${started.body.id}`)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('tickets.ndjson');
  });

  it('checks the datasets of a run: input read, output write, both read to see it', async () => {
    const sales = (user: string) =>
      s.call('POST', '/v1/pipelines/runs', {
        token: s.tokens[user]!,
        body: body({ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'out/other.ndjson' }),
      });
    // Another dataset's user, a reader without write, and a role without pipelines: 403.
    for (const user of ['hr-staff', 'sales-reader', 'auditor']) {
      const r = await sales(user);
      expect({ user, status: r.status }).toEqual({ user, status: 403 });
      expect(r.body.error).toBe('VEIL_AUTHZ_DENIED');
    }
    // Reading one dataset into another needs both.
    const cross = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['sales']!,
      body: body({ dataset: 'hr', path: 'salaries.ndjson' }, { dataset: 'sales', path: 'out/leak.ndjson' }),
    });
    expect(cross.status).toBe(403);
    // Permission comes before existence: an unknown dataset is a 403 too, and nothing was written.
    const unknown = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['sales']!,
      body: body({ dataset: 'payroll', path: 'x.ndjson' }, { dataset: 'sales', path: 'out/x.ndjson' }),
    });
    expect(unknown.status).toBe(403);
    expect(existsSync(path.join(d.sales, 'out', 'leak.ndjson'))).toBe(false);

    const started = await sales('sales');
    expect(started.status).toBe(202);
    // hr cannot see the sales run: the same 404 as an id that does not exist.
    const hidden = await s.call('GET', `/v1/pipelines/runs/${started.body.id}`, { token: s.tokens['hr-staff']! });
    const missing = await s.call('GET', `/v1/pipelines/runs/run-${'0'.repeat(32)}`, { token: s.tokens['hr-staff']! });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    // Auditors hold no pipelines permission at all.
    expect((await s.call('GET', `/v1/pipelines/runs/${started.body.id}`, { token: s.tokens['auditor']! })).status).toBe(403);
    // Admin sees it; an unknown id is a 404 for admin as well, a malformed one a 400.
    expect((await waitForRun(s, s.tokens['admin']!, started.body.id)).state).toBe('completed');
    expect((await s.call('GET', `/v1/pipelines/runs/run-${'f'.repeat(32)}`, { token: s.tokens['admin']! })).status).toBe(404);
    const malformed = await s.call('GET', '/v1/pipelines/runs/..%2F..%2Fetc', { token: s.tokens['admin']! });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^params\.id:/);
    expect((await s.call('GET', `/v1/pipelines/runs/${started.body.id}`)).status).toBe(401);
  });

  it('keeps paths inside the dataset roots: ../, absolute paths and symlinks are refused', async () => {
    symlinkSync(path.join(d.hr, 'salaries.ndjson'), path.join(d.sales, 'salaries-link.ndjson'));
    symlinkSync(d.hr, path.join(d.sales, 'hr-dir-link'));
    symlinkSync(path.join(d.hr, 'planted.ndjson'), path.join(d.sales, 'out', 'planted.ndjson'));
    const cases: [Record<string, string>, Record<string, string>, RegExp][] = [
      [{ dataset: 'sales', path: '../hr/salaries.ndjson' }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: /],
      [{ dataset: 'sales', path: 'out/../../hr/salaries.ndjson' }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: /],
      [{ dataset: 'sales', path: path.join(d.hr, 'salaries.ndjson') }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: /],
      [{ dataset: 'sales', path: '/etc/passwd' }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: /],
      [{ dataset: 'sales', path: 'salaries-link.ndjson' }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: leads outside/],
      [{ dataset: 'sales', path: 'hr-dir-link/salaries.ndjson' }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: leads outside/],
      [{ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: '../hr/owned.ndjson' }, /^body\.output\.path: /],
      [{ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: '/tmp/owned.ndjson' }, /^body\.output\.path: /],
      [{ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'hr-dir-link/owned.ndjson' }, /^body\.output\.path: leads outside/],
      [{ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'out/planted.ndjson' }, /^body\.output\.path: is a symbolic link/],
      [{ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'tickets.ndjson' }, /^body\.output: must differ/],
      [{ dataset: 'sales', path: 'missing.ndjson' }, { dataset: 'sales', path: 'out/a.ndjson' }, /^body\.input\.path: no such file/],
    ];
    for (const [input, output, message] of cases) {
      const r = await s.call('POST', '/v1/pipelines/runs', { token: s.tokens['sales']!, body: body(input, output) });
      expect({ input, output, status: r.status }).toEqual({ input, output, status: 400 });
      expect(r.body.message).toMatch(message);
      // The answer never echoes the path it refused, nor a server directory.
      expect(r.text).not.toContain(input.path!.replace(/^\//, ''));
      expect(r.text).not.toContain(output.path!.replace(/^\//, ''));
      expect(r.text).not.toContain(d.dir);
    }
    expect(existsSync(path.join(d.hr, 'owned.ndjson'))).toBe(false);
    expect(existsSync(path.join(d.hr, 'planted.ndjson'))).toBe(false);
    expect(existsSync('/tmp/owned.ndjson')).toBe(false);

    // Pipeline names are file names in the pipelines directory, YAML only.
    for (const pipeline of ['../pipelines/tickets.yaml', '/etc/passwd', 'tickets.mjs', 'nope.yaml']) {
      const r = await s.call('POST', '/v1/pipelines/runs', {
        token: s.tokens['sales']!,
        body: body({ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'out/a.ndjson' }, pipeline),
      });
      expect({ pipeline, status: r.status }).toEqual({ pipeline, status: 400 });
      expect(r.body.message).toMatch(/^body\.pipeline: /);
    }
  });

  it('names the line of a broken pipeline file without its values or the server path', async () => {
    const r = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['sales']!,
      body: body({ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'out/b.ndjson' }, 'broken.yaml'),
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^VEIL_PIPELINE/);
    expect(r.body.message).toMatch(/^broken\.yaml:5:\d+: output\.format: /);
    expect(r.text).not.toContain('parquet-secret-value');
    expect(r.text).not.toContain(d.pipelines);
  });

  it('reads a registered dataset as a whole file', async () => {
    const crm = path.join(d.dir, 'crm.ndjson');
    writeFileSync(crm, '{"id":1,"note":"call ada@example.com","internal":"y"}\n');
    await new DatasetRegistry({ store: s.audit.root }).register({
      name: 'crm',
      path: crm,
      format: 'ndjson',
      identifiers: [{ field: 'id', identifier: 'subject_id' }],
    });
    const withPath = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['admin']!,
      body: body({ dataset: 'crm', path: 'crm.ndjson' }, { dataset: 'sales', path: 'out/crm.ndjson' }),
    });
    expect(withPath.status).toBe(400);
    expect(withPath.body.message).toMatch(/^body\.input\.path: not allowed/);
    // An unknown dataset is reported as unknown, not as a registered one given a path.
    const unknown = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['admin']!,
      body: body({ dataset: 'nope', path: 'x' }, { dataset: 'sales', path: 'out/nope.ndjson' }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('body.input.dataset: no such dataset');
    const started = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['admin']!,
      body: { pipeline: 'tickets.yaml', input: { dataset: 'crm' }, output: { dataset: 'sales', path: 'out/crm.ndjson' } },
    });
    expect(started.status).toBe(202);
    expect(await waitForRun(s, s.tokens['admin']!, started.body.id)).toMatchObject({ state: 'completed', recordsIn: 1, recordsOut: 1 });
    expect(readFileSync(path.join(d.sales, 'out', 'crm.ndjson'), 'utf8')).not.toContain('ada@example.com');
    // The sales user holds no grant on crm.
    const denied = await s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['sales']!,
      body: { pipeline: 'tickets.yaml', input: { dataset: 'crm' }, output: { dataset: 'sales', path: 'out/crm2.ndjson' } },
    });
    expect(denied.status).toBe(403);
  });

  it('publishes both routes in the OpenAPI document', async () => {
    const doc = (await s.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, any>> };
    expect(doc.paths['/v1/pipelines/runs']?.['post']?.responses).toHaveProperty('202');
    expect(doc.paths['/v1/pipelines/runs/{id}']?.['get']?.responses).toHaveProperty('403');
  });
});

describe('pipeline runs over HTTP, queued on Redis for veil worker', () => {
  let s: ServerFixture;
  let d: Layout;
  let worker: WorkerProcess;
  const prefix = uniquePrefix('serve-runs');
  beforeAll(async () => {
    d = layout('queued');
    s = await startServer({
      users: USERS,
      server: {
        pipelineRuns: {
          pipelinesDir: d.pipelines,
          datasets: { sales: d.sales, hr: d.hr },
          redisUrl: inject('redisUrl'),
          prefix,
          chunkBytes: 4096,
        },
      },
    });
    worker = spawnWorker({
      redisUrl: inject('redisUrl'),
      prefix,
      name: 'serve-runs-worker',
      args: ['--threads', '0'],
      env: { VEIL_HOME: path.join(d.dir, 'veil-home') },
    });
    await worker.waitForLog((line) => line['msg'] === 'worker ready');
  });
  afterAll(async () => {
    if (worker !== undefined) await stopWorker(worker);
    await s?.close();
    await dropPrefix(prefix);
    rmSync(d.dir, { recursive: true, force: true });
  });

  it('queues the run, reports its progress and writes the same output as a local run', async () => {
    const request = body({ dataset: 'sales', path: 'tickets.ndjson' }, { dataset: 'sales', path: 'out/queued.ndjson' });
    const started = await s.call('POST', '/v1/pipelines/runs', { token: s.tokens['sales']!, body: request });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ mode: 'queued', state: 'queued', duplicate: false });

    const done = await waitForRun(s, s.tokens['sales']!, started.body.id);
    expect(done).toMatchObject({ state: 'completed', recordsIn: 201, recordsOut: 200, rejected: 1 });
    expect(done.bytesDone).toBe(done.bytesTotal);
    const out = readFileSync(path.join(d.sales, 'out', 'queued.ndjson'), 'utf8').trim().split('\n');
    expect(out).toHaveLength(200);
    expect(out.join('\n')).not.toMatch(/@example\.com/);

    // The same request again is the same run (the queue's deterministic id), not a second one.
    const again = await s.call('POST', '/v1/pipelines/runs', { token: s.tokens['sales']!, body: request });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: started.body.id, duplicate: true });

    // Object-level checks hold for queued runs as well.
    expect((await s.call('GET', `/v1/pipelines/runs/${started.body.id}`, { token: s.tokens['hr-staff']! })).status).toBe(404);
    const denied = await s.call('POST', '/v1/pipelines/runs', { token: s.tokens['hr-staff']!, body: request });
    expect(denied.status).toBe(403);
  });
});
