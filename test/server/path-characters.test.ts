/**
 * Paths with control characters: a pipeline run whose input or output path holds one is refused
 * (400) naming the role and the rule, never the path, and no file is created.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

const PIPELINE = ['name: copy', 'input:', '  format: ndjson', 'output:', '  format: ndjson', 'stages: []', ''];

describe('pipeline runs over HTTP: paths with control characters', () => {
  let s: ServerFixture;
  let dir: string;
  let sales: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-path-characters-'));
    const pipelines = path.join(dir, 'pipelines');
    sales = path.join(dir, 'sales');
    for (const d of [pipelines, path.join(sales, 'out')]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(pipelines, 'copy.yaml'), PIPELINE.join('\n'));
    writeFileSync(path.join(sales, 'in.ndjson'), '{"id":1}\n');
    s = await startServer({
      users: [{ username: 'sales', roles: ['user'], grants: { pipelines: ['read', 'execute'], 'datasets:sales': ['read', 'write'] } }],
      server: {
        pipelineRuns: { pipelinesDir: pipelines, datasets: { sales }, threads: 1, storePath: path.join(dir, 'engine-store') },
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (input: string, output: string) =>
    s.call('POST', '/v1/pipelines/runs', {
      token: s.tokens['sales']!,
      body: { pipeline: 'copy.yaml', input: { dataset: 'sales', path: input }, output: { dataset: 'sales', path: output } },
    });

  it('refuses an output or input path holding a control character, without echoing it', async () => {
    const bad = ['o\nx.ndjson', 'out/o\rx.ndjson', 'o\u0000x.ndjson', 'o\tx.ndjson', 'o\u001bx.ndjson', 'o\u007fx.ndjson', 'out/\u001f.ndjson'];
    for (const output of bad) {
      const r = await run('in.ndjson', output);
      expect({ output, status: r.status }).toEqual({ output, status: 400 });
      expect(r.body.message).toBe('body.output.path: the output path must not contain control characters (U+0000 to U+001F or U+007F)');
      expect(r.text).not.toContain(output);
      expect(r.text).not.toContain(JSON.stringify(output).slice(1, -1));
    }
    const input = await run('in\n.ndjson', 'out/a.ndjson');
    expect(input.status).toBe(400);
    expect(input.body.message).toBe('body.input.path: the input path must not contain control characters (U+0000 to U+001F or U+007F)');
    // Nothing was written: no file with a control character in its name, no output.
    expect(readdirSync(sales).sort()).toEqual(['in.ndjson', 'out']);
    expect(readdirSync(path.join(sales, 'out'))).toEqual([]);
  });

  it('still accepts ordinary names, including non-ASCII and spaces', async () => {
    const r = await run('in.ndjson', 'out/résumé copy.ndjson');
    expect(r.status).toBe(202);
    for (let i = 0; i < 300; i++) {
      const state = await s.call('GET', `/v1/pipelines/runs/${r.body.id}`, { token: s.tokens['sales']! });
      if (state.body.state === 'completed' || state.body.state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(readdirSync(path.join(sales, 'out'))).toEqual(['résumé copy.ndjson']);
  });
});
