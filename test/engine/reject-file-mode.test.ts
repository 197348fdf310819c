/**
 * The reject file of a local run is created 0600, as the queue's assembled reject file already
 * was: with `reject_include_record: true` it holds the raw records the pipeline exists to
 * protect, and a local run wrote it 0644 (readable by every user of the machine) even when the
 * input itself was 0600.
 */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { tempDir } from '../helpers/temp.js';

describe('reject file: mode', () => {
  for (const threads of [0, 1]) {
    it(`is readable by its owner only (threads ${threads})`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.ndjson');
      writeFileSync(input, '{"email":"a@example.com"}\n{"email":"raw@example.com", broken\n', { mode: 0o600 });
      const output = path.join(dir, 'out.ndjson');
      // An existing, world-readable file at the path is replaced, not reused with its mode.
      const rejectFile = path.join(dir, 'rejects.ndjson');
      writeFileSync(rejectFile, 'old\n', { mode: 0o644 });

      const summary = await pipeline({
        name: 'rejects',
        input: { format: 'ndjson' },
        on_error: 'reject',
        reject_include_record: true,
        stages: [],
      }).run({ input, output, rejectFile, threads });

      expect(summary.recordsRejected).toBe(1);
      expect(statSync(rejectFile).mode & 0o077).toBe(0);
    });
  }
});
