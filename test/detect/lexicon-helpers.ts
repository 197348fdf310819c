/** Test helpers for the lexicon recognizers. */
import { createAnalyzer, type Analyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';

/** The spans one lexicon recognizer reports at the default threshold. */
export function spans(recognizer: Recognizer, text: string, threshold = 0.5): string[] {
  return recognizer
    .analyze(text, {})
    .filter((c) => c.score >= threshold)
    .map((c) => text.slice(c.start, c.end));
}

/** The texts of the whole analyzer's findings of one type, in order. */
export function entityTexts(analyzer: Analyzer, text: string, type: string): string[] {
  return analyzer
    .analyze(text)
    .filter((f) => f.type === type)
    .map((f) => text.slice(f.start, f.end));
}

const nameTypes = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);
let shared: Analyzer | undefined;

/** "TYPE:text" of each PERSON, LOCATION and ORGANIZATION the analyzer reports. */
export function namesAndPlaces(text: string): string[] {
  shared ??= createAnalyzer();
  return shared
    .analyze(text)
    .filter((f) => nameTypes.has(f.type))
    .map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}
