import { describe, expect, it } from 'vitest';
import { titleRecognizer } from '../../src/detect/lexicon/title-recognizer.js';
import { spans } from './lexicon-helpers.js';

describe('title-lexicon: honorifics and job titles in context', () => {
  it('reports honorifics with their dot, before a name', () => {
    expect(spans(titleRecognizer, 'correct it to Dr. Justin Beet?')).toEqual(['Dr.']);
    expect(spans(titleRecognizer, 'Mrs. Labrie and mr. Leiva')).toEqual(['Mrs.', 'mr.']);
    expect(spans(titleRecognizer, 'Miss Jones')).toEqual(['Miss']);
  });

  it('reports job titles on their own line or introduced by "as"/"the"', () => {
    expect(
      spans(
        titleRecognizer,
        'Janka M. Szász\n\nNetwork and computer systems administrator\n\nPhone:',
      ),
    ).toEqual(['Network and computer systems administrator']);
    expect(
      spans(titleRecognizer, 'I used to work there as Rolling machine operator, but quit'),
    ).toEqual(['Rolling machine operator']);
  });

  it('does not report an honorific word without a name after it', () => {
    expect(spans(titleRecognizer, 'Excuse me, sir, I really do not like this')).toEqual([]);
  });
});
