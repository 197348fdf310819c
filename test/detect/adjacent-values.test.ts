/**
 * Values side by side, separated by a space or a tab (break-it pass, 2026-12-05, det10). The
 * phone and card patterns ran on over the space into the next value ("415-555-2671
 * 415-555-2672", a tab-separated row read with its tabs as spaces), the refinement dropped the
 * over-long match whole, and the scan went on after it: every value of the row was left in
 * clear. A grouped IBAN followed by a word ("BE68 5390 0754 7034 sent") was dropped for the
 * word's case before the match was shortened.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer({});

/** The findings of `text` as [type, spanned text] pairs. */
function found(text: string, entities?: string[]): Array<[string, string]> {
  const findings = entities === undefined ? analyzer.analyze(text) : analyzer.analyze(text, { entities });
  return findings.map((f) => [f.type, text.slice(f.start, f.end)]);
}

describe('values side by side are each found', () => {
  it.each<[string, Array<[string, string]>]>([
    ['415-555-2671 415-555-2672', [['PHONE_NUMBER', '415-555-2671'], ['PHONE_NUMBER', '415-555-2672']]],
    ['415-555-2671\t415-555-2672', [['PHONE_NUMBER', '415-555-2671'], ['PHONE_NUMBER', '415-555-2672']]],
    ['call +49 30 31566048 2024', [['PHONE_NUMBER', '+49 30 31566048'], ['DATE_TIME', '2024']]],
    [
      '4155552671\t899-12-3456\t4111111111111111',
      [['PHONE_NUMBER', '4155552671'], ['US_SSN', '899-12-3456'], ['CREDIT_CARD', '4111111111111111']],
    ],
    [
      '4111 1111 1111 1111 415-555-2671',
      [['CREDIT_CARD', '4111 1111 1111 1111'], ['PHONE_NUMBER', '415-555-2671']],
    ],
    ['4111 1111 1111 1111 4155552671', [['CREDIT_CARD', '4111 1111 1111 1111'], ['PHONE_NUMBER', '4155552671']]],
    [
      '4111 1111 1111 1111 5500 0000 0000 0004',
      [['CREDIT_CARD', '4111 1111 1111 1111'], ['CREDIT_CARD', '5500 0000 0000 0004']],
    ],
    ['card 4111 1111 1111 1111 2025', [['CREDIT_CARD', '4111 1111 1111 1111'], ['DATE_TIME', '2025']]],
    ['card 4111-1111-1111-1111 12 25', [['CREDIT_CARD', '4111-1111-1111-1111']]],
    ['amex 3782 822463 10005 12/25', [['CREDIT_CARD', '3782 822463 10005']]],
    ['iban BE68 5390 0754 7034 sent', [['IBAN_CODE', 'BE68 5390 0754 7034']]],
    ['iban NL91 ABNA 0417 1643 00 ok', [['IBAN_CODE', 'NL91 ABNA 0417 1643 00']]],
    ['iban BE68 5390 0754 7034 4155552671', [['IBAN_CODE', 'BE68 5390 0754 7034'], ['PHONE_NUMBER', '4155552671']]],
    // The front that fits a numbering plan, not the shortest well-formed one ("+44 20 7946").
    [
      '+44 20 7946 0958 4111 1111 1111 1111',
      [['PHONE_NUMBER', '+44 20 7946 0958'], ['CREDIT_CARD', '4111 1111 1111 1111']],
    ],
    // The card match starts inside the IBAN's groups, or in a window after a date.
    [
      'BE68 5390 0754 7034 4111 1111 1111 1111',
      [['IBAN_CODE', 'BE68 5390 0754 7034'], ['CREDIT_CARD', '4111 1111 1111 1111']],
    ],
    ['14/03/1985\t4111 1111 1111 1111', [['DATE_TIME', '14/03/1985'], ['CREDIT_CARD', '4111 1111 1111 1111']]],
    // A whole date after an underscore, as a key_value log writes it; a year there stays glued.
    ['dob_14/03/1985 created_2024-03-14 user_2010', [['DATE_TIME', '14/03/1985'], ['DATE_TIME', '2024-03-14']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves no digit of a tab-separated row in clear', async () => {
    const row =
      'Jane Roe\t4155552671\t899-12-3456\t4111 1111 1111 1111\tBE68 5390 0754 7034 4111 1111 1111 1111\t' +
      '+44 20 7946 0958 2024\tdob_14/03/1985';
    const out = await anonymizeText(row, analyzer.analyze(row));
    expect(out).not.toMatch(/\d/);
  });
});

describe('a run of short digit groups is not cut into other values', () => {
  it.each([
    // The card's tail is not a phone number, whatever types are asked for.
    ['card 4111 1111 1111 1111 on file', ['PHONE_NUMBER'], []],
    ['4111 1111 1111 1111', ['PHONE_NUMBER'], []],
    // BR-02: a Luhn-invalid 4-4-4-4 number gives no shorter "card".
    ['card 1242 2341 3673 9999 on file', ['CREDIT_CARD'], []],
    ['card 1242 2341 3673 9999 2025', ['CREDIT_CARD'], []],
    // A grouping glued to what precedes it stays glued.
    ['01782-150508-1281 00-00', ['CREDIT_CARD'], []],
  ])('%j', (text, entities, expected) => {
    expect(found(text, entities)).toEqual(expected);
  });
});
