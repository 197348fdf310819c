/**
 * Identifiers after a backslash escape or an underscore (break-it pass, 2026-12-05). In a log
 * that escaped a JSON string twice a line break is the two characters backslash and "n", so the
 * value after it seemed glued to a letter and was left in clear: "card=\n4111…" (written
 * 'card=\\n4111…' below). A "+" number after a letter, and a validated number after an
 * underscore ("id_4111…"), were missed the same way.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { tokenize } from '../../src/detect/lexicon/tokenize.js';
import { gluedAfter, gluedBefore, standsAlone } from '../../src/detect/recognizers/boundary.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

/** The findings of `text` as [type, spanned text] pairs. */
const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

function itFinds(rows: Array<[string, Array<[string, string]>]>): void {
  it.each(rows)('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
}

describe('a backslash escape before a value separates it', () => {
  itFinds([
    ['log: card=\\n4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['log:\\n+14155552671', [['PHONE_NUMBER', '+14155552671']]],
    ['log:\\n415-555-2671', [['PHONE_NUMBER', '415-555-2671']]],
    ['log:\\n899-12-3456', [['US_SSN', '899-12-3456']]],
    ['log:\\tDE89370400440532013000', [['IBAN_CODE', 'DE89370400440532013000']]],
    ['log:\\t4111 1111 1111 1111', [['CREDIT_CARD', '4111 1111 1111 1111']]],
    ['log:\\r\\n4111111111111111\\r\\n', [['CREDIT_CARD', '4111111111111111']]],
    ['x\\nJohn Smith', [['PERSON', 'John Smith']]],
    ['{\\"card\\":\\"4111111111111111\\"}', [['CREDIT_CARD', '4111111111111111']]],
    ['dir=C:\\\\4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    // Three backslashes: an escaped backslash, then the escape.
    ['log:\\\\\\n4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    // Two: the escape escaped again (a JSON string logged inside another one).
    ['log:\\\\n4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['log: born\\n1985-03-14\\n', [['DATE_TIME', '1985-03-14']]],
  ]);

  itFinds([
    // A letter that no backslash escapes still glues.
    ['log:n4111111111111111', []],
    ['log:\\x4111111111111111', []],
  ]);

  it('the boundary helpers read the escape, and only before the match', () => {
    expect(gluedBefore('\\n4111', 2)).toBe(false);
    expect(gluedBefore('\\t4111', 2)).toBe(false);
    expect(gluedBefore('\\r4111', 2)).toBe(false);
    expect(gluedBefore('\\\\n4111', 3)).toBe(false);
    expect(gluedBefore('\\b4111', 2)).toBe(true);
    expect(gluedAfter('4111\\n', 4)).toBe(false);
    expect(standsAlone('a\\n4111\\nb', 3, 7)).toBe(true);
  });

  it('the lexicon tokenizer reads the escape as the whitespace it stands for', () => {
    const words = (text: string) => tokenize(text).map((t) => [text.slice(t.start, t.end), t.lineStart]);
    expect(words('x\\nJohn\\tSmith')).toEqual([['x', true], ['John', true], ['Smith', false]]);
    // Escaped again (two backslashes), the escape still ends the line.
    expect(words('a\\\\nJohn')).toEqual([['a', true], ['\\', false], ['John', true]]);
  });
});

describe('an underscore before or after a validated number separates it', () => {
  itFinds([
    ['id_4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['card_4111111111111111_exp', [['CREDIT_CARD', '4111111111111111']]],
    ['acct_DE89370400440532013000', [['IBAN_CODE', 'DE89370400440532013000']]],
    ['tel_+14155552671', [['PHONE_NUMBER', '+14155552671']]],
    ['ssn_899-12-3456', [['US_SSN', '899-12-3456']]],
  ]);

  itFinds([
    // Weak evidence keeps the underscore as a joiner: "user_2010" is a name, not a year.
    ['user_2010', []],
    ['file_10:30', []],
  ]);

  it('the boundary helpers join or separate as asked', () => {
    expect(gluedBefore('id_4111', 3)).toBe(true);
    expect(gluedBefore('id_4111', 3, 'separates')).toBe(false);
    expect(gluedAfter('4111_x', 4)).toBe(true);
    expect(gluedAfter('4111_x', 4, 'separates')).toBe(false);
  });
});

describe('a "+" after a letter opens an international number', () => {
  itFinds([
    ['n+14155552671', [['PHONE_NUMBER', '+14155552671']]],
    ['tel+14155552671', [['PHONE_NUMBER', '+14155552671']]],
  ]);

  // After a digit the "+" may be a sum: still one token.
  itFinds([['2+14155552671', []]]);
});

describe('a full stop after a letter ends an abbreviation before a validated number (det10)', () => {
  // German signatures and forms write "Tel.", "Nr.", "Kto." without a space: the number after
  // the full stop was glued to the label and left in clear ("+49" and "030" of a phone number).
  itFinds([
    ['Tel.+49 30 31566048', [['PHONE_NUMBER', '+49 30 31566048']]],
    ['Tel.030 31566048', [['PHONE_NUMBER', '030 31566048']]],
    ['Tel.415-555-2671', [['PHONE_NUMBER', '415-555-2671']]],
    ['Nr.4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['Kto.DE89370400440532013000', [['IBAN_CODE', 'DE89370400440532013000']]],
  ]);

  // After a digit the full stop is a decimal point (BR-09), and weak evidence stays glued.
  itFinds([
    ['0.250750683890174', []],
    ['v.2010', []],
  ]);

  it('the boundary helper separates only as asked', () => {
    expect(gluedBefore('Nr.4111', 3)).toBe(true);
    expect(gluedBefore('Nr.4111', 3, 'separates')).toBe(false);
    expect(gluedBefore('12.4111', 3, 'separates')).toBe(true);
  });
});
