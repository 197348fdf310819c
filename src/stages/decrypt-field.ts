/**
 * `decrypt-field`: the inverse of `encrypt-field`, with the same options. AEAD values name their
 * key version, so after a rotation old and new values decrypt side by side; a value moved to
 * another field or record, or altered, fails with the record's line and the field path.
 */
import { defineStage } from '../engine/stage.js';
import { createFieldTransform, fieldCryptoOptions } from './encrypt-field.js';

export const decryptFieldStage = defineStage({
  name: 'decrypt-field',
  description: 'Decrypt fields written by encrypt-field (checks field path and record id binding)',
  options: fieldCryptoOptions,
  columnsAfter: (_opts, columns) => columns,
  create: (options, env, counters) => createFieldTransform(options, env, counters, 'decrypt'),
});
