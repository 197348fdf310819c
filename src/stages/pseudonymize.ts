/**
 * `pseudonymize`: replaces chosen fields with keyed, deterministic pseudonyms.
 *
 * ```yaml
 * - type: pseudonymize
 *   key: env:VEIL_PSEUDONYM_KEY      # or file:PATH / keyring:NAME, never a literal
 *   prefix: cust_                    # optional, for every field
 *   fields:
 *     - email                        # context 'email': unlinkable with other fields
 *     - { path: sender.email, context: email }   # same context: same pseudonym as `email`
 *     - { path: id, prefix: id_, length: 12 }
 * ```
 *
 * pseudonym = prefix + encode(HMAC-SHA-256(key, context || 0x00 || value))[0, length)
 *
 * HMAC (RFC 2104) under a secret key makes the mapping one-way for anyone without the key (a plain
 * hash of an email can be reversed by hashing a list of emails), and deterministic, so joins
 * across tables and runs still work. The context (default: the field path) separates fields: the
 * same value in two fields gives unrelated pseudonyms unless the pipeline gives both one context.
 * Numbers and booleans are pseudonymized as their text, so `39` and `"39"` agree across formats.
 * A path ending on an array of scalars pseudonymizes each element (same context for all); an
 * object, or an array holding one, rejects the record, and so does a value of the wrong shape on
 * the way (`contacts[].email` meeting a string): a selected value never passes in clear. Absent
 * keys and `null` are not errors.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { compileFieldPath } from '../engine/field-path.js';
import { secretReference, shownReference } from '../engine/secrets.js';
import { defineStage, type JsonValue } from '../engine/stage.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { VeilError } from '../errors/veil-error.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Crockford's base32, lower-case: no i, l, o, u, so tokens read back without confusion. */
const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/** Longest token that 256 HMAC bits fill completely, per encoding. */
const MAX_LENGTH = { base62: 42, base32: 51 } as const;

/** Keys shorter than this are refused (NIST SP 800-107 asks for at least the security strength). */
export const MIN_PSEUDONYM_KEY_BYTES = 16;

const context = z
  .string()
  .min(1)
  .refine((value) => !value.includes('\u0000'), { message: 'context must not contain NUL' });
const prefix = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]*$/, { message: 'prefix: letters, digits, _ . : - only' });
const length = z.number().int().min(8).max(51);

const fieldSchema = z.union([
  z.string().min(1),
  z.strictObject({
    path: z.string().min(1),
    context: context.optional(),
    prefix: prefix.optional(),
    length: length.optional(),
  }),
]);

const options = z
  .strictObject({
    /** Field paths, or `{ path, context?, prefix?, length? }` entries. */
    fields: z.array(fieldSchema).min(1),
    /** Secret reference of the HMAC key (at least 16 bytes). */
    key: secretReference().default('env:VEIL_PSEUDONYM_KEY'),
    /** Prepended to every pseudonym (a field's own `prefix` wins). */
    prefix: prefix.default(''),
    /** Characters of encoded HMAC kept (default 16: about 95 bits in base62). */
    length: length.default(16),
    encoding: z.enum(['base62', 'base32']).default('base62'),
  })
  .superRefine((value, ctx) => {
    const max = MAX_LENGTH[value.encoding];
    const lengths = [
      value.length,
      ...value.fields.map((f) => (typeof f === 'string' ? undefined : f.length)),
    ];
    if (lengths.some((l) => l !== undefined && l > max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['length'],
        message: `length must be at most ${max} for ${value.encoding}`,
      });
    }
    for (const [i, field] of value.fields.entries()) {
      const path = typeof field === 'string' ? field : field.path;
      try {
        compileFieldPath(path);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['fields', i], message: (error as Error).message });
      }
    }
  });

