/**
 * ORGANIZATION: capitalized runs ending in a legal form or an organization word ("Abt
 * Associates", "Civic Impulse LLC", "Allstate Insurance Group"), firms named by surnames
 * ("Davis, Reynolds and Williamson", "Mayo-Walters"), and names after cues such as "I work for".
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { scanEntities } from './entity-scanner.js';

export const organizationRecognizer: Recognizer = {
  name: 'organization-lexicon',
  entityTypes: ['ORGANIZATION'],
  context: ['company', 'inc', 'corporation', 'employer', 'firm', 'work', 'works'],
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('ORGANIZATION')) return [];
    return scanEntities(text).filter((c) => c.type === 'ORGANIZATION');
  },
};
