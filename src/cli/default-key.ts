/**
 * The first-run pseudonym key. A fresh clone has no key, yet `npm install && npm start` must
 * work. When a pipeline refers to `env:VEIL_PSEUDONYM_KEY` and the variable is not set, the CLI
 * uses `$VEIL_HOME/keys/pseudonym.key` (default VEIL_HOME: `.veil` in the working directory),
 * creating it with 32 random bytes and mode 0600 on first use, and says so on stderr.
 *
 * Only the CLI does this: library callers get the plain "environment variable is not set" error,
 * because a silently generated key would make pseudonyms unrepeatable in a service.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { veilHome } from '../store/veil-home.js';

export const DEFAULT_KEY_REFERENCE = 'env:VEIL_PSEUDONYM_KEY';

export { veilHome };

/**
 * Returns secret aliases that stand in for the unset default key variable, creating the key file
 * if needed, or `{}` when the variable is set or the pipeline does not use it.
 */
export function defaultKeyAliases(
  specText: string,
  announce: (line: string) => void,
): Record<string, string> {
  if (!specText.includes(DEFAULT_KEY_REFERENCE)) return {};
  const value = process.env['VEIL_PSEUDONYM_KEY'];
  if (value !== undefined && value.length > 0) return {};

  const file = path.join(veilHome(), 'keys', 'pseudonym.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Hex text, so the key can be copied into VEIL_PSEUDONYM_KEY on another machine.
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    announce(
      `veil: VEIL_PSEUDONYM_KEY is not set; created a new random key in ${file} (mode 0600). ` +
        `Keep it: the same key gives the same pseudonyms.`,
    );
  } else {
    announce(`veil: VEIL_PSEUDONYM_KEY is not set; using the key in ${file}`);
  }
  return { [DEFAULT_KEY_REFERENCE]: `file:${file}` };
}

/**
 * The text `defaultKeyAliases` searches for the default key's reference: the pipeline as written
 * and its stages' options with their defaults applied, so that a `pseudonymize` stage with no
 * `key:` (whose default is that reference) gets the first-run key too (round 12: such a pipeline
 * failed with "not set" where one naming the reference worked).
 */
export function pipelineReferenceText(loaded: {
  spec: unknown;
  resolved: { stages: ReadonlyArray<{ options: unknown }> };
}): string {
  return JSON.stringify([loaded.spec, loaded.resolved.stages.map((stage) => stage.options)]);
}
