/**
 * What a recognizer is and what it finds. Pattern recognizers (RE2 patterns + validator +
 * context words) and lexicon recognizers (names, places, organizations) both implement
 * `Recognizer`; the analyzer runs them, applies context scoring, thresholds and the overlap policy.
 *
 * Offsets are UTF-16 code units of the analysed string (JavaScript indexing), end exclusive.
 */

/** One piece of personal data found in a string. */
export interface Finding {
  /** Dotted path of the field the string came from (set by the detect stage; absent for text). */
  field?: string;
  /** Entity type, in the common convention: PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD... */
  type: string;
  start: number;
  end: number;
  /** Confidence in [0, 1]. */
  score: number;
  /** Present only when explanations are requested (`--explain`). */
  explanation?: FindingExplanation;
}

export interface FindingExplanation {
  recognizer: string;
  /** Name of the pattern that matched, when the recognizer has several. */
  pattern?: string;
  /** `passed`, `failed` or `none` (no validator for this format). */
  validator: 'passed' | 'failed' | 'none';
  /** Score before context. */
  baseScore: number;
  /** Context words found near the match that raised the score. */
  contextWords: string[];
}

/** A candidate before context scoring and overlap resolution. */
export interface Candidate {
  type: string;
  start: number;
  end: number;
  /** Score the recognizer gives the candidate on its own (after its validator). */
  score: number;
  recognizer: string;
  pattern?: string;
  validator: 'passed' | 'failed' | 'none';
  /**
   * True when the candidate's format carries strong evidence of its own (a checksum over a
   * long number, a full email): such candidates win overlaps against weaker ones.
   */
  validated?: boolean;
}

export interface AnalyzeOptions {
  /** Entity types to report (all when absent). */
  entities?: ReadonlySet<string>;
  /** Language codes for context words and names, English first (`en`, `de`, `fr`, `es`, `it`). */
  languages?: readonly string[];
}

export interface Recognizer {
  /** Unique name, e.g. `email`, `credit-card`, `person-lexicon`. */
  readonly name: string;
  /** Entity types this recognizer can produce. */
  readonly entityTypes: readonly string[];
  /** Words that, found near a candidate, raise its score (lower-case, whole words). */
  readonly context?: readonly string[];
  /** Finds candidates in `text`. Must run in time linear in the text's length. */
  analyze(text: string, options: AnalyzeOptions): Candidate[];
}
