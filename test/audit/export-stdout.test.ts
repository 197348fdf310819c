/**
 * audit export to a stream: `veil audit export --output -` writes to stdout (as `run -o -` and
 * `synth -o -` do) and creates no file named `-`; the library takes any writable stream.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { closeStore } from '../../src/store/environment.js';
import { cliAuditLogger, useCliEnvironment } from './cli-helpers.js';
import { makeAuditFixture } from './helpers.js';

const cli = useCliEnvironment('veil-audit-export-stdout-');

describe('audit export to a stream', () => {
  it('exportEvents writes JSON Lines to a stream and leaves it open', async () => {
    const fx = makeAuditFixture({ checkpointEvery: 0 });
    try {
      await fx.logger.logEvents([{ type: 'data_access' }, { type: 'data_export' }]);
      const sink = new PassThrough();
      let text = '';
      sink.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      const result = await fx.logger.exportEvents({ output: sink, format: 'jsonl' });
      expect(result).toMatchObject({ output: '-', events: 2 });
      expect(result.bytes).toBe(Buffer.byteLength(text));
      expect(sink.writableEnded).toBe(false);
      const seqs = text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { seq: number }).seq);
      expect(seqs).toEqual([1, 2]);
    } finally {
      await fx.cleanup();
    }
  });

  it("veil audit export --output - prints the events and writes no file named '-'", async () => {
    const storePath = path.join(cli.dir, 'home', 'store');
    const logger = cliAuditLogger(cli.env, storePath);
    await logger.logEvents([{ type: 'data_access' }, { type: 'user_login', userId: 'ada' }]);
    await logger.flush();
    await closeStore(storePath);

    const result = await cli.veil(['audit', 'export', '--output', '-', '--format', 'ocsf']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('class_uid');
    expect(result.stderr).toMatch(/^exported 2 events \(\d+ bytes\) to stdout\n$/);
    expect(existsSync(path.join(cli.dir, '-'))).toBe(false);
  });
});
