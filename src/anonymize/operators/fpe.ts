/**
 * `fpe`: format-preserving encryption (FF1, NIST SP 800-38G) of a detected entity: a card number
 * stays a card-shaped string, a phone number keeps its separators. Reversible with `deanonymize`
 * given the key. The tweak is the entity type, so the same value gets the same replacement in
 * every field (joins still work) and different replacements under different types.
 *
 * FF1 is not authenticated, and entities with fewer than a million possible values (for example
 * 5 digits) are refused rather than weakly encrypted.
 */
import { z } from 'zod';
import { utf8 } from '../../crypto/bytes.js';
import { DIGITS } from '../../crypto/alphabets.js';
import { secretReference } from '../../engine/secrets.js';
import { defineOperator } from '../operator.js';

export const fpeOperator = defineOperator({
  name: 'fpe',
  description:
    'Replace with a same-format value (FF1 format-preserving encryption), reversible with the key.',
  reversible: true,
  options: z
    .object({
      key: secretReference(),
      /** Characters that are encrypted; everything else stays in place. Default digits. */
      alphabet: z.string().min(2).default(DIGITS),
      /** Keyring key version to use (FF1 output carries no key id); default the primary. */
      key_version: z.string().min(1).optional(),
    })
    .strict(),
  async create(options, env) {
    // The keyring (LMDB, a native module) and the cipher load when such an operator is built,
    // not with the operator table (see the `encrypt` operator).
    const [{ loadKeySet }, , { FormatPreservingCipher }, keySet] = await Promise.all([
      import('../../keyring/load.js'),
      import('../../keyring/secret-scheme.js'),
      import('../../crypto/fpe.js'),
      import('../../crypto/key-set.js'),
    ]);
    const { deriveSubkey, requireDecryptable, requireEncryptable } = keySet;
    const keys = await loadKeySet(options.key, env.secrets, env.storePath);
    const version = keys.byId(options.key_version ?? keys.primaryId);
    const encryptor = new FormatPreservingCipher(
      deriveSubkey(requireDecryptable(version), 'ff1'),
      options.alphabet,
    );
    // Characters outside the alphabet stay, but `keepsText` is left unset: the stretches between
    // inner findings would each be too short to encrypt (fewer than a million values).
    return {
      anonymize(value, finding) {
        requireEncryptable(version);
        return encryptor.encrypt(value, utf8(`veil/v1/fpe-span/${finding.type}`));
      },
      deanonymize(replacement, finding) {
        return encryptor.decrypt(replacement, utf8(`veil/v1/fpe-span/${finding.type}`));
      },
    };
  },
});
