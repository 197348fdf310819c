/** Test helper: the spans one lexicon recognizer reports at the default threshold. */
import type { Analyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';

export function spans(recognizer: Recognizer, text: string, threshold = 0.5): string[] {
  return recognizer
    .analyze(text, {})
    .filter((c) => c.score >= threshold)
    .map((c) => text.slice(c.start, c.end));
}

/** The texts of the LOCATION findings of the whole analyzer, in order. */
export function locationTexts(analyzer: Analyzer, text: string): string[] {
  return analyzer
    .analyze(text)
    .filter((f) => f.type === 'LOCATION')
    .map((f) => text.slice(f.start, f.end));
}
