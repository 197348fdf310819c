/**
 * What goes into an envelope: bytes as they are, strings as UTF-8, anything else as JSON. The
 * content type travels in the (authenticated) header so decryption gives back the same kind of
 * value it was given.
 */
import type { JsonValue } from '../engine/stage.js';
import { CryptoError } from '../errors/crypto-error.js';
import { fromUtf8, utf8 } from './bytes.js';
import { ContentType } from './envelope.js';

/** Anything Veil encrypts: bytes, a string, or a JSON value. */
export type Plaintext = Uint8Array | JsonValue;

export function encodeContent(value: Plaintext): { bytes: Uint8Array; contentType: ContentType } {
  if (value instanceof Uint8Array) return { bytes: value, contentType: ContentType.BYTES };
  if (typeof value === 'string') return { bytes: utf8(value), contentType: ContentType.STRING };
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      'value cannot be serialized as JSON (cycle or BigInt)',
      { cause: error },
    );
  }
  if (json === undefined)
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `a value of type ${typeof value} cannot be encrypted`,
    );
  return { bytes: utf8(json), contentType: ContentType.JSON };
}

export function decodeContent(bytes: Uint8Array, contentType: ContentType): Plaintext {
  switch (contentType) {
    case ContentType.BYTES:
      return bytes;
    case ContentType.STRING:
      return fromUtf8(bytes);
    case ContentType.JSON:
      return JSON.parse(fromUtf8(bytes)) as JsonValue;
  }
}
