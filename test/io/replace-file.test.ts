/**
 * io: `writeFileReplacing` and `renameOver`, the rename every writer of a named file goes
 * through, refuse a link, a FIFO or a directory at the path (the rename would replace it) and
 * leave it and no temporary file behind; a regular file is replaced and a missing one created.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunError } from '../../src/errors/run-error.js';
import { activeTempPaths } from '../../src/io/temp-paths.js';
import {
  renameOver,
  temporaryPathBeside,
  writeFileReplacing,
} from '../../src/io/replace-file.js';
import { expectUntouched, notRegularPaths, refusedKinds } from '../helpers/not-regular.js';

const options = { role: 'test report', mode: 0o600 };

describe('io: replacing a named file through a temporary file', () => {
  it('refuses a link, a FIFO and a directory, naming the role and the kind', async () => {
    const paths = notRegularPaths();
    for (const [name, kind] of refusedKinds) {
      const write = writeFileReplacing(paths[name], 'new secret text\n', options);
      await expect(write).rejects.toBeInstanceOf(RunError);
      await expect(write).rejects.toMatchObject({ code: 'VEIL_OUTPUT_NOT_FILE' });
      const message = await write.catch((error: Error) => error.message);
      expect(message).toBe(
        `the test report ${paths[name]} ${kind}: Veil writes only to regular files (it renames ` +
          'a temporary file over the path, which would replace it); give a regular file path',
      );
      expect(message).not.toContain('secret');
    }
    expectUntouched(paths);
    expect(activeTempPaths.size).toBe(0);
  });

  it('replaces a regular file and creates a missing one, with the given mode', async () => {
    const paths = notRegularPaths();
    await writeFileReplacing(paths.regular, 'new\n', options);
    expect(readFileSync(paths.regular, 'utf8')).toBe('new\n');
    const created = path.join(paths.dir, 'created');
    await writeFileReplacing(created, 'made\n', options);
    expect(readFileSync(created, 'utf8')).toBe('made\n');
    expectUntouched(paths, ['created']);
  });

  it('renameOver leaves the temporary file to its caller when it refuses', async () => {
    const paths = notRegularPaths();
    const temp = temporaryPathBeside(paths.link);
    expect(path.dirname(temp)).toBe(paths.dir);
    writeFileSync(temp, 'new\n');
    await expect(renameOver(temp, paths.link, 'output')).rejects.toMatchObject({
      code: 'VEIL_OUTPUT_NOT_FILE',
    });
    expect(readdirSync(paths.dir)).toContain(path.basename(temp));
  });
});
