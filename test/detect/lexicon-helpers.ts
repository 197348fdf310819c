/** Test helpers for the lexicon recognizers. */
import { createAnalyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';

/** The spans one lexicon recognizer reports at the default threshold. */
export function spans(recognizer: Recognizer, text: string, threshold = 0.5): string[] {
  return recognizer
    .analyze(text, {})
    .filter((c) => c.score >= threshold)
    .map((c) => text.slice(c.start, c.end));
}

const nameTypes = new Set(['PERSON', 'LOCATION', 'ORGANIZATION']);
let analyzer: ReturnType<typeof createAnalyzer> | undefined;

/** "TYPE:text" of each PERSON, LOCATION and ORGANIZATION the analyzer reports. */
export function namesAndPlaces(text: string): string[] {
  analyzer ??= createAnalyzer();
  return analyzer
    .analyze(text)
    .filter((f) => nameTypes.has(f.type))
    .map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}
