/**
 * `hash`: replaces the entity with a hex digest. With `key` (the default and recommended form)
 * the digest is HMAC-SHA-256 (RFC 2104) under a key read from `env:`/`file:`/`keyring:`, so
 * nobody without the key can test guesses. A plain SHA-256 is allowed only with an explicit
 * `salt`: personal data has little entropy (a phone number is one of ~10^10 values), so an
 * unkeyed hash is reversed by enumerating candidates; the salt at least defeats precomputed
 * tables, and requiring it makes the weaker choice a visible one in the pipeline file. A key
 * shorter than 16 bytes is refused (./operator-key.ts): a one-byte key is 256 guesses.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { defineOperator } from '../operator.js';
import { secretReference } from '../../engine/secrets.js';
import { resolveOperatorKey } from './operator-key.js';

export const hashOperator = defineOperator({
  name: 'hash',
  description: 'Replace with HMAC-SHA-256 (keyed) or, with an explicit salt, salted SHA-256.',
  reversible: false,
  options: z
    .object({
      /** Key reference for HMAC-SHA-256: `env:NAME`, `file:PATH` or `keyring:NAME`. */
      key: secretReference().optional(),
      /** Salt for an unkeyed SHA-256; only used, and required, when `key` is absent. */
      salt: z.string().min(8).optional(),
      /** Hex characters to keep from the digest (64 = all of it). */
      length: z.number().int().min(8).max(64).default(64),
    })
    .strict()
    .refine((o) => (o.key === undefined) !== (o.salt === undefined), {
      error:
        'hash needs exactly one of `key` (HMAC-SHA-256, recommended) or `salt` (plain SHA-256)',
    }),
  async create(options, env) {
    const { length } = options;
    if (options.key !== undefined) {
      const resolved = await resolveOperatorKey(env, 'hash', options.key);
      const key = Buffer.from(resolved);
      resolved.fill(0);
      return {
        anonymize: (value) =>
          createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, length),
      };
    }
    const salt = options.salt ?? '';
    return {
      anonymize: (value) =>
        createHash('sha256')
          .update(salt, 'utf8')
          .update(value, 'utf8')
          .digest('hex')
          .slice(0, length),
    };
  },
});