/** Encodes the leading bits of `digest` as `length` characters of the alphabet. */
export function encodeDigest(
  digest: Uint8Array,
  encoding: 'base62' | 'base32',
  length: number,
): string {
  let out = '';
  if (encoding === 'base32') {
    // 5 bits per character, most significant first (RFC 4648 bit order, Crockford alphabet).
    let bits = 0;
    let acc = 0;
    for (let i = 0; out.length < length;) {
      if (bits < 5) {
        acc = ((acc << 8) | (digest[i++] as number)) & 0xffff;
        bits += 8;
      }
      out += BASE32[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    return out;
  }
  // Base62 of the digest read as a big-endian integer, least significant digit first. Long
  // division over 32-bit limbs: each step stays below 2^38, exact in a double, and it measured
  // 4x faster than BigInt division.
  const limbs = new Array<number>(digest.length >> 2);
  for (let i = 0; i < limbs.length; i++) {
    limbs[i] =
      (digest[i * 4] as number) * 0x1000000 +
      (((digest[i * 4 + 1] as number) << 16) |
        ((digest[i * 4 + 2] as number) << 8) |
        (digest[i * 4 + 3] as number));
  }
  for (let d = 0; d < length; d++) {
    let remainder = 0;
    for (let i = 0; i < limbs.length; i++) {
      const current = remainder * 0x100000000 + (limbs[i] as number);
      const quotient = Math.floor(current / 62);
      remainder = current - quotient * 62;
      limbs[i] = quotient;
    }
    out += BASE62[remainder];
  }
  return out;
}

export const pseudonymizeStage = defineStage({
  name: 'pseudonymize',
  description:
    'Replace fields with keyed HMAC-SHA-256 pseudonyms (deterministic, per-field context)',
  options,
  // Values change, keys stay.
  columnsAfter: (_opts, columns) => columns,
  async create(opts, env, counters) {
    const key = await env.secrets.resolve(opts.key);
    if (key.length < MIN_PSEUDONYM_KEY_BYTES) {
      throw new PipelineError(
        `stage 'pseudonymize' (#${env.stageIndex + 1}): the key from ${shownReference(opts.key)} is ` +
          `${key.length} bytes; at least ${MIN_PSEUDONYM_KEY_BYTES} are required`,
      );
    }
    const keyBuffer = Buffer.from(key);
    key.fill(0);

    const fields = opts.fields.map((field) => {
      const spec = typeof field === 'string' ? { path: field } : field;
      const contextBytes = Buffer.from((spec.context ?? spec.path) + '\u0000', 'utf8');
      return {
        path: compileFieldPath(spec.path),
        context: contextBytes,
        prefix: spec.prefix ?? opts.prefix,
        length: spec.length ?? opts.length,
      };
    });

    // A value of the wrong shape on a selected path (a string where `contacts[].email` expects
    // an array) would otherwise pass in clear: reject the record, naming the path, not the value.
    const shapeMismatch = (path: string, expected: 'object' | 'array'): never => {
      throw new VeilError(
        'VEIL_PSEUDONYMIZE',
        `field '${path}' is not ${expected === 'array' ? 'an array' : 'an object'} as the selected path expects`,
      );
    };

    return (record) => {
      for (const field of fields) {
        field.path.update(record, (value, path): JsonValue | undefined => {
          if (value === null || value === '') return undefined;
          if (typeof value === 'object') {
            throw new VeilError(
              'VEIL_PSEUDONYMIZE',
              `field '${path}' holds an object or array; select its leaf fields`,
            );
          }
          const digest = createHmac('sha256', keyBuffer)
            .update(field.context)
            .update(String(value), 'utf8')
            .digest();
          counters.add('values');
          return field.prefix + encodeDigest(digest, opts.encoding, field.length);
        }, shapeMismatch);
      }
      return record;
    };
  },
});

/**
 * The pseudonym the stage writes for `value` under `key` and `context` (the field path unless the
 * pipeline names one). Exported so that data-subject requests can find a subject's records in a
 * pseudonymized dataset from the clear identifier.
 */
export function pseudonymOf(
  key: Uint8Array,
  value: string,
  options: { context: string; prefix?: string; length?: number; encoding?: 'base62' | 'base32' },
): string {
  const digest = createHmac('sha256', key)
    .update(`${options.context}\u0000`, 'utf8')
    .update(value, 'utf8')
    .digest();
  return (
    (options.prefix ?? '') +
    encodeDigest(digest, options.encoding ?? 'base62', options.length ?? 16)
  );
}
