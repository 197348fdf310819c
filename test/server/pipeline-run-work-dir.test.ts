/**
 * Pipeline runs over HTTP never touch the run queue's `.veil-work` directory of a dataset: it
 * holds other runs' chunk and result files. Real server on loopback, real files, a local run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

const PIPELINE = ['name: copy', 'input:', '  format: ndjson', 'output:', '  format: ndjson', 'stages: []', ''].join('\n');

let s: ServerFixture;
let dir: string;
let sales: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-runs-work-'));
  const pipelines = path.join(dir, 'pipelines');
  sales = path.join(dir, 'sales');
  for (const d of [pipelines, path.join(sales, '.veil-work', 'run-1'), path.join(sales, 'out', '.veil-work')]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(path.join(pipelines, 'copy.yaml'), PIPELINE);
  writeFileSync(path.join(sales, 'in.ndjson'), '{"id":1}\n');
  writeFileSync(path.join(sales, '.veil-work', 'run-1', 'chunk-0.ndjson'), '{"id":2}\n');
  symlinkSync(path.join(sales, '.veil-work'), path.join(sales, 'work-link'));
  s = await startServer({
    users: [{ username: 'sales', roles: ['user'], grants: { pipelines: ['read', 'execute'], 'datasets:sales': ['read', 'write'] } }],
    server: { pipelineRuns: { pipelinesDir: pipelines, datasets: { sales }, threads: 1, storePath: path.join(dir, 'engine-store') } },
  });
});
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

const submit = (input: string, output: string) =>
  s.call('POST', '/v1/pipelines/runs', {
    token: s.tokens['sales']!,
    body: { pipeline: 'copy.yaml', input: { dataset: 'sales', path: input }, output: { dataset: 'sales', path: output } },
  });

describe('pipeline runs: the work directory', () => {
  it('refuses an output inside .veil-work, however the path is spelt', async () => {
    for (const output of [
      '.veil-work/x.ndjson',
      '.veil-work/run-1/chunk-0.ndjson',
      './.veil-work/x.ndjson',
      'out//.veil-work/x.ndjson',
      'out/./.veil-work/x.ndjson',
      'work-link/x.ndjson',
    ]) {
      const r = await submit('in.ndjson', output);
      expect({ output, status: r.status }).toEqual({ output, status: 400 });
      expect(r.body.message).toBe("body.output.path: must not lead into a .veil-work directory (the run queue's work files)");
    }
    expect(existsSync(path.join(sales, '.veil-work', 'x.ndjson'))).toBe(false);
    expect(existsSync(path.join(sales, 'out', '.veil-work', 'x.ndjson'))).toBe(false);
  });

  it("refuses to read another run's work files", async () => {
    for (const input of ['.veil-work/run-1/chunk-0.ndjson', 'work-link/run-1/chunk-0.ndjson']) {
      const r = await submit(input, 'out/a.ndjson');
      expect({ input, status: r.status }).toEqual({ input, status: 400 });
      expect(r.body.message).toMatch(/^body\.input\.path: must not lead into a \.veil-work directory/);
    }
  });

  it('still accepts a name that only contains the word', async () => {
    const r = await submit('in.ndjson', 'out/my.veil-work.ndjson');
    expect(r.status).toBe(202);
  });
});
