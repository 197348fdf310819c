/**
 * CLI progress: a bar with records, MB/s and an ETA on a terminal; nothing at all on a pipe.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressView } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & {
    isTTY: boolean;
    columns: number;
  };
  let written = '';
  stream.isTTY = isTTY;
  stream.columns = 120;
  Object.assign(stream, { cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { stream, text: () => written };
}

const progress = {
  bytesRead: 5_000_000,
  totalBytes: 10_000_000,
  recordsIn: 1234,
  recordsOut: 1234,
  recordsRejected: 0,
  elapsedMs: 1000,
  pass: 1,
  passes: 1,
};

describe('progress view', () => {
  it('draws records, MB/s and pass on a terminal', async () => {
    const { stream, text } = fakeStream(true);
    const view = createProgressView(stream);
    view.update(progress);
    view.stop();
    await new Promise((r) => setImmediate(r));
    expect(text()).toContain('1234 records');
    expect(text()).toContain('5.0 MB/s');
    expect(text()).toContain('50%');
  });

  it('writes nothing on a pipe', async () => {
    const { stream, text } = fakeStream(false);
    const view = createProgressView(stream);
    view.update(progress);
    view.stop();
    await new Promise((r) => setImmediate(r));
    expect(text()).toBe('');
  });
});
