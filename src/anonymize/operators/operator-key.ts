/**
 * The key of a keyed operator (`hash`, `pseudonymize`, `date-shift`). Personal data has little
 * entropy, so whoever can guess the key can test every candidate value against an output; a key
 * shorter than 16 bytes (a word, a short variable left over from a test) is refused when the
 * operator is built, as the `pseudonymize` stage refuses one.
 */
import { shownReference } from '../../engine/secrets.js';
import { AnonymizeConfigError } from '../../errors/anonymize-error.js';
import { MIN_PSEUDONYM_KEY_BYTES } from '../../stages/pseudonymize.js';
import type { OperatorEnvironment } from '../operator.js';

/**
 * Resolves `reference` and checks its length. The message names the operator, the reference's
 * scheme and the length, never the key or the reference's name.
 */
export async function resolveOperatorKey(
  env: OperatorEnvironment,
  operator: string,
  reference: string,
): Promise<Uint8Array> {
  const key = await env.secrets.resolve(reference);
  if (key.length < MIN_PSEUDONYM_KEY_BYTES) {
    key.fill(0);
    throw new AnonymizeConfigError(
      `${env.where}: ${operator}: the key from ${shownReference(reference)} is ${key.length} bytes; ` +
        `at least ${MIN_PSEUDONYM_KEY_BYTES} are required`,
    );
  }
  return key;
}
