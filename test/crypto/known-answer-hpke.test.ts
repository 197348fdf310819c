/**
 * HPKE: RFC 9180 Appendix A.1.1 and A.2.1 (base mode, X25519/HKDF-SHA256, AES-128-GCM and
 * ChaCha20Poly1305): every intermediate value, six encryptions per suite and three exports.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/crypto/bytes.js';
import {
  deriveKeyPair,
  keySchedule,
  setupBaseRecipient,
  setupBaseSender,
} from '../../src/crypto/hpke.js';
import { RFC9180_A_1_1, RFC9180_A_2_1 } from './fixtures/rfc9180.js';

describe.each([RFC9180_A_1_1, RFC9180_A_2_1])('HPKE: RFC 9180 $section', (v) => {
  it('derives the ephemeral and recipient key pairs', () => {
    const e = deriveKeyPair(fromHex(v.ikmE));
    const r = deriveKeyPair(fromHex(v.ikmR));
    expect(toHex(e.privateKey)).toBe(v.skEm);
    expect(toHex(e.publicKey)).toBe(v.pkEm);
    expect(toHex(r.privateKey)).toBe(v.skRm);
    expect(toHex(r.publicKey)).toBe(v.pkRm);
  });

  it('encapsulates to the published enc, shared secret and key schedule', () => {
    const { enc, sharedSecret } = setupBaseSender(
      v.aead,
      fromHex(v.pkRm),
      fromHex(v.info),
      fromHex(v.ikmE),
    );
    expect(toHex(enc)).toBe(v.enc);
    expect(toHex(sharedSecret)).toBe(v.sharedSecret);
    const schedule = keySchedule(v.aead, fromHex(v.sharedSecret), fromHex(v.info));
    expect(toHex(schedule.key)).toBe(v.key);
    expect(toHex(schedule.baseNonce)).toBe(v.baseNonce);
    expect(toHex(schedule.exporterSecret)).toBe(v.exporterSecret);
  });

  it('seals the published ciphertexts at each sequence number, and the recipient opens them', () => {
    const { context: sender } = setupBaseSender(
      v.aead,
      fromHex(v.pkRm),
      fromHex(v.info),
      fromHex(v.ikmE),
    );
    const recipient = setupBaseRecipient(v.aead, fromHex(v.enc), fromHex(v.skRm), fromHex(v.info));
    const bySeq = new Map(v.encryptions.map((e) => [e.seq, e]));
    const last = Math.max(...bySeq.keys());

    for (let seq = 0; seq <= last; seq++) {
      const expected = bySeq.get(seq);
      const pt = fromHex(expected?.pt ?? '00');
      const aad = fromHex(expected?.aad ?? '');
      const ct = sender.seal(pt, aad);
      if (expected !== undefined) expect(toHex(ct), `seq ${seq}`).toBe(expected.ct);
      expect(toHex(recipient.open(ct, aad))).toBe(toHex(pt));
    }
  });

  it('exports the published secrets', () => {
    const recipient = setupBaseRecipient(v.aead, fromHex(v.enc), fromHex(v.skRm), fromHex(v.info));
    for (const e of v.exports) {
      expect(toHex(recipient.export(fromHex(e.context), e.length))).toBe(e.value);
    }
  });
});
