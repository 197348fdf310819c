/**
 * An output name that fits the file system's 255-byte limit is written even when the hidden
 * temporary name beside it (`.<name>.<pid>-<random>.tmp`) would not: the temporary name cuts
 * its copy of the output name (round 12; it failed with ENAMETOOLONG).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hiddenName } from '../../src/io/temp-paths.js';
import { expectCode, rejectingAnonymizePipeline, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('long output names', () => {
  it('hidden names stay within 255 bytes, cut at a character boundary', () => {
    for (const base of ['o'.repeat(252), 'é'.repeat(126), '😀'.repeat(63), 'short.ndjson']) {
      const name = hiddenName(base, '12345-abcdef01', 'tmp');
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name.startsWith('.')).toBe(true);
      expect(name.endsWith('.12345-abcdef01.tmp')).toBe(true);
      expect(name).not.toContain('\ufffd');
      expect(base.startsWith(name.slice(1, name.indexOf('.12345')))).toBe(true);
    }
    expect(hiddenName('short.ndjson', 's', 'tmp')).toBe('.short.ndjson.s.tmp');
  });

  it('veil run writes a 252-byte output name, and its reject file, leaving no temporary file', () => {
    const dir = tempDir();
    const pipelineFile = rejectingAnonymizePipeline(dir);
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":"mail bob@example.com"}\nnot json\n');
    const output = path.join(dir, `${'o'.repeat(245)}.ndjson`);
    const rejects = path.join(dir, `${'r'.repeat(246)}.rej`);
    expectCode(veil(['run', pipelineFile, '-i', input, '-o', output, '--reject-file', rejects, '-q']), 0);
    expect(readFileSync(output, 'utf8')).toBe('{"a":"mail [REDACTED EMAIL]"}\n');
    expect(readFileSync(rejects, 'utf8')).toContain('"line":2');
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
