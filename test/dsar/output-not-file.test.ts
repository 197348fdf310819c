/**
 * dsar: the export bundle and a rewritten dataset are renamed into place only over a regular
 * file. An export path that is a symbolic link, a FIFO or a directory is refused
 * (`VEIL_OUTPUT_NOT_FILE`) and left as it was; so is a dataset registered through a link, whose
 * erasure used to replace the link and leave the subject's records in the link's target.
 */
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { exportSubjectData, rewriteSubjectData } from '../../src/dsar/fulfil.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { expectStillPlanted, plantNotRegular, refusedKinds } from '../helpers/not-regular.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
});

const SUBJECT = 'ana.lima@example.org';
const TICKETS = '{"id":1,"email":"bo@example.com"}\n{"id":2,"email":"ana.lima@example.org"}\n';

async function setup(datasetPath: (dir: string) => string) {
  const dir = tempDir('veil-dsar-not-file-');
  const storePath = path.join(dir, 'store');
  opened.push(storePath);
  const store = openStore(storePath);
  const registry = new DatasetRegistry({ store });
  await registry.register({
    name: 'tickets',
    path: datasetPath(dir),
    format: 'ndjson',
    identifiers: [{ field: 'email', identifier: 'email' }],
  });
  return { dir, registry, dsar: new DsarManager({ store }) };
}

function regularDataset(dir: string): string {
  const file = path.join(dir, 'tickets.ndjson');
  writeFileSync(file, TICKETS);
  return file;
}

describe('dsar: an output path that is not a regular file', () => {
  it('refuses an export path that is a link, a FIFO or a directory, and replaces a regular file', async () => {
    const { dir, registry, dsar } = await setup(regularDataset);
    const request = await dsar.createDataSubjectRequest({ requestType: 'access', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
    for (const [kind, words] of refusedKinds) {
      const outDir = path.join(dir, `out-${kind}`);
      const target = path.join(outDir, `${request.id}.export.veil`);
      mkdirSync(outDir);
      plantNotRegular(target, kind);
      const result = exportSubjectData(registry.list(), request, { outDir });
      await expect(result).rejects.toMatchObject({ code: 'VEIL_OUTPUT_NOT_FILE' });
      await expect(result).rejects.toThrow(`the DSAR export ${target} ${words}`);
      expectStillPlanted(target, kind);
      expect(readdirSync(outDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }

    const outDir = path.join(dir, 'out-regular');
    const target = path.join(outDir, `${request.id}.export.veil`);
    mkdirSync(outDir);
    writeFileSync(target, 'old\n');
    const result = await exportSubjectData(registry.list(), request, { outDir });
    expect(result.file).toBe(target);
    expect(readFileSync(target, 'utf8')).not.toBe('old\n');
  });

  it('refuses to erase through a dataset registered as a link, leaving link and target', async () => {
    const { dir, registry, dsar } = await setup((d) => {
      const real = regularDataset(d);
      symlinkSync(path.basename(real), path.join(d, 'tickets-link.ndjson'));
      return path.join(d, 'tickets-link.ndjson');
    });
    const request = await dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
    const link = path.join(dir, 'tickets-link.ndjson');
    await expect(rewriteSubjectData(registry.list(), request)).rejects.toThrow(
      `the dataset tickets ${link} is a symbolic link`,
    );
    expect(readFileSync(link, 'utf8')).toBe(TICKETS);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
