/**
 * Pattern recognizers: values glued by a colon, numbers of spaced groups side by side, version
 * numbers and decimal commas, values escaped twice, URLs ended by an escape (pat11, 2026-12-05).
 * Each row was left in clear (or over-redacted) before this round.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

/** The findings of `text` as [type, spanned text] pairs. */
const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

function itFinds(rows: Array<[string, Array<[string, string]>]>): void {
  it.each(rows)('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
}

describe('a colon or slash next to a digit separates the validated numbers it joins', () => {
  itFinds([
    ['ref 12:4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['ref 12:+44 20 7946 0958', [['PHONE_NUMBER', '+44 20 7946 0958']]],
    [
      '4111 1111 1111 1111:415-555-2671',
      [
        ['CREDIT_CARD', '4111 1111 1111 1111'],
        ['PHONE_NUMBER', '415-555-2671'],
      ],
    ],
    [
      '14/03/1985:4111111111111111',
      [
        ['DATE_TIME', '14/03/1985'],
        ['CREDIT_CARD', '4111111111111111'],
      ],
    ],
    ['row 7:DE89370400440532013000', [['IBAN_CODE', 'DE89370400440532013000']]],
  ]);

  // So does a slash: a card and its expiry, a page or row number before a value.
  itFinds([
    ['card 4111 1111 1111 1111/12/25', [['CREDIT_CARD', '4111 1111 1111 1111/12/25']]],
    ['x 12/4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['page 2/899-12-3456', [['US_SSN', '899-12-3456']]],
    // Digits before a slash are an area code: the phone number is read whole or not at all.
    ['415/555-2671', []],
    ['call 415/555-2671', [['PHONE_NUMBER', '415/555-2671']]],
  ]);

  // A hyphen after a letter ends a label for them as a full stop does ("SSN‑…" with a
  // non-breaking hyphen), but not for phone numbers, whose plans take most references' tails.
  itFinds([
    ['SSN\u2011899\u201112\u20113456', [['US_SSN', '899\u201112\u20113456']]],
    ['SKU-4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
    ['IBAN-DE89370400440532013000', [['IBAN_CODE', 'DE89370400440532013000']]],
    ['order ORD-2024-845026 and T-00000055', []],
  ]);

  // Times and IPv6 groups are too short to be such a number: nothing new is read in them.
  itFinds([
    ['at 10:22:33 ok', [['DATE_TIME', '10:22:33']]],
    ['addr 2001:db8:1234:5678::1 ok', [['IP_ADDRESS', '2001:db8:1234:5678::1']]],
  ]);
});

describe('two numbers of spaced groups side by side are each found', () => {
  itFinds([
    [
      '415 555 2671 415 555 2672',
      [
        ['PHONE_NUMBER', '415 555 2671'],
        ['PHONE_NUMBER', '415 555 2672'],
      ],
    ],
    [
      'tel 020 7946 0958 020 7946 0959',
      [
        ['PHONE_NUMBER', '020 7946 0958'],
        ['PHONE_NUMBER', '020 7946 0959'],
      ],
    ],
    [
      'card 4111 1111 1111 1111 415 555 2671',
      [
        ['CREDIT_CARD', '4111 1111 1111 1111'],
        ['PHONE_NUMBER', '415 555 2671'],
      ],
    ],
    // A grouped match that stopped inside the card's digit run leaves the card to the next scan.
    [
      'note 1985-03-14 4111111111111111 end',
      [
        ['DATE_TIME', '1985-03-14'],
        ['CREDIT_CARD', '4111111111111111'],
      ],
    ],
    [
      'note +44 20 7946 0958 4111111111111111 end',
      [
        ['PHONE_NUMBER', '+44 20 7946 0958'],
        ['CREDIT_CARD', '4111111111111111'],
      ],
    ],
    // A card alone holds no phone number, and a spaced reference that fits no plan stays one.
    ['card 4111 1111 1111 1111', [['CREDIT_CARD', '4111 1111 1111 1111']]],
    ['ref 1234 5678 9012 3456 7890', []],
  ]);
});

describe('a card or "+" number split by a line break between its groups is one value', () => {
  itFinds([
    ['4111 1111 1111\n1111', [['CREDIT_CARD', '4111 1111 1111\n1111']]],
    ['card 4111 1111\n1111 1111 thanks', [['CREDIT_CARD', '4111 1111\n1111 1111']]],
    ['card 4111\n1111 1111 1111', [['CREDIT_CARD', '4111\n1111 1111 1111']]],
    ['card 4111 1111 1111\r\n1111 ok', [['CREDIT_CARD', '4111 1111 1111\r\n1111']]],
    ['amex 3782 822463\n10005', [['CREDIT_CARD', '3782 822463\n10005']]],
    // One number per line stays one number per line.
    [
      '4111 1111 1111 1111\n4012 8888 8888 1881',
      [
        ['CREDIT_CARD', '4111 1111 1111 1111'],
        ['CREDIT_CARD', '4012 8888 8888 1881'],
      ],
    ],
    [
      '415 555 2671\n415 555 2672',
      [
        ['PHONE_NUMBER', '415 555 2671'],
        ['PHONE_NUMBER', '415 555 2672'],
      ],
    ],
    ['numbers 1234 5678\n9012 3456', []],
  ]);

  // A "+" number wrapped the same way is joined when it fits its plan only read across the break.
  itFinds([
    ['call +44 20 7946\n0958 today', [['PHONE_NUMBER', '+44 20 7946\n0958']]],
    ['Phone:\n+1 415\n555 2671', [['PHONE_NUMBER', '+1 415\n555 2671']]],
    ['tel +44\n20 7946 0958', [['PHONE_NUMBER', '+44\n20 7946 0958']]],
    ['+44 20 7946 0958\n0958 x', [['PHONE_NUMBER', '+44 20 7946 0958']]],
  ]);

  it('is found when only cards are asked for', () => {
    const cards = createAnalyzer({ entities: ['CREDIT_CARD'] });
    const text = 'card 4111 1111\n1111 1111';
    expect(cards.analyze(text).map((f) => [f.type, f.start, f.end])).toEqual([['CREDIT_CARD', 5, 24]]);
  });
});

describe('version numbers and decimal commas are not phone numbers', () => {
  itFinds([
    ['version 1.2.3.4567', []],
    ['build 10.2.1.3345 released', []],
    ['x 0,123456789', []],
    ['total 1.234,567891 EUR', []],
    // Dotted phone numbers with at most one single-digit group, a row cell before a number.
    ['call 030.123.4567', [['PHONE_NUMBER', '030.123.4567']]],
    ['call +33 1.23.45.67.89', [['PHONE_NUMBER', '+33 1.23.45.67.89']]],
    ['call 1.800.555.0199', [['PHONE_NUMBER', '1.800.555.0199']]],
    ['row 17,4155552671', [['PHONE_NUMBER', '4155552671']]],
    ['call 0,4155552671', [['PHONE_NUMBER', '4155552671']]],
  ]);
});

describe('an IBAN in groups joined by dashes or full stops', () => {
  itFinds([
    ['IBAN: DE89-3704-0044-0532-0130-00', [['IBAN_CODE', 'DE89-3704-0044-0532-0130-00']]],
    ['iban DE89.3704.0044.0532.0130.00', [['IBAN_CODE', 'DE89.3704.0044.0532.0130.00']]],
    ['x GB82-WEST-1234-5698-7654-32 sent', [['IBAN_CODE', 'GB82-WEST-1234-5698-7654-32']]],
    // Glued to more digits by the same dash, it is one token of something else.
    ['ref DE89-3704-0044-0532-0130-00-4111', []],
  ]);
});

describe('values escaped twice (a JSON string logged inside another one)', () => {
  itFinds([
    ['{"msg":"mail alice\\\\u0040example.com"}', [['EMAIL_ADDRESS', 'alice\\\\u0040example.com']]],
    ['to \\\\"alice@example.com\\\\"', [['EMAIL_ADDRESS', 'alice@example.com']]],
    ['{\\\\"password\\\\":\\\\"hunter2secret\\\\"}', [['CREDENTIAL', 'hunter2secret']]],
    ['log:\\\\n4111111111111111', [['CREDIT_CARD', '4111111111111111']]],
  ]);
});

describe('an IP address or URL after an escaped line break', () => {
  itFinds([
    ['log:\\n192.168.10.25', [['IP_ADDRESS', '192.168.10.25']]],
    ['log:\\\\n192.168.10.25', [['IP_ADDRESS', '192.168.10.25']]],
    ['x\\nhttps://example.com/a', [['URL', 'https://example.com/a']]],
    // A letter that no backslash escapes still glues.
    ['ab192.168.10.25', []],
  ]);
});

describe('a URL ends at a backslash', () => {
  itFinds([
    ['see https://example.com/u/alice\\n next', [['URL', 'https://example.com/u/alice']]],
    ['{"u":"https://example.com/u/alice\\\\n"}', [['URL', 'https://example.com/u/alice']]],
    ['ws://chat.example.com/room/alice', [['URL', 'ws://chat.example.com/room/alice']]],
    ['src="//cdn.example.com/u/alice.js"', [['URL', 'cdn.example.com/u/alice.js']]],
  ]);
});

describe('an address of any scheme with a host is a URL (connection strings)', () => {
  itFinds([
    ['db postgres://alice:s3cretPass@db.example.com/app ok', [['URL', 'postgres://alice:s3cretPass@db.example.com/app']]],
    ['mongodb+srv://alice:s3cret@cluster0.example.net/db', [['URL', 'mongodb+srv://alice:s3cret@cluster0.example.net/db']]],
    ['redis://:s3cret@cache.example.com:6379', [['URL', 'redis://:s3cret@cache.example.com:6379']]],
    ['jdbc:postgresql://db.example.com:5432/alice', [['URL', 'postgresql://db.example.com:5432/alice']]],
    ['sftp://alice@files.example.com/home/alice', [['URL', 'sftp://alice@files.example.com/home/alice']]],
    // Glued after another value by a "+", the scheme starts after it.
    [
      'alice@example.com+https://example.com/u/alice',
      [
        ['EMAIL_ADDRESS', 'alice@example.com'],
        ['URL', 'https://example.com/u/alice'],
      ],
    ],
    // No host, or a host that is no domain name: nothing.
    // (Since round 13 a home folder's user is a person, whatever the scheme.)
    ['file:///home/alice/notes.txt', [['PERSON', 'alice']]],
    ['see C://Users/alice', [['PERSON', 'alice']]],
  ]);
});

describe('credentials in an Authorization header or a labelled XML element', () => {
  itFinds([
    ['Authorization: Basic YWxpY2U6aHVudGVyMg==', [['CREDENTIAL', 'YWxpY2U6aHVudGVyMg==']]],
    ["-H 'Authorization: Bearer abc123def456ghi789'", [['CREDENTIAL', 'abc123def456ghi789']]],
    ['{"authorization": "Basic YWxpY2U6aHVudGVyMg=="}', [['CREDENTIAL', 'YWxpY2U6aHVudGVyMg==']]],
    ['Authorization: abc123def456ghi789', [['CREDENTIAL', 'abc123def456ghi789']]],
    ['<password>hunter2</password>', [['CREDENTIAL', 'hunter2']]],
    ['<api_key>abcd1234efgh</api_key>', [['CREDENTIAL', 'abcd1234efgh']]],
    // A key with a documented prefix is separated by a colon like a validated number.
    [
      'AKIAIOSFODNN7EXAMPLE:4111111111111111',
      [
        ['CREDENTIAL', 'AKIAIOSFODNN7EXAMPLE'],
        ['CREDIT_CARD', '4111111111111111'],
      ],
    ],
    // A word after the label with no scheme and no digit is prose.
    ['Authorization: required', []],
    ['basic questions about authorization', []],
  ]);
});

describe('the anonymized text keeps no fragment of these values', () => {
  it.each([
    ['ref 12:+44 20 7946 0958 ok', 'ref 12:[REDACTED PHONE] ok'],
    ['a 415 555 2671 415 555 2672 b', 'a [REDACTED PHONE] [REDACTED PHONE] b'],
    ['mail alice\\\\u0040example.com ok', 'mail [REDACTED EMAIL] ok'],
    ['see https://example.com/u/alice\\n next', 'see [REDACTED URL]\\n next'],
    ['card 4111 1111\n1111 1111 ok', 'card [REDACTED CARD] ok'],
    ['call +44 20 7946\n0958 today', 'call [REDACTED PHONE] today'],
    ['Authorization: Basic YWxpY2U6aHVudGVyMg==', 'Authorization: Basic [REDACTED CREDENTIAL]'],
    ['db postgres://alice:s3cretPass@db.example.com/app ok', 'db [REDACTED URL] ok'],
  ])('%j', async (text, expected) => {
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(expected);
  });
});
