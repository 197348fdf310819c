/**
 * Hybrid encryption to a recipient's public key: one HPKE single-shot message (RFC 9180 section
 * 6.1) inside a Veil envelope. The envelope header (with the encapsulated key `enc` and the
 * recipient key id) is the AEAD's associated data, followed by the caller's AAD; the HPKE `info`
 * is a fixed Veil label, so an HPKE ciphertext made for another application does not open here.
 */
import { CryptoError } from '../errors/crypto-error.js';
import { concatBytes, utf8 } from './bytes.js';
import {
  ContentType,
  EnvelopeAlgorithm,
  encodeHeader,
  envelopeAad,
  parseEnvelope,
} from './envelope.js';
import { setupBaseRecipient, setupBaseSender, type HpkeAeadName } from './hpke.js';
import { rawKeyId, requireDecryptable, type KeySet, type KeyVersion } from './key-set.js';
import type { Opened } from './symmetric.js';

const INFO = utf8('veil/v1/hpke');
const EMPTY = new Uint8Array(0);

export type AsymmetricAead = 'chacha20-poly1305' | 'aes-256-gcm';

const ALGORITHM: Record<AsymmetricAead, EnvelopeAlgorithm> = {
  'chacha20-poly1305': EnvelopeAlgorithm.HPKE_X25519_SHA256_CHACHA20POLY1305,
  'aes-256-gcm': EnvelopeAlgorithm.HPKE_X25519_SHA256_AES256GCM,
};

export interface Recipient {
  /** The recipient's key id, written in the envelope so it can find its private key. */
  readonly keyId: string;
  /** 32-byte X25519 public key. */
  readonly publicKey: Uint8Array;
}

export function sealAsymmetric(
  recipient: Recipient,
  plaintext: Uint8Array,
  options: { aad?: Uint8Array; contentType: ContentType; aead?: AsymmetricAead },
): Uint8Array {
  const aeadName: AsymmetricAead = options.aead ?? 'chacha20-poly1305';
  const { enc, context } = setupBaseSender(aeadName, recipient.publicKey, INFO);
  const headerBytes = encodeHeader({
    algorithm: ALGORITHM[aeadName],
    contentType: options.contentType,
    keyId: recipient.keyId,
    enc,
    nonce: EMPTY,
  });
  return concatBytes(
    headerBytes,
    context.seal(plaintext, envelopeAad(headerBytes, options.aad ?? EMPTY)),
  );
}

/**
 * The version an envelope names: by key id, or else by public-key fingerprint (`raw-...`, what
 * a sender that only had the public key writes), so both kinds of sender reach the keyring.
 */
function versionFor(keys: KeySet, keyId: string): KeyVersion {
  try {
    return keys.byId(keyId);
  } catch (error) {
    const match = keys
      .versions()
      .find((v) => v.publicKey !== undefined && rawKeyId(v.publicKey) === keyId);
    if (match !== undefined) return match;
    throw error;
  }
}

/** Opens with the private key of the version the envelope names, from an `hpke` key set. */
export function openAsymmetric(keys: KeySet, bytes: Uint8Array, aad: Uint8Array = EMPTY): Opened {
  const { header, headerBytes, sealed } = parseEnvelope(bytes);
  let aeadName: HpkeAeadName;
  if (header.algorithm === EnvelopeAlgorithm.HPKE_X25519_SHA256_CHACHA20POLY1305)
    aeadName = 'chacha20-poly1305';
  else if (header.algorithm === EnvelopeAlgorithm.HPKE_X25519_SHA256_AES256GCM)
    aeadName = 'aes-256-gcm';
  else
    throw new CryptoError(
      'VEIL_CRYPTO_FORMAT',
      `algorithm id ${header.algorithm} is not an HPKE algorithm`,
    );
  if (header.enc === undefined)
    throw new CryptoError(
      'VEIL_CRYPTO_FORMAT',
      'not a valid Veil ciphertext: missing encapsulated key',
    );

  const privateKey = requireDecryptable(versionFor(keys, header.keyId));
  let context;
  try {
    context = setupBaseRecipient(aeadName, header.enc, privateKey, INFO);
  } catch {
    // A malformed `enc` is tampering, reported like any other authentication failure.
    throw new CryptoError(
      'VEIL_CRYPTO_AUTH',
      `${aeadName}: authentication failed (wrong key, wrong associated data, or the value was altered)`,
    );
  }
  const plaintext = context.open(sealed, envelopeAad(headerBytes, aad));
  return { plaintext, contentType: header.contentType, keyId: header.keyId };
}
