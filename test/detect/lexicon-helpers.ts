/** Test helper: the spans one lexicon recognizer reports at the default threshold. */
import type { Analyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';

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
