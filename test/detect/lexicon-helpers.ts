/** Test helper: the spans one lexicon recognizer reports at the default threshold. */
import type { Recognizer } from '../../src/detect/recognizer.js';

export function spans(recognizer: Recognizer, text: string, threshold = 0.5): string[] {
  return recognizer
    .analyze(text, {})
    .filter((c) => c.score >= threshold)
    .map((c) => text.slice(c.start, c.end));
}
