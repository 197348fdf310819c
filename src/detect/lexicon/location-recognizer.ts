/**
 * LOCATION: countries, cities and regions (gazetteer of every Faker locale plus cue words such
 * as "in", "from", "travelling to"), and street addresses in many countries' styles: house
 * number + street + street type ("14 Crown Street"), street + number ("Hammarvägen 15",
 * "Rue de Piétrain 371"), units ("Apt. 839", "P.O. Box 104"), and the city, country and postcode
 * lines of the same address block.
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { scanEntities } from './entity-scanner.js';

export const locationRecognizer: Recognizer = {
  name: 'location-lexicon',
  entityTypes: ['LOCATION'],
  context: ['address', 'lives', 'live', 'located', 'city', 'country', 'street'],
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('LOCATION')) return [];
    return scanEntities(text).filter((c) => c.type === 'LOCATION');
  },
};
