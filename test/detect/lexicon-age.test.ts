import { describe, expect, it } from 'vitest';
import { ageRecognizer } from '../../src/detect/lexicon/age-recognizer.js';
import { spans } from './lexicon-helpers.js';

describe('age-context: numbers in age context only', () => {
  it('finds ages before and after their cue words', () => {
    expect(spans(ageRecognizer, 'Patient is a 65-year-old male')).toEqual(['65']);
    expect(spans(ageRecognizer, "and i'm 31 y/o.")).toEqual(['31']);
    expect(spans(ageRecognizer, 'My father retired at the age of 61')).toEqual(['61']);
    expect(spans(ageRecognizer, 'He just turned 46 years old')).toEqual(['46']);
    expect(spans(ageRecognizer, "I'll turn 23.")).toEqual(['23']);
  });

  it('ignores numbers without age context and implausible ages', () => {
    expect(spans(ageRecognizer, 'I bought 65 apples')).toEqual([]);
    expect(spans(ageRecognizer, 'it is 500 years old')).toEqual([]);
    expect(spans(ageRecognizer, 'version 1.5 years old')).toEqual([]);
  });

  it('visits each number beside a cue once, in order, whichever side the cue is on', () => {
    // Cues on both sides of one number, cues next to each other, and several ages in a row.
    expect(spans(ageRecognizer, 'aged 42 years old, turned 43 years-old and age: 44 yo')).toEqual([
      '42',
      '43',
      '44',
    ]);
    expect(spans(ageRecognizer, 'Age: 7, age 8 age 9 - 10-year-old')).toEqual([
      '7',
      '8',
      '9',
      '10',
    ]);
    // A colon is a cue's last word ("age:"), but a time or an address part after it is no age.
    expect(spans(ageRecognizer, 'at 10:30 from 2001:db8:1 aged 5')).toEqual(['5']);
  });
});
