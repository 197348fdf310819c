/**
 * k-anonymize report: a report path that is a symbolic link, a FIFO or a directory is refused
 * (`VEIL_OUTPUT_NOT_FILE`) and left as it was, and none of the three files is written; regular
 * files are replaced. The report used to be renamed over each path.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { writeReport } from '../../src/kanon/report.js';
import { expectStillPlanted, plantNotRegular, refusedKinds } from '../helpers/not-regular.js';
import { tempDir } from '../helpers/temp.js';
import { adultHierarchies, readAdult } from './helpers/checker.js';

describe('k-anonymize report: a path that is not a regular file', () => {
  it('refuses a link, a FIFO or a directory among the three files, and replaces regular ones', async () => {
    const { rows } = readAdult(300);
    const { report } = await kAnonymize(rows, { quasiIdentifiers: adultHierarchies(), k: 5, suppressionLimit: 0.2 });

    for (const [kind, words] of refusedKinds) {
      const dir = tempDir();
      const html = path.join(dir, 'r.html');
      plantNotRegular(html, kind);
      const write = writeReport(path.join(dir, 'r'), report);
      await expect(write).rejects.toMatchObject({ code: 'VEIL_OUTPUT_NOT_FILE' });
      await expect(write).rejects.toThrow(`the k-anonymization report ${html} ${words}`);
      expectStillPlanted(html, kind);
      expect(readdirSync(dir).filter((name) => name.startsWith('r.') || name.endsWith('.tmp'))).toEqual(['r.html']);
    }

    const dir = tempDir();
    for (const ext of ['json', 'md', 'html']) writeFileSync(path.join(dir, `r.${ext}`), 'old\n');
    await writeReport(path.join(dir, 'r'), report);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('<h1>k-anonymization report</h1>');
  });
});
