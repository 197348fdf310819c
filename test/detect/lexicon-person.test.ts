import { describe, expect, it } from 'vitest';
import { personRecognizer } from '../../src/detect/lexicon/person-recognizer.js';
import { spans } from './lexicon-helpers.js';

const people = (text: string) => spans(personRecognizer, text);

describe('person-lexicon: names by gazetteer, capitalization and cues', () => {
  it('reports the name without its possessive', () => {
    expect(people("John Doe's email is john.doe@example.com")).toEqual(['John Doe']);
    const text = "John Doe's email";
    const [c] = personRecognizer.analyze(text, {});
    expect([c?.start, c?.end]).toEqual([0, 8]);
  });

  it('finds names after honorifics and cue phrases, initials included', () => {
    expect(people('please correct it to Mr. Ferko Takáts?')).toEqual(['Ferko Takáts']);
    expect(people('My name is Vanessa P. Hertzog but everyone calls me Vanessa')).toEqual([
      'Vanessa P. Hertzog',
      'Vanessa',
    ]);
    expect(people('the verses from Faina D. Yefremova')).toEqual(['Faina D. Yefremova']);
    expect(people('Signed, Pierre Dupont')).toEqual(['Pierre Dupont']);
    expect(people('Dear Giuseppe,')).toEqual(['Giuseppe']);
  });

  it('finds all-caps names and lower-case names after a cue', () => {
    expect(people("JOHN DOE's account")).toEqual(['JOHN DOE']);
    expect(people('my name is john smith')).toEqual(['john smith']);
  });

  it('knows names of several locales', () => {
    expect(people('Sehr geehrte Frau Müller, Ihr Termin mit Jürgen Schneider')).toEqual([
      'Müller',
      'Jürgen Schneider',
    ]);
    expect(people('Rendez-vous avec Amélie Lefèvre demain')).toEqual(['Amélie Lefèvre']);
    expect(people('Hablé con Lucía Fernández ayer')).toEqual(['Lucía Fernández']);
    expect(people('Ho parlato con Giuseppe Bianchi')).toEqual(['Giuseppe Bianchi']);
  });

  it('does not report common capitalized words, headings or places', () => {
    expect(people('The Big Three of Guilty Pleasures')).toEqual([]);
    expect(people('What are my options?')).toEqual([]);
    expect(people('I will be travelling to Canada next week')).toEqual([]);
  });
});
