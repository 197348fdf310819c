/**
 * Round 13's break-it pass on names and places: a listed given name and an English word after a
 * strong cue ("Dear Bill Gates", "Name: Mark Green") were left in clear, as were hyphenated given
 * names ("Anna-Lena"), towns after a label ("City: Leeds") and login names in prose and paths
 * ("raised by fatima.alzahra" left ".alzahra"); German, Spanish, Italian and French phrases of
 * business mail were read as names ("Ihre Anfrage", "Servizio Clienti", "Monsieur").
 */
import { describe, expect, it } from 'vitest';
import { entityTexts, namesAndPlaces } from './lexicon-helpers.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const persons = (text: string): string[] => entityTexts(analyzer, text, 'PERSON');

describe('names of English words after a strong cue', () => {
  it('finds the pair after a greeting, a label, a naming phrase or a role', () => {
    expect(namesAndPlaces('Dear Bill Gates,')).toEqual(['PERSON:Bill Gates']);
    expect(namesAndPlaces('Name: Bill Gates')).toEqual(['PERSON:Bill Gates']);
    expect(namesAndPlaces('My name is Bill Gates.')).toEqual(['PERSON:Bill Gates']);
    expect(namesAndPlaces('assignee: Mark Green')).toEqual(['PERSON:Mark Green']);
    expect(namesAndPlaces('Customer Grace Hope wants a refund.')).toEqual(['PERSON:Grace Hope']);
    expect(namesAndPlaces('Please forward this to Pat Bell.')).toEqual(['PERSON:Pat Bell']);
    expect(namesAndPlaces('To: Dawn Field')).toEqual(['PERSON:Dawn Field']);
    expect(namesAndPlaces('Dear Will Power,')).toEqual(['PERSON:Will Power']);
  });

  it('finds the pair before "wrote" or an address that spells it', () => {
    expect(persons('From: Mark Green <mark.green@example.com>')).toEqual(['Mark Green']);
    expect(persons('From: "Mark Green" <mark.green@example.com>')).toEqual(['Mark Green']);
    expect(
      persons('On Tue, 5 Mar 2024 at 09:14, Frank Hill <frank.hill@example.com> wrote:'),
    ).toEqual(['Frank Hill']);
    expect(persons('Miles Bond wrote:')).toEqual(['Miles Bond']);
  });

  it('keeps teams, headings and pairs with no cue out', () => {
    for (const text of [
      'Hope Grant and Trace Grant approved it',
      'Dear Customer Service,',
      'Name: Order Status',
      'From: Sales Team',
      'Customer Support wants a refund.',
      'Mark Down the price',
      'Dear Grace Church members,',
      'Hello May Team,',
    ]) {
      expect(namesAndPlaces(text), text).toEqual([]);
    }
  });
});

describe('hyphenated given names', () => {
  it('reads two listed given names joined by a hyphen as one given name', () => {
    expect(namesAndPlaces('Anna-Lena hat angerufen.')).toEqual(['PERSON:Anna-Lena']);
    expect(namesAndPlaces('Jan-Hendrik called.')).toEqual(['PERSON:Jan-Hendrik']);
    expect(namesAndPlaces('Marie-Claire a appelé.')).toEqual(['PERSON:Marie-Claire']);
    expect(namesAndPlaces('Anna-Lena and Jan-Hendrik called.')).toEqual([
      'PERSON:Anna-Lena',
      'PERSON:Jan-Hendrik',
    ]);
  });

  it('joins no English words', () => {
    expect(namesAndPlaces('Mark-Up rules apply')).toEqual([]);
  });
});

