/**
 * `pseudonymize`: replaces the entity with the engine's keyed pseudonym (the `pseudonymize`
 * stage's tokens: prefix + encode(HMAC-SHA-256(key, context || 0x00 || value))), so a value
 * replaced inside free text and the same value pseudonymized as a whole field by the stage agree
 * when they share a context. The context defaults to the entity type, so "Ann Lee" gets one token
 * in every field of every record (joins and counts still work) and none outside this key.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { secretReference } from '../../engine/secrets.js';
import { encodeDigest } from '../../stages/pseudonymize.js';
import { defineOperator } from '../operator.js';
import { resolveOperatorKey } from './operator-key.js';

export const pseudonymizeOperator = defineOperator({
  name: 'pseudonymize',
  description: 'Replace with the keyed pseudonym of the pseudonymize stage (deterministic).',
  reversible: false,
  options: z
    .object({
      /** Secret reference of the HMAC key (at least 16 bytes). */
      key: secretReference().default('env:VEIL_PSEUDONYM_KEY'),
      /** Token context; `{type}` becomes the entity type. Same context, same token. */
      context: z.string().min(1).default('{type}'),
      /** Text before the token; `{type}` becomes the entity type. */
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9_.:{}-]*$/)
        .default('{type}_'),
      length: z.number().int().min(8).max(42).default(16),
      encoding: z.enum(['base62', 'base32']).default('base62'),
    })
    .strict(),
  async create(options, env) {
    const key = await resolveOperatorKey(env, 'pseudonymize', options.key);
    const keyBuffer = Buffer.from(key);
    key.fill(0);
    const { context, prefix, length, encoding } = options;
    return {
      anonymize(value, finding) {
        const ctx = context.replaceAll('{type}', finding.type);
        const digest = createHmac('sha256', keyBuffer)
          .update(`${ctx}\u0000`, 'utf8')
          .update(value, 'utf8')
          .digest();
        return prefix.replaceAll('{type}', finding.type) + encodeDigest(digest, encoding, length);
      },
    };
  },
});
