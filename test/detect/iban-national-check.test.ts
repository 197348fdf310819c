/**
 * IBAN detection versus validation: an IBAN whose mod-97 checksum and length are right but whose
 * national check digits (the French RIB key) are wrong is not a valid account (`isValidIban`),
 * yet it is still an IBAN in the text and must be redacted; check digits 00/01/99 never are.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { hasIbanChecksum, isValidIban } from '../../src/detect/validators/iban.js';

describe('IBAN: national check digits', () => {
  const analyzer = createAnalyzer({ entities: ['IBAN_CODE'], explain: true });

  it('a mod-97-valid IBAN with a wrong RIB key is detected at a lower score, not validated', () => {
    const iban = 'FR7239686459145973451731239';
    expect(isValidIban(iban)).toBe(false);
    expect(hasIbanChecksum(iban)).toBe(true);
    // No context word nearby, so the score is the recognizer's own.
    const text = `Refund to ${iban} approved`;
    const [finding] = analyzer.analyze(text);
    expect(finding).toMatchObject({ type: 'IBAN_CODE', start: 10, end: 37, score: 0.85 });
    expect(finding?.explanation?.validator).toBe('failed');
  });

  it('a fully valid IBAN scores 1; impossible check digits are never detected', () => {
    expect(analyzer.analyze('IBAN FR7630006000011234567890189')[0]?.score).toBe(1);
    expect(hasIbanChecksum('GB00HLFX11016111455365')).toBe(false);
    expect(analyzer.analyze('iban GB01BARC20714583608387 end')).toEqual([]);
  });
});
