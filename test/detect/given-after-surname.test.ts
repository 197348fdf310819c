/**
 * Names written surname first: the given name after the comma is a name even when the name
 * lists do not hold it. "Ticket by Zhang, Wei:" found "Zhang" and left "Wei" in clear (as
 * "Jürgen", "Bartholomew", "Siobhan" and "Anna-Lena", which are in no list); a given name the
 * lists hold ("Zhang, Margaret") was already found.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('names written surname first: the given name after the comma', () => {
  it('finds a given name that no list holds when the entry ends after it', () => {
    expect(persons('Ticket by Zhang, Wei: address')).toEqual(['Zhang', 'Wei']);
    expect(persons('Ticket by Ivanov, Jürgen: address')).toEqual(['Ivanov', 'Jürgen']);
    expect(persons('Ticket by Schmidt, Anna-Lena: address')).toEqual(['Schmidt', 'Anna-Lena']);
    expect(persons("name: O'Brien, Siobhan; email x")).toEqual(["O'Brien", 'Siobhan']);
  });

  it('leaves neither part of the name in the redacted text', async () => {
    const text = 'Ticket by Tanaka, Bartholomew: address';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      'Ticket by [REDACTED NAME], [REDACTED NAME]: address',
    );
  });

  it('takes no place or common word after the comma', () => {
    expect(persons('Contact Smith, Berlin: office')).toEqual(['Smith']);
    expect(persons('by Smith, Director:')).toEqual(['Smith']);
  });
});
