/**
 * Anonymizes texts with one operator configuration two ways: through the library
 * (`PrivacyManager.anonymizeText`, which detects) and through an `anonymize` stage run over an
 * NDJSON file, so a test can hold both to the same expectations.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../src/engine/pipeline.js';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';
import { tempDir } from './temp.js';

/** The `entities` part of an operator configuration: type -> `{ operator, ...options }`. */
export type EntityOperators = Record<string, { operator: string } & Record<string, unknown>>;

export async function anonymizeWithLibrary(
  texts: readonly string[],
  entities: EntityOperators,
): Promise<string[]> {
  const privacy = new PrivacyManager({ storePath: path.join(tempDir('veil-ops-lib-'), 'store') });
  const out: string[] = [];
  for (const text of texts) out.push(await privacy.anonymizeText(text, { operators: { entities } }));
  return out;
}

export async function anonymizeWithStage(
  texts: readonly string[],
  entities: EntityOperators,
  threads = 0,
): Promise<string[]> {
  const dir = tempDir('veil-ops-stage-');
  const input = path.join(dir, 'in.ndjson');
  const output = path.join(dir, 'out.ndjson');
  writeFileSync(input, texts.map((text, id) => JSON.stringify({ id, text })).join('\n') + '\n');
  const stages = [{ type: 'anonymize', entities }];
  const spec = { name: 'operator-forms', input: { format: 'ndjson' }, stages };
  await pipeline(spec as never, { storePath: path.join(dir, 'store') }).run({ input, output, threads });
  return readFileSync(output, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}
