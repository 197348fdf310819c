import { describe, expect, it } from 'vitest';
import { nrpRecognizer } from '../../src/detect/lexicon/nrp-recognizer.js';
import { spans } from './lexicon-helpers.js';

describe('nrp-lexicon: nationalities, religions, political groups', () => {
  it('finds adjectives and plural forms in any case', () => {
    expect(spans(nrpRecognizer, 'The Finnish Border Force')).toEqual(['Finnish']);
    expect(spans(nrpRecognizer, 'We are proud saudis')).toEqual(['saudis']);
    expect(spans(nrpRecognizer, 'I am cambodian but I live here')).toEqual(['cambodian']);
    expect(spans(nrpRecognizer, 'a meeting of Catholics and Republicans')).toEqual([
      'Catholics',
      'Republicans',
    ]);
  });

  it('does not report a word that is part of a place', () => {
    expect(spans(nrpRecognizer, 'I will be travelling to Czech Republic next week')).toEqual([]);
  });
});
