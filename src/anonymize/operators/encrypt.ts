/**
 * `encrypt`: replaces a detected entity with an authenticated ciphertext (a `veil.` string,
 * XChaCha20-Poly1305 by default), reversible with `deanonymize` by whoever holds the key. The
 * entity type and the field path are bound as associated data, so a ciphertext pasted into
 * another field, or relabelled as another entity type, fails to decrypt.
 *
 * `algorithm: aes-256-gcm-siv` makes the replacement deterministic (equal values give equal
 * ciphertexts, which leaks equality but lets the text be grouped or joined).
 */
import { z } from 'zod';
import { fromUtf8, utf8 } from '../../crypto/bytes.js';
import { secretReference } from '../../engine/secrets.js';
import { defineOperator, type OperatorContext } from '../operator.js';
import type { Finding } from '../../detect/recognizer.js';

function spanAad(finding: Finding, context: OperatorContext): Uint8Array {
  const field = context.field ?? '';
  return utf8(`veil/v1/span\u0000${finding.type}\u0000${field}`);
}

export const encryptOperator = defineOperator({
  name: 'encrypt',
  description: 'Replace with an AEAD ciphertext (XChaCha20-Poly1305), reversible with the key.',
  reversible: true,
  options: z
    .object({
      /** `keyring:NAME` (all versions load, so rotated values still decrypt), `env:` or `file:`. */
      key: secretReference(),
      algorithm: z
        .enum(['xchacha20-poly1305', 'aes-256-gcm', 'aes-256-gcm-siv'])
        .default('xchacha20-poly1305'),
    })
    .strict(),
  async create(options, env) {
    // The keyring (LMDB, a native module) and the ciphers load when such an operator is built,
    // not with the operator table: a worker that only redacts starts 80-120 ms of CPU sooner
    // (cold import; the ciphers of this operator and `fpe`, ~30 ms of it).
    const [{ loadKeySet }, , { ContentType, envelopeFromString, envelopeToString }, symmetric] =
      await Promise.all([
        import('../../keyring/load.js'),
        import('../../keyring/secret-scheme.js'),
        import('../../crypto/envelope.js'),
        import('../../crypto/symmetric.js'),
      ]);
    const { openSymmetric, sealDeterministic, sealSymmetric } = symmetric;
    const keys = await loadKeySet(options.key, env.secrets, env.storePath);
    return {
      anonymize(value, finding, context) {
        const aad = spanAad(finding, context);
        const plaintext = utf8(value);
        const sealed =
          options.algorithm === 'aes-256-gcm-siv'
            ? sealDeterministic(keys, plaintext, { aad, contentType: ContentType.STRING })
            : sealSymmetric(keys, plaintext, {
                aad,
                contentType: ContentType.STRING,
                algorithm: options.algorithm,
              });
        return envelopeToString(sealed);
      },
      deanonymize(replacement, finding, context) {
        return fromUtf8(
          openSymmetric(keys, envelopeFromString(replacement), spanAad(finding, context)).plaintext,
        );
      },
    };
  },
});
