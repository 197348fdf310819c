/**
 * `encrypt-field`: encrypts chosen fields of every record, binding each field's concrete path
 * and (optionally) the record's id as associated data, so values cannot be swapped between
 * fields or records unnoticed.
 *
 * ```yaml
 * - type: encrypt-field
 *   fields: [email, phone, "contacts[].email"]
 *   key: keyring:customers          # or env:NAME / file:PATH holding 32 bytes
 *   algorithm: xchacha20-poly1305   # aes-256-gcm | aes-256-gcm-siv (deterministic) | ff1
 *   record_id_field: id
 * ```
 *
 * Keys are loaded once per worker in `create` (all versions of a keyring key), never per record.
 */
import { z } from 'zod';
import { FIELD_ALGORITHMS, FieldCipher } from '../crypto/field-cipher.js';
import { recordIdOf } from '../crypto/encryption-manager.js';
import { CryptoError } from '../errors/crypto-error.js';
import { KeyStateError } from '../errors/key-state-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { compileFieldPath } from '../engine/field-path.js';
import { secretReference } from '../engine/secrets.js';
import {
  defineStage,
  type JsonRecord,
  type JsonValue,
  type RecordTransform,
  type SecretResolver,
  type StageCounters,
} from '../engine/stage.js';
import { loadKeySet } from '../keyring/load.js';
import '../keyring/secret-scheme.js';

/** Options shared by `encrypt-field` and `decrypt-field`. */
export const fieldCryptoOptions = z
  .object({
    /** Dotted field paths (`customer.email`, `contacts[].phone`). */
    fields: z.array(z.string().min(1)).min(1),
    /** Secret reference: `keyring:NAME`, `env:NAME` or `file:PATH`. */
    key: secretReference(),
    /** Default `xchacha20-poly1305`. `aes-256-gcm-siv` is deterministic (leaks equality). */
    algorithm: z.enum(FIELD_ALGORITHMS as [string, ...string[]]).default('xchacha20-poly1305'),
    /** Path of the record's id, bound into every field's AAD (or FF1 tweak). */
    record_id_field: z.string().min(1).optional(),
    /** FF1 only: the characters that are encrypted (default digits). */
    alphabet: z.string().min(2).optional(),
    /** AEAD modes: a fresh data key per value, wrapped under the key (envelope encryption). */
    data_key: z.boolean().default(false),
    /** FF1 only, for decryption after a rotation: the key version id (`name/vN`). */
    key_version: z.string().min(1).optional(),
  })
  .strict();

export type FieldCryptoOptions = z.infer<typeof fieldCryptoOptions>;

/**
 * A configuration error, before the first record is read, when the key cannot encrypt (a
 * disabled or destroyed primary, or FF1 `key_version`): every record would be rejected with the
 * same reason and the run would end as a success with no output (round 13).
 */
function checkKeyEncrypts(cipher: FieldCipher, reference: string): void {
  try {
    cipher.checkEncryptable();
  } catch (error) {
    if (!(error instanceof KeyStateError)) throw error;
    const name = /^keyring:(.+)$/.exec(reference)?.[1];
    const remedy =
      name === undefined
        ? ''
        : ` (\`veil keys enable ${name}\` re-enables it, \`veil keys rotate ${name}\` adds a new version)`;
    throw new PipelineError(`key: ${error.message}${remedy}`, { cause: error });
  }
}

/** Builds the per-record transform for either direction. */
export async function createFieldTransform(
  options: FieldCryptoOptions,
  env: { readonly secrets: SecretResolver; readonly storePath: string },
  counters: StageCounters,
  direction: 'encrypt' | 'decrypt',
): Promise<RecordTransform> {
  const keys = await loadKeySet(options.key, env.secrets, env.storePath);
  const cipher = new FieldCipher(keys, {
    algorithm: options.algorithm as (typeof FIELD_ALGORITHMS)[number],
    dataKey: options.data_key,
    ...(options.alphabet === undefined ? {} : { alphabet: options.alphabet }),
    ...(options.key_version === undefined ? {} : { fpeKeyId: options.key_version }),
  });
  if (direction === 'encrypt') checkKeyEncrypts(cipher, options.key);
  const paths = options.fields.map((field) => compileFieldPath(field));
  const counter = direction === 'encrypt' ? 'fields_encrypted' : 'fields_decrypted';

  // A string where `contacts[].email` expects an array would otherwise pass in clear: the record
  // is rejected instead, naming the path, never the value.
  const shapeMismatch = (path: string, expected: 'object' | 'array'): never => {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `field '${path}' is not ${expected === 'array' ? 'an array' : 'an object'} as the selected path expects`,
    );
  };

  return (record: JsonRecord) => {
    const recordId = recordIdOf(record, options.record_id_field);
    let count = 0;
    const visit =
      direction === 'encrypt'
        ? (value: JsonValue, path: string) => {
            count++;
            return cipher.encryptValue(value, path, recordId);
          }
        : (value: JsonValue, path: string) => {
            count++;
            return cipher.decryptValue(value, path, recordId);
          };
    for (const path of paths) path.update(record, visit, shapeMismatch);
    if (count > 0) counters.add(counter, count);
    return record;
  };
}

export const encryptFieldStage = defineStage({
  name: 'encrypt-field',
  description:
    'Encrypt chosen fields (AEAD, deterministic AES-GCM-SIV or FF1), bound to field path and record id',
  options: fieldCryptoOptions,
  // Values change, keys stay.
  columnsAfter: (_opts, columns) => columns,
  create: (options, env, counters) => createFieldTransform(options, env, counters, 'encrypt'),
});
