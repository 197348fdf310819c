/**
 * E-mail addresses in decomposed form (break-it pass, 2026-12-05, det10). A text in NFD (as
 * macOS and some exports write it) spells "jóhn" as "jo", U+0301, "hn": the mark is not a letter,
 * so it cut the address and "jo" plus the mark was left in clear before an "hn@example.com"
 * span (so were the first letters of a Devanagari local part, whose vowel signs are marks); a
 * mark in the domain left the address unfound. The pattern now takes combining marks
 * and the validator reads the address without them.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer({});

describe('an e-mail address with combining marks is one span', () => {
  it.each([
    ['mail jo\u0301hn@example.com now', 'jo\u0301hn@example.com'],
    ['mail jose\u0301@example.com now', 'jose\u0301@example.com'],
    ['mail erika@bu\u0308cher.example now', 'erika@bu\u0308cher.example'],
    ['mail john@exa\u0301mple.com now', 'john@exa\u0301mple.com'],
    // Devanagari vowel signs are marks too: "रा" was left in clear.
    ['mail \u0930\u093e\u092e@example.com now', '\u0930\u093e\u092e@example.com'],
  ])('%j', async (text, span) => {
    const findings = analyzer.analyze(text);
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['EMAIL_ADDRESS', span]]);
    expect(await anonymizeText(text, findings)).toBe('mail [REDACTED EMAIL] now');
  });

  it('still refuses what is not an address once the marks are gone', () => {
    expect(analyzer.analyze('mail jo\u0301hn@example now')).toEqual([]);
  });
});
