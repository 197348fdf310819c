/**
 * Names written "Last, First" outside a form, given names that are English words or places, and
 * greetings of the supported languages: each leaked a part of the name before.
 */
import { describe, expect, it } from 'vitest';
import { namesAndPlaces as found } from './lexicon-helpers.js';

describe('lexicon: an English-word surname before the given name', () => {
  it('is found when a verb only people do, a colon or the line end follows the pair', () => {
    expect(found('Lane, Sarah wrote:')).toEqual(['PERSON:Lane', 'PERSON:Sarah']);
    expect(found('Lane, Sarah Jane wrote:')).toEqual(['PERSON:Lane', 'PERSON:Sarah Jane']);
    expect(found('Stone, Anna said the order was late.')).toEqual([
      'PERSON:Stone',
      'PERSON:Anna',
    ]);
    expect(found('Thanks for the update. Bird, Robert called again.')).toEqual([
      'PERSON:Bird',
      'PERSON:Robert',
    ]);
  });

  it('leaves sign-offs, greetings, adverbs and places alone', () => {
    expect(found('Thanks, John')).toEqual(['PERSON:John']);
    expect(found('Love, Jane')).toEqual(['PERSON:Jane']);
    expect(found('Hola, Juan')).toEqual(['PERSON:Juan']);
    expect(found('Bonjour, Marie')).toEqual(['PERSON:Marie']);
    expect(found('Finally, Sarah, please call me.')).toEqual(['PERSON:Sarah']);
    expect(found('Yesterday, Sarah called.')).toEqual(['PERSON:Sarah']);
    expect(found('Paris, France is lovely.')).toEqual(['LOCATION:Paris', 'LOCATION:France']);
  });
});

describe('lexicon: an unknown given name after a known surname and a comma', () => {
  it('is found after a label or as an entry of a list', () => {
    expect(found('Contact: Müller, Jürgen')).toEqual(['PERSON:Müller', 'PERSON:Jürgen']);
    expect(found('Kunde: Müller, Jürgen')).toEqual(['PERSON:Müller', 'PERSON:Jürgen']);
    expect(found('Nachname: Schröder, Vorname: Jürgen')).toEqual([
      'PERSON:Schröder',
      'PERSON:Jürgen',
    ]);
    expect(found('His surname is Nakamura.')).toEqual(['PERSON:Nakamura']);
    expect(found('Müller, Jürgen; Schmidt, Henrike')).toEqual([
      'PERSON:Müller',
      'PERSON:Jürgen',
      'PERSON:Schmidt',
      'PERSON:Henrike',
    ]);
  });

  it('takes no place or legal form', () => {
    expect(found('Berlin, Germany')).toEqual(['LOCATION:Berlin', 'LOCATION:Germany']);
    expect(found('Customer: Smith, Inc.')).toEqual(['PERSON:Smith']);
    expect(found('Contact: Smith, Texas')).toEqual(['PERSON:Smith', 'LOCATION:Texas']);
  });
});

describe('lexicon: a given name that is an English word or a place', () => {
  it('keeps the pair when a verb only people do follows', () => {
    expect(found('India Stone called')).toEqual(['PERSON:India Stone']);
    expect(found('India Smith called.')).toEqual(['PERSON:India Smith']);
    expect(found('April Stone called on Tuesday.')).toEqual(['PERSON:April Stone']);
  });

  it('keeps the pair after a person cue', () => {
    expect(found('The manager, Mark Green, approved the leave.')).toEqual([
      'PERSON:Mark Green',
    ]);
    expect(found('Refund approved by Hope Grant.')).toEqual(['PERSON:Hope Grant']);
  });

  it('keeps the pair after the common words that open the sentence', () => {
    expect(found('Customer Belle Will wrote from home.')).toEqual(['PERSON:Belle Will']);
  });

  it('reads one such word as a name by its cue', () => {
    expect(found('Rose wrote: the box was damaged.')).toEqual(['PERSON:Rose']);
    expect(found('Will called back.')).toEqual(['PERSON:Will']);
    expect(found('Ask Lane about it.')).toEqual(['PERSON:Lane']);
    expect(found('Customer Young complained again.')).toEqual(['PERSON:Young']);
    expect(found('Regards,\nJ. Lane')).toEqual(['PERSON:J. Lane']);
    expect(found("Lane's order was shipped.")).toEqual(['PERSON:Lane']);
    expect(found("I checked Stone's account.")).toEqual(['PERSON:Stone']);
  });

  it('leaves such a word alone after a weak cue or before other verbs', () => {
    expect(found('Made with Love in Berlin.')).toEqual(['LOCATION:Berlin']);
    expect(found('Summer went by fast.')).toEqual([]);
    expect(found("Summer's end is near.")).toEqual([]);
  });

  it('takes no English word that is no name as the surname', () => {
    expect(found('Grant Application called off.')).toEqual([]);
    expect(found('Price Increase said to be postponed.')).toEqual([]);
  });

  it('leaves a country alone without such a verb', () => {
    expect(found('I love India')).toEqual(['LOCATION:India']);
  });
});

describe('lexicon: greetings of the supported languages', () => {
  it('mark the unknown name after them', () => {
    expect(found('Hallo Jürgen, danke für die Nachricht.')).toEqual(['PERSON:Jürgen']);
    expect(found('Danke Jürgen!')).toEqual(['PERSON:Jürgen']);
    expect(found('Ciao Marco, grazie mille.')).toEqual(['PERSON:Marco']);
  });

  it('are left out of the name', () => {
    expect(found('Hej Lars,')).toEqual(['PERSON:Lars']);
    expect(found('Beste Sanne,')).toEqual(['PERSON:Sanne']);
    expect(found('Querida Lucía:')).toEqual(['PERSON:Lucía']);
    expect(found('Liebe Anke,')).toEqual(['PERSON:Anke']);
  });

  it('end before an honorific, which opens the name', () => {
    expect(found('Guten Tag Herr Schröder,')).toEqual(['PERSON:Schröder']);
    expect(found('Thank You Mr. Smith')).toEqual(['PERSON:Smith']);
  });
});
