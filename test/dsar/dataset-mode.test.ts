/**
 * dsar: a rewritten dataset keeps its permission bits. The rewrite went through a temporary file
 * created 0600 and renamed into place, so after an erasure or a rectification a dataset that its
 * group (a reporting job, a web app) could read was readable by its owner only.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { rewriteSubjectData } from '../../src/dsar/fulfil.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
});

describe('dsar: rewritten datasets keep their mode', () => {
  for (const mode of [0o640, 0o644, 0o600]) {
    it(`erasure and rectification leave a ${mode.toString(8)} dataset ${mode.toString(8)}`, async () => {
      const dir = tempDir('veil-dsar-mode-');
      const storePath = path.join(dir, 'store');
      opened.push(storePath);
      const store = openStore(storePath);
      const file = path.join(dir, 'crm.ndjson');
      writeFileSync(file, '{"email":"ana@example.org","city":"Porto"}\n{"email":"bo@example.org","city":"Faro"}\n');
      chmodSync(file, mode);
      const registry = new DatasetRegistry({ store });
      await registry.register({ name: 'crm', path: file, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
      const dsar = new DsarManager({ store });

      const rectify = await dsar.createDataSubjectRequest({
        requestType: 'rectification',
        jurisdiction: 'GDPR',
        identifiers: { email: 'bo@example.org' },
        patch: { city: 'Braga' },
      });
      await rewriteSubjectData(registry.list(), rectify);
      expect(readFileSync(file, 'utf8')).toContain('Braga');
      expect(statSync(file).mode & 0o777).toBe(mode);

      const erase = await dsar.createDataSubjectRequest({
        requestType: 'erasure',
        jurisdiction: 'GDPR',
        identifiers: { email: 'ana@example.org' },
      });
      await rewriteSubjectData(registry.list(), erase);
      expect(readFileSync(file, 'utf8')).not.toContain('ana@');
      expect(statSync(file).mode & 0o777).toBe(mode);
    });
  }
});
