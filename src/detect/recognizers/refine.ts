/**
 * Refinement helpers shared by the recognizer files: the usual "stands alone + validator"
 * decision, so each recognizer file only states its patterns, scores and context words.
 */
import type { PatternMatch, Refinement } from '../pattern-recognizer.js';
import type { Validator } from '../validators/index.js';
import { standsAlone } from './boundary.js';

export interface CheckedOptions {
  /** Score when the validator passes; default: the pattern's score. */
  score?: number;
  /** Mark passing candidates as validated (they win overlaps). Default true. */
  validated?: boolean;
  /**
   * Require the match not to be glued to surrounding letters, digits or joiners (an underscore
   * separates: the validator vouches for the value). Default true.
   */
  alone?: boolean;
}

/** Accepts a match that stands alone and passes `validator`; drops it otherwise. */
export function checked(validator: Validator, options: CheckedOptions = {}) {
  return (m: PatternMatch): Refinement | null => {
    if (options.alone !== false && !standsAlone(m.text, m.start, m.end, 'separates')) return null;
    if (!validator(m.value)) return null;
    const refinement: Refinement = {
      start: m.start,
      end: m.end,
      score: options.score ?? m.pattern.score,
      validator: 'passed',
    };
    if (options.validated !== false) refinement.validated = true;
    return refinement;
  };
}

/** Accepts a match that stands alone, with no validator. */
export function alone(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end)) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'none' };
}
