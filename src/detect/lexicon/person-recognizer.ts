/**
 * PERSON: names from first/last-name gazetteers of many locales, capitalization, initials
 * ("Faina D. Yefremova"), honorifics and cue phrases ("Mr.", "Dear", "my name is", "signed"),
 * all-caps and, after a cue, lower-case names; possessives give the name alone ("John Doe's").
 * The scan is shared with LOCATION and ORGANIZATION (see ./entity-scanner.ts), so a word is
 * given to the one type its evidence favours.
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { scanEntities } from './entity-scanner.js';
import { PERSON_CUES_BEFORE } from './word-lists.js';

export const personRecognizer: Recognizer = {
  name: 'person-lexicon',
  entityTypes: ['PERSON'],
  context: PERSON_CUES_BEFORE.filter((w) => !w.includes(':')),
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('PERSON')) return [];
    return scanEntities(text).filter((c) => c.type === 'PERSON');
  },
};
