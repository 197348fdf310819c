/**
 * synth: `writeSyntheticData` and the synth-fit quality report refuse an output path that is a
 * symbolic link, a FIFO or a directory when they rename their temporary file (`RunError`,
 * `VEIL_OUTPUT_NOT_FILE`), leaving the path and no temporary file; a regular file is replaced.
 * The CLI's early checks and exit code are covered in test/cli/writers-not-file.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunError } from '../../src/errors/run-error.js';
import { fitSynthesizer, writeQualityReport } from '../../src/synth/fit/stage-support.js';
import { writeSyntheticData } from '../../src/synth/write.js';
import { expectUntouched, notRegularPaths, refusedKinds } from '../helpers/not-regular.js';

const schema = { fields: { n: { type: 'integer', min: 1, max: 9 } } } as const;

describe('synth: an output path that is not a regular file', () => {
  it('writeSyntheticData refuses a link, a FIFO and a directory, and replaces a regular file', async () => {
    const paths = notRegularPaths();
    for (const [name, words] of refusedKinds) {
      const write = writeSyntheticData(schema, { count: 10, seed: 1, threads: 0, output: paths[name] });
      await expect(write).rejects.toBeInstanceOf(RunError);
      await expect(write).rejects.toThrow(`the output ${paths[name]} ${words}`);
    }
    expectUntouched(paths);

    await writeSyntheticData(schema, { count: 10, seed: 1, threads: 0, output: paths.regular });
    expect(readFileSync(paths.regular, 'utf8').trim().split('\n')).toHaveLength(10);
  });

  it('the quality report refuses a link, a FIFO and a directory, and replaces a regular file', async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({ age: 20 + (i % 40), kind: i % 3 === 0 ? 'a' : 'b' }));
    const { plan } = await fitSynthesizer(records, { seed: 0 });
    const paths = notRegularPaths();
    for (const [name, words] of refusedKinds) {
      const write = writeQualityReport(paths[name], plan, 20);
      await expect(write).rejects.toMatchObject({ code: 'VEIL_OUTPUT_NOT_FILE' });
      await expect(write).rejects.toThrow(`the quality report ${paths[name]} ${words}`);
    }
    expectUntouched(paths);

    await writeQualityReport(paths.regular, plan, 20);
    expect(readFileSync(paths.regular, 'utf8')).toContain('<html');
    expect(path.basename(paths.regular)).toBe('regular');
  });
});