describe('places after a label', () => {
  it('reads the words after a place label as a place, in five languages', () => {
    expect(namesAndPlaces('City: Leeds')).toEqual(['LOCATION:Leeds']);
    expect(namesAndPlaces('City: London')).toEqual(['LOCATION:London']);
    expect(namesAndPlaces('City: Vienna')).toEqual(['LOCATION:Vienna']);
    expect(namesAndPlaces('Location: Munich')).toEqual(['LOCATION:Munich']);
    expect(namesAndPlaces('Wohnort: Kairo')).toEqual(['LOCATION:Kairo']);
    expect(namesAndPlaces('Geburtsort: Prag')).toEqual(['LOCATION:Prag']);
    expect(namesAndPlaces('Ville : Lyon')).toEqual(['LOCATION:Lyon']);
    expect(namesAndPlaces('Lieu de naissance : Varsovie')).toEqual(['LOCATION:Varsovie']);
    expect(namesAndPlaces('Ciudad: El Cairo')).toEqual(['LOCATION:El Cairo']);
    expect(namesAndPlaces('Città: Napoli')).toEqual(['LOCATION:Napoli']);
    expect(namesAndPlaces('Place of birth: Naples')).toEqual(['LOCATION:Naples']);
    expect(namesAndPlaces('Residence: Kyiv')).toEqual(['LOCATION:Kyiv']);
  });

  it('knows major cities without a label', () => {
    expect(namesAndPlaces('Jan Kowalski, Warsaw')).toEqual([
      'PERSON:Jan Kowalski',
      'LOCATION:Warsaw',
    ]);
    expect(namesAndPlaces('She moved to Rotterdam last year.')).toEqual(['LOCATION:Rotterdam']);
  });

  it('leaves common words and products after the label', () => {
    expect(namesAndPlaces('Location: Main Office')).toEqual([]);
    expect(namesAndPlaces('Location: Zoom')).toEqual([]);
    expect(namesAndPlaces('Location: Remote')).toEqual([]);
    expect(namesAndPlaces('Location: HQ')).toEqual([]);
    expect(namesAndPlaces('City: TBD')).toEqual([]);
  });
});

describe('phrases of business mail are no names', () => {
  it('reports none of them', () => {
    for (const text of [
      'Sehr geehrte Damen und Herren, vielen Dank für Ihre Anfrage.',
      'Vielen Dank für Ihre Bestellung.',
      'Bitte geben Sie Ihre Kundennummer an.',
      'Ihre Rechnung vom 12.03.2024',
      'Atención al Cliente',
      'Servizio Clienti',
      'Madame, Monsieur,',
      'Partita IVA 01234567890',
      'TC Kimlik No 12345678901',
      'BIC DEUTDEFF',
      'Zimmer 12',
      'Date: Thu, 14 Mar 2024',
      'Meet me on 5th Ave tomorrow.',
      'Buongiorno,',
    ]) {
      expect(persons(text), text).toEqual([]);
    }
  });

  it('keeps the name after them', () => {
    expect(persons('Mi chiamo Chiara')).toEqual(['Chiara']);
    expect(persons('Kunde Herr Dr. med. Hans Müller')).toEqual(['Hans Müller']);
    expect(namesAndPlaces('Ville: Lyon')).toEqual(['LOCATION:Lyon']);
    // "Kunde" is a surname of the lists too.
    expect(persons('Clay Kunde called.')).toEqual(['Clay Kunde']);
  });
});

describe('login names in prose and paths', () => {
  it('finds the whole handle after a ticket verb, a chat verb or a home folder', () => {
    expect(persons('assigned to j.smith')).toEqual(['j.smith']);
    expect(persons('created by jsmith')).toEqual(['jsmith']);
    expect(persons('Reported by: sarah.connor')).toEqual(['sarah.connor']);
    expect(persons('ping max.mustermann on slack')).toEqual(['max.mustermann']);
    expect(persons('Ticket raised by fatima.alzahra')).toEqual(['fatima.alzahra']);
    expect(persons('C:\\Users\\maria.gonzalez\\AppData')).toEqual(['maria.gonzalez']);
    expect(persons('/home/klaus.mueller/.bash_history')).toEqual(['klaus.mueller']);
  });

  it('takes no English word, host or system account', () => {
    for (const text of [
      'created by default',
      'assigned to me',
      'ping example.com',
      '/home/ubuntu/app',
      'C:\\Users\\Public\\Documents',
    ]) {
      expect(persons(text), text).toEqual([]);
    }
  });
});
