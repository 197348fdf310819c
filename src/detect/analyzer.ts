/**
 * The analyzer: runs the recognizers over a string and returns scored, non-overlapping findings.
 *
 *   text -> characters standing for ASCII ones read as them (`foldText`: offsets unchanged);
 *           a text with invisible characters or escapes read a second time as its readable view
 *           (./normalize.ts), the view's spans mapped back
 *        -> one pass over the text (src/detect/text-shape.ts): gate features, numbers, long tokens
 *        -> built-in patterns behind cheap character gates (vetted, linear-time V8 regexes), each
 *           scanning only the windows where it can match;
 *           patterns from configuration behind one RE2.Set prefilter, then RE2 (linear time)
 *        -> each hit refined by its recognizer (validator, trimming)
 *        -> lexicon recognizers (names, places) run on their own
 *        -> context words raise scores; per-type thresholds; allow list; deny list
 *        -> overlap policy (src/detect/overlap.ts) -> findings sorted by start
 *
 * Build one analyzer per worker and reuse it: construction compiles every pattern.
 *
 * @example
 * ```ts
 * const analyzer = createAnalyzer({ entities: ['EMAIL_ADDRESS', 'PHONE_NUMBER'] });
 * analyzer.analyze('mail alice@example.com'); // [{ type: 'EMAIL_ADDRESS', start: 5, end: 22, score: 1 }]
 * ```
 */
import RE2 from 're2';
import { DetectConfigError } from '../errors/detect-error.js';
import {
  buildContextGate,
  buildContextIndex,
  contextGateMask,
  DEFAULT_CONTEXT_WINDOW,
  findContextWords,
  hasContextWord,
  type ContextIndex,
  type ContextWindow,
} from './context.js';
import { resolveOverlaps, type ScoredCandidate } from './overlap.js';
import {
  PatternRecognizer,
  definePatternRecognizer,
  type PatternSpec,
} from './pattern-recognizer.js';
import type { AnalyzeOptions, Candidate, Finding, Recognizer } from './recognizer.js';
import { foldText, mayNeedReading, readableView, type ReadableView } from './normalize.js';
import { measureText, shapeMayNeedReading, type TextShape } from './text-shape.js';
import { mayHoldNeeded, neededChars } from './needed-chars.js';
import { DETECT_LANGUAGES, typeHint } from './entity-types.js';
import { FIELD_SCORE, wholeValueFinding, withWholeValue, type FieldHint } from './field-context.js';
import { defaultRecognizers } from './recognizers/index.js';
import { getValidator } from './validators/index.js';

/** A recognizer declared in a pipeline file or API call. */
export interface CustomRecognizerConfig {
  /** Unique name, reported in explanations. */
  name: string;
  /** Entity type it produces (upper snake case by convention, e.g. EMPLOYEE_ID). */
  type: string;
  /** RE2 pattern (no look-around, no back-references); always compiled with RE2. */
  pattern: string;
  /** Name of a shipped validator (see `validators`), run on the matched text. */
  validator?: string;
  /** Context words that raise the score. */
  context?: string[];
  /** Score of a match, default 0.6. */
  score?: number;
}

/** Everything that configures an analyzer. All fields are optional. */
export interface AnalyzerConfig {
  /** Entity types to report; all types of the recognizers when absent. */
  entities?: readonly string[];
  /** Entity types never reported (applied after `entities`). */
  excludeEntities?: readonly string[];
  /** Score a finding needs to be reported, per entity type; default `defaultThreshold`. */
  thresholds?: Readonly<Record<string, number>>;
  /** Default threshold, 0.5. */
  defaultThreshold?: number;
  /** Values never reported (compared case-insensitively with the span's text). */
  allow?: readonly string[];
  /** Values always reported, by entity type (whole-word, case-insensitive matches, score 1). */
  deny?: Readonly<Record<string, readonly string[]>>;
  /** Pattern recognizers declared in configuration. */
  customRecognizers?: readonly CustomRecognizerConfig[];
  /** Replaces the default recognizer list (API use; pipelines use the defaults). */
  recognizers?: readonly Recognizer[];
  /** Added to the default (or given) recognizer list. */
  extraRecognizers?: readonly Recognizer[];
  /** Words before and after a span searched for context words; default 5 before, 3 after. */
  contextWindow?: Partial<ContextWindow>;
  /** Added to the score when a context word is found; default 0.35. */
  contextBoost?: number;
  /** Score a candidate is raised to at least when a context word is found; default 0.4. */
  contextMinScore?: number;
  /** Languages for context words and names, English first; default `['en']`. */
  languages?: readonly string[];
  /** Attach an explanation to every finding. */
  explain?: boolean;
}

/** Per-call options. */
export interface AnalyzeCallOptions {
  /** Restricts this call to these entity types (within the analyzer's own). */
  entities?: Iterable<string>;
  /** Overrides the analyzer's `explain` for this call. */
  explain?: boolean;
  /**
   * What the key of the field holding `text` says it is (./field-context.ts): the key counts as
   * a context word for candidates of that type, and a value with no finding of that type but
   * with its shape is reported whole. Ignored when the type is not reported.
   */
  field?: FieldHint;
}

export interface Analyzer {
  /** Entity types this analyzer can report. */
  readonly entityTypes: readonly string[];
  /**
   * Entity types its recognizers know, enabled or not: what a type named in an option
   * (`fieldContext.extra`) is checked against, as `entities` is.
   */
  readonly knownTypes: ReadonlySet<string>;
  /** Finds the personal data in `text`; offsets are UTF-16 code units, end exclusive. */
  analyze(text: string, options?: AnalyzeCallOptions): Finding[];
}

/**
 * `text` with the characters that stand for an ASCII one read as it (other spaces and the tab as
 * U+0020, hyphens and the minus sign as "-", fullwidth forms and other scripts' digits as ASCII);
 * same length, so offsets hold (see ./normalize.ts). Kept under its first name for callers.
 */
export const foldSpaces = foldText;

/** Texts up to this many code units have their findings remembered per analyzer. */
const REMEMBER_MAX_LENGTH = 64;
/**
 * How many repeated texts an analyzer remembers, over all call options; the memory is emptied
 * when full (no eviction order to keep up on every hit).
 */
const REMEMBER_MAX_ENTRIES = 4096;
/**
 * How many distinct call options (field hint, entity types, explanations) have a memory of their
 * own; all memories are emptied when a new one would pass this.
 */
const REMEMBER_MAX_KINDS = 256;

/** Slots of an analyzer's table of recent short texts' hashes (2^13: 32 KB). */
const SIGHTING_BITS = 13;

/** FNV-1a over the UTF-16 code units of a short text; never 0, the value of an empty slot. */
function textHash(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 1;
}

/** A finding copied deep enough that a caller changing it cannot change a remembered one. */
function copyFinding(f: Finding): Finding {
  const copy: Finding = { type: f.type, start: f.start, end: f.end, score: f.score };
  if (f.explanation !== undefined) {
    copy.explanation = { ...f.explanation, contextWords: [...f.explanation.contextWords] };
  }
  return copy;
}

/**
 * Shared empty list for candidates whose context words were not listed: copied when an
 * explanation may show it, never seen otherwise.
 */
const NO_WORDS: string[] = [];

/**
 * The recognizers Veil ships (one instance each, shared by every analyzer of a thread): their
 * candidates depend on the text alone. A recognizer given through the API may hold state of its
 * own, so an analyzer running one remembers nothing (see `remembers` in `createAnalyzer`).
 */
const SHIPPED_RECOGNIZERS: ReadonlySet<Recognizer> = new Set(defaultRecognizers());

/**
 * The findings of the short texts analyzed with one kind of call: the same field hint, call
 * entity types and explanation switch. `salt` sets its texts' hashes apart from other kinds'.
 */
interface RememberedKind {
  readonly salt: number;
  readonly findings: Map<string, readonly Finding[]>;
}

/** The kind of call of one field hint object, and the hint's parts it was made for. */
interface HintKind {
  readonly explain: boolean;
  readonly type: string;
  readonly key: string;
  readonly shape: string | undefined;
  /** `kinds` emptied since: the kind is no longer theirs. */
  readonly generation: number;
  readonly kind: RememberedKind;
}

/**
 * A text naming one kind of call, or undefined when the hint is not one a memory can tell apart
 * (a JavaScript caller's field of other types than the `FieldHint` declares). Each part of the
 * hint is written with its length first, so that no two kinds give one text; the call's entity
 * types (all among the analyzer's known types, `typeIndex`) as a bit set, without a sort.
 */
function kindName(
  explain: boolean,
  field: FieldHint | undefined,
  callTypes: ReadonlySet<string> | undefined,
  typeIndex: ReadonlyMap<string, number>,
): string | undefined {
  let name = explain ? 'e' : 'n';
  if (field !== undefined) {
    const { type, key, shape } = field;
    if (typeof type !== 'string' || typeof key !== 'string') return undefined;
    if (shape !== undefined && typeof shape !== 'string') return undefined;
    name += `f${type.length}:${type}${key.length}:${key}`;
    name += shape === undefined ? '-' : `${shape.length}:${shape}`;
  }
  if (callTypes !== undefined) {
    const bits = new Int32Array((typeIndex.size + 31) >> 5);
    for (const type of callTypes) {
      const at = typeIndex.get(type);
      if (at === undefined) return undefined;
      bits[at >> 5]! |= 1 << (at & 31);
    }
    name += `t${bits.join(',')}`;
  }
  return name;
}

/*
 * The vetted patterns' cheap gates, prepared once per analyzer as one table: a row of int32
 * numbers per gate, in recognizer and pattern order. The check per text reads the text's shape
 * into locals once and each gate's numbers from one typed array. Before any row is read, the
 * gates are narrowed as bit sets (`GateIndex`) to those whose four numeric needs the text meets
 * and one of whose key characters it holds: a one-word field visits 1-3 gates (21 when gates
 * were chosen by digit count alone), a phone number 15, a timestamp 19 of 69. Measured on the
 * tickets corpus, pattern recognizers only, CPU-ns per field: a one-word field 290 -> 180, a
 * phone number 3460 -> 3220, notes unchanged (they hold most keys).
 */
/** Digits a match needs: `minDigits`, and at least the digit run or cluster `near` names. */
const GATE_DIGITS = 0;
const GATE_RUN = 1;
const GATE_DIGIT_RUN = 2;
const GATE_CLUSTER = 3;
/** `needsAll` (ASCII only) as a 128-bit set, four 32-bit words; all zero: no such gate. */
const GATE_ALL = 4;
/** `needsAny` split into its ASCII characters as a 128-bit set (four words) and the others. */
const GATE_ANY = 8;
/** 1 when the gate has a `needsAny`. */
const GATE_HAS_ANY = 12;
const GATE_STRIDE = 13;
/** The four numeric needs (row offsets 0-3), each met by the shape value of the same index. */
const GATE_MEASURES = 4;

/**
 * Rough order of the ASCII characters from most to least common in records and prose; a
 * character not listed counts as rarer than all. A gate with `needsAll` is keyed by its rarest
 * character, so that common texts skip it.
 */
const COMMON_FIRST = ' etaoinsrhldcumfpgwybv.,-kTAISCMBPDRHNWEFGLOxjqz';
/** A `needsAny` of more ASCII characters than this gives its gate no key. */
const MAX_ANY_KEYS = 4;

/**
 * The gates as bit sets (bit `id & 31` of word `id >> 5`), to narrow them per text before the
 * rows are read. Every set holds at least the gates that pass, so narrowing never drops one.
 */
interface GateIndex {
  /** 32-bit words per bit set. */
  readonly words: number;
  /** Per numeric need (`GATE_MEASURES`): the largest need, and a row of offsets into `reach`. */
  readonly caps: Int32Array;
  readonly reachAt: Int32Array;
  /** For need k and value v <= caps[k]: at `reachAt[k] + v * words`, the gates needing <= v. */
  readonly reach: Int32Array;
  /**
   * The key characters (a 128-bit set in four words) and, per ASCII code, the gates it keys
   * (`words` each): a keyed gate can pass only when the text holds one of its keys, the rarest
   * character of its `needsAll` or each ASCII character of a short `needsAny`.
   */
  readonly keyChars: Int32Array;
  readonly keyed: Int32Array;
  /** Gates with no key, and gates whose `needsAny` holds non-ASCII characters. */
  readonly unkeyed: Int32Array;
  readonly nonAscii: Int32Array;
}

interface GateTable {
  readonly rows: Int32Array;
  /** Per gate: its recognizer (index into the vetted list) and pattern index. */
  readonly owner: Int32Array;
  readonly pattern: Int32Array;
  /** Per gate: the list of its pattern index alone (shared, never changed). */
  readonly alone: ReadonlyArray<readonly number[]>;
  /** Per gate: the non-ASCII characters of `needsAny`. */
  readonly anyOther: readonly string[];
  /** The distinct `needsMatch` expressions, and per gate the index of its own (-1: none). */
  readonly matchers: readonly RegExp[];
  readonly matcherOf: Int32Array;
  /**
   * Per expression, the character sets an ASCII text must meet for it to match (./needed-chars.ts):
   * `neededCount[k]` sets of four words from `neededAt[k]` in `needed`.
   */
  readonly needed: Int32Array;
  readonly neededAt: Int32Array;
  readonly neededCount: Int32Array;
  readonly index: GateIndex;
}

function buildGateTable(vetted: readonly PatternRecognizer[]): GateTable {
  const specs = vetted.flatMap((r, owner) => r.patterns.map((p, index) => ({ p, owner, index })));
  const rows = new Int32Array(specs.length * GATE_STRIDE);
  const anyOther: string[] = [];
  specs.forEach(({ p }, id) => {
    const row = id * GATE_STRIDE;
    const digitRun = p.near !== undefined && 'digitRun' in p.near ? p.near.digitRun : 0;
    const cluster = p.near !== undefined && 'cluster' in p.near ? p.near.cluster : 0;
    rows[row + GATE_DIGITS] = Math.max(p.minDigits ?? 0, digitRun, cluster);
    rows[row + GATE_RUN] = p.minRun ?? 0;
    rows[row + GATE_DIGIT_RUN] = digitRun;
    rows[row + GATE_CLUSTER] = cluster;
    for (const ch of p.needsAll ?? '') {
      const code = ch.charCodeAt(0);
      if (ch.length !== 1 || code >= 128) {
        throw new DetectConfigError(`pattern '${p.name}': needsAll takes ASCII characters`);
      }
      rows[row + GATE_ALL + (code >> 5)]! |= 1 << (code & 31);
    }
    let other = '';
    for (const ch of p.needsAny ?? '') {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code < 128) rows[row + GATE_ANY + (code >> 5)]! |= 1 << (code & 31);
      else other += ch;
    }
    rows[row + GATE_HAS_ANY] = p.needsAny !== undefined && p.needsAny.length > 0 ? 1 : 0;
    anyOther.push(other);
  });
  const matchers = [...new Set(specs.flatMap(({ p }) => p.needsMatch ?? []))];
  const sets = matchers.map(neededChars);
  const neededAt = new Int32Array(matchers.length);
  const neededCount = Int32Array.from(sets, (set) => set.length / 4);
  const needed = new Int32Array(sets.reduce((n, set) => n + set.length, 0));
  let at = 0;
  sets.forEach((set, k) => {
    neededAt[k] = at;
    needed.set(set, at);
    at += set.length;
  });
  return {
    rows,
    owner: Int32Array.from(specs, (s) => s.owner),
    pattern: Int32Array.from(specs, (s) => s.index),
    alone: specs.map((s) => [s.index]),
    anyOther,
    matchers,
    matcherOf: Int32Array.from(specs, ({ p }) =>
      p.needsMatch === undefined ? -1 : matchers.indexOf(p.needsMatch),
    ),
    needed,
    neededAt,
    neededCount,
    index: buildGateIndex(specs.map((s) => s.p), rows, anyOther),
  };
}

function buildGateIndex(
  patterns: readonly PatternSpec[],
  rows: Int32Array,
  anyOther: readonly string[],
): GateIndex {
  const count = patterns.length;
  const words = Math.max(1, Math.ceil(count / 32));
  const add = (set: Int32Array, at: number, id: number): void => {
    set[at + (id >> 5)]! |= 1 << (id & 31);
  };

  const caps = new Int32Array(GATE_MEASURES);
  const reachAt = new Int32Array(GATE_MEASURES);
  let size = 0;
  for (let k = 0; k < GATE_MEASURES; k++) {
    for (let id = 0; id < count; id++) caps[k] = Math.max(caps[k]!, rows[id * GATE_STRIDE + k]!);
    reachAt[k] = size;
    size += (caps[k]! + 1) * words;
  }
  const reach = new Int32Array(size);
  for (let k = 0; k < GATE_MEASURES; k++) {
    for (let v = 0; v <= caps[k]!; v++) {
      for (let id = 0; id < count; id++) {
        if (rows[id * GATE_STRIDE + k]! <= v) add(reach, reachAt[k]! + v * words, id);
      }
    }
  }

  const rarity = (ch: string): number => {
    const at = COMMON_FIRST.indexOf(ch);
    return at < 0 ? COMMON_FIRST.length : at;
  };
  const keyChars = new Int32Array(4);
  const keyed = new Int32Array(128 * words);
  const unkeyed = new Int32Array(words);
  const nonAscii = new Int32Array(words);
  patterns.forEach((p, id) => {
    let keys: string[] = [];
    if (p.needsAll !== undefined && p.needsAll.length > 0) {
      keys = [[...p.needsAll].reduce((a, b) => (rarity(b) > rarity(a) ? b : a))];
    } else if (p.needsAny !== undefined && p.needsAny.length > 0) {
      const ascii = [...p.needsAny].filter((ch) => ch.length === 1 && ch.charCodeAt(0) < 128);
      if (anyOther[id]!.length > 0) add(nonAscii, 0, id);
      // Only non-ASCII characters: the gate can pass on non-ASCII texts alone.
      if (ascii.length === 0) return;
      // A long set (every letter) is held by almost every text: no key.
      if (ascii.length <= MAX_ANY_KEYS) keys = ascii;
    }
    if (keys.length === 0) add(unkeyed, 0, id);
    for (const ch of keys) {
      const code = ch.charCodeAt(0);
      keyChars[code >> 5]! |= 1 << (code & 31);
      add(keyed, code * words, id);
    }
  });
  return { words, caps, reachAt, reach, keyChars, keyed, unkeyed, nonAscii };
}

/**
 * Writes into `selected` the gates the text of this shape may pass: those whose numeric needs
 * it meets and whose key it holds (see `GateIndex`); the rows then decide.
 */
function selectGates(index: GateIndex, shape: TextShape, selected: Int32Array): void {
  const { words, caps, reachAt, reach, keyChars, keyed } = index;
  for (let w = 0; w < words; w++) {
    selected[w] = index.unkeyed[w]! | (shape.ascii ? 0 : index.nonAscii[w]!);
  }
  // The key characters the text holds, lowest code first.
  for (let q = 0; q < 4; q++) {
    const mask = q === 0 ? shape.m0 : q === 1 ? shape.m1 : q === 2 ? shape.m2 : shape.m3;
    let present = mask & keyChars[q]!;
    while (present !== 0) {
      const low = present & -present;
      present ^= low;
      const at = ((q << 5) | (31 - Math.clz32(low))) * words;
      for (let w = 0; w < words; w++) selected[w]! |= keyed[at + w]!;
    }
  }
  // The shape's values in the order of the numeric needs (GATE_DIGITS .. GATE_CLUSTER).
  const digits = reachAt[0]! + Math.min(shape.digits, caps[0]!) * words;
  const run = reachAt[1]! + Math.min(shape.longestRun, caps[1]!) * words;
  const digitRun = reachAt[2]! + Math.min(shape.longestDigitRun, caps[2]!) * words;
  const cluster = reachAt[3]! + Math.min(shape.mostClusterDigits, caps[3]!) * words;
  for (let w = 0; w < words; w++) {
    selected[w]! &=
      reach[digits + w]! & reach[run + w]! & reach[digitRun + w]! & reach[cluster + w]!;
  }
}

function containsAnyOf(text: string, chars: string): boolean {
  for (const ch of chars) if (text.includes(ch)) return true;
  return false;
}

interface PatternSlot {
  recognizer: PatternRecognizer;
  patternIndex: number;
}

function escapeRe2(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function checkScore(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new DetectConfigError(`${what} must be a number in [0, 1]`);
  }
  return value;
}

function buildCustomRecognizer(config: CustomRecognizerConfig, index: number): PatternRecognizer {
  const where = `custom recognizer ${index + 1} ('${config.name}')`;
  if (typeof config.name !== 'string' || config.name.length === 0) {
    throw new DetectConfigError(`custom recognizer ${index + 1}: name is required`);
  }
  if (typeof config.type !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(config.type)) {
    throw new DetectConfigError(`${where}: type must be upper snake case, e.g. EMPLOYEE_ID`);
  }
  if (typeof config.pattern !== 'string' || config.pattern.length === 0) {
    throw new DetectConfigError(`${where}: pattern is required`);
  }
  const score = checkScore(config.score ?? 0.6, `${where}: score`);
  const validator = config.validator === undefined ? undefined : getValidator(config.validator);
  if (config.validator !== undefined && validator === undefined) {
    throw new DetectConfigError(`${where}: unknown validator '${config.validator}'`);
  }
  return definePatternRecognizer({
    name: config.name,
    entityType: config.type,
    patterns: [{ name: config.name, regex: config.pattern, score }],
    context: config.context ?? [],
    refine: (m) => {
      if (validator === undefined) return { start: m.start, end: m.end, score, validator: 'none' };
      return validator(m.value)
        ? { start: m.start, end: m.end, score: Math.max(score, 0.8), validator: 'passed', validated: true }
        : null;
    },
  });
}

function buildDenyRecognizer(type: string, values: readonly string[]): PatternRecognizer {
  // Terms are matched in the folded text (`foldSpaces`), so they are folded too.
  const terms = values
    .filter((v) => typeof v === 'string' && v.trim().length > 0)
    .map((v) => escapeRe2(foldSpaces(v.trim())));
  return definePatternRecognizer({
    name: `deny-list:${type}`,
    entityType: type,
    patterns: [{ name: 'deny-list', regex: `(?i)(?:${terms.join('|')})`, score: 1 }],
    refine: (m) => {
      // Whole words only: "Ann" on the deny list does not hit "Annual".
      const first = m.value.charCodeAt(0);
      const last = m.value.charCodeAt(m.value.length - 1);
      const wordish = (c: number): boolean => /[\p{L}\p{N}_]/u.test(String.fromCharCode(c));
      const before = m.start > 0 ? m.text.charCodeAt(m.start - 1) : 32;
      const after = m.end < m.text.length ? m.text.charCodeAt(m.end) : 32;
      if (wordish(first) && wordish(before)) return null;
      if (wordish(last) && wordish(after)) return null;
      return { start: m.start, end: m.end, score: 1, validator: 'none', validated: true };
    },
  });
}

/**
 * Throws for an entity type no recognizer reports: a misspelt type ("EMAIL" for EMAIL_ADDRESS)
 * in `entities` would otherwise switch detection off for it without a word said.
 */
export function checkKnownTypes(
  types: Iterable<string>,
  known: ReadonlySet<string>,
  what: string,
): void {
  for (const type of types) {
    if (known.has(type)) continue;
    const name = String(type).slice(0, 64);
    throw new DetectConfigError(
      `${what}: unknown entity type '${name}'${typeHint(name, known)}; the README (Detection) lists the entity types`,
    );
  }
}

/** Builds an analyzer. Throws `DetectConfigError` for an invalid configuration. */
export function createAnalyzer(config: AnalyzerConfig = {}): Analyzer {
  const languages = config.languages ?? ['en'];
  // Checked as a pipeline file's are: an unknown code silently gave English alone (round 13).
  if (!Array.isArray(languages) || languages.length === 0) {
    throw new DetectConfigError(`languages: expected a non-empty list of ${DETECT_LANGUAGES.join(', ')}`);
  }
  for (const lang of languages) {
    if (!(DETECT_LANGUAGES as readonly string[]).includes(lang)) {
      throw new DetectConfigError(
        `languages: unknown language '${String(lang).slice(0, 16)}'; expected one of ${DETECT_LANGUAGES.join(', ')}`,
      );
    }
  }
  const window: ContextWindow = {
    before: config.contextWindow?.before ?? DEFAULT_CONTEXT_WINDOW.before,
    after: config.contextWindow?.after ?? DEFAULT_CONTEXT_WINDOW.after,
  };
  const boost = checkScore(config.contextBoost ?? 0.35, 'contextBoost');
  const minWithContext = checkScore(config.contextMinScore ?? 0.4, 'contextMinScore');
  const defaultThreshold = checkScore(config.defaultThreshold ?? 0.5, 'defaultThreshold');
  const thresholds = new Map<string, number>();
  for (const [type, value] of Object.entries(config.thresholds ?? {})) {
    thresholds.set(type, checkScore(value, `threshold for ${type}`));
  }

  const recognizers: Recognizer[] = [...(config.recognizers ?? defaultRecognizers())];
  for (const r of config.extraRecognizers ?? []) recognizers.push(r);
  // Context words and explanations go by name: a second recognizer of one name would take over
  // the first one's context words without a word said.
  const names = new Set(recognizers.map((r) => r.name));
  if (names.size < recognizers.length) {
    const twice = recognizers.find((r, i) => recognizers.findIndex((o) => o.name === r.name) !== i);
    throw new DetectConfigError(`recognizer name '${twice?.name}' is used by two recognizers`);
  }
  // Recognizers made here from configuration (an RE2 pattern, a shipped validator, deny terms).
  const built = new Set<Recognizer>();
  (config.customRecognizers ?? []).forEach((c, i) => {
    const custom = buildCustomRecognizer(c, i);
    // `deny-list:TYPE` names the recognizers of `deny`, added below.
    if (names.has(custom.name) || custom.name.startsWith('deny-list:')) {
      throw new DetectConfigError(
        `custom recognizer ${i + 1} ('${custom.name}'): that name is taken by another recognizer; choose another`,
      );
    }
    names.add(custom.name);
    recognizers.push(custom);
    built.add(custom);
  });
  for (const [type, values] of Object.entries(config.deny ?? {})) {
    if (values.length === 0) continue;
    const deny = buildDenyRecognizer(type, values);
    recognizers.push(deny);
    built.add(deny);
  }

  const known = new Set(recognizers.flatMap((r) => r.entityTypes));
  checkKnownTypes(config.entities ?? [], known, 'entities');
  checkKnownTypes(config.excludeEntities ?? [], known, 'excludeEntities');
  checkKnownTypes(thresholds.keys(), known, 'thresholds');

  const exclude = new Set(config.excludeEntities ?? []);
  const include = config.entities === undefined ? undefined : new Set(config.entities);
  const enabled = (type: string): boolean => !exclude.has(type) && (include === undefined || include.has(type));
  const active = recognizers.filter((r) => r.entityTypes.some(enabled));
  // Findings are remembered only when every recognizer run is one whose candidates depend on
  // the text alone: Veil's own, and those made here from configuration.
  const remembers = active.every((r) => SHIPPED_RECOGNIZERS.has(r) || built.has(r));
  const entityTypes = [...new Set(active.flatMap((r) => r.entityTypes.filter(enabled)))].sort();

  // Patterns from configuration go through one RE2.Set (a single linear pass tells which can
  // match at all). Veil's own vetted patterns are gated by cheap character checks instead: a
  // measured RE2.Set over all 64 of them ran at 0.5 ms per sentence here, its DFA exhausting
  // its memory budget and falling back to the NFA, while the gates skip most patterns for free.
  const slots: PatternSlot[] = [];
  const sources: string[] = [];
  const vetted: PatternRecognizer[] = [];
  const others: Recognizer[] = [];
  for (const r of active) {
    if (r instanceof PatternRecognizer && r.engine === 'v8') {
      vetted.push(r);
    } else if (r instanceof PatternRecognizer) {
      r.patterns.forEach((p, patternIndex) => {
        slots.push({ recognizer: r, patternIndex });
        sources.push(p.regex);
      });
    } else {
      others.push(r);
    }
  }
  const gates = buildGateTable(vetted);
  // The table's parts as bindings of their own: `collectVetted` read each through `gates` at
  // every gate visited (about 78 visits a note).
  const {
    rows: gateRows,
    owner: gateOwner,
    pattern: gatePattern,
    alone: gateAlone,
    anyOther: gateAnyOther,
    matchers: gateMatchers,
    matcherOf: gateMatcherOf,
    needed: gateNeeded,
    neededAt: gateNeededAt,
    neededCount: gateNeededCount,
    index: gateIndex,
  } = gates;
  const gateWords = gateIndex.words;
  /** Scratch bit set of the gates a text may pass (`collectVetted` never nests). */
  const selectedGates = new Int32Array(gates.index.words);
  /*
   * Each `needsMatch` expression runs at most once per text, its answer kept under the text's
   * stamp (the Map made per text for this took a quarter of the gate loop's own time on short
   * fields; with it, a subject or name field 0.51 -> 0.38 CPU-us in the pattern recognizers).
   */
  const matchStamps = new Int32Array(gates.matchers.length);
  const matchPassed = new Uint8Array(gates.matchers.length);
  let stamp = 0;
  let prefilter: { match(text: string): number[] } | undefined;
  if (sources.length > 0) {
    try {
      prefilter = new RE2.Set(sources, 'u');
    } catch (error) {
      throw new DetectConfigError(`recognizer patterns: RE2 could not build the prefilter (${(error as Error).message})`);
    }
  }

  const contextIndexes = new Map<string, ContextIndex>();
  for (const r of active) {
    const words: string[] = [...(r.context ?? [])];
    const byLanguage = (r as { contextByLanguage?: Record<string, readonly string[]> }).contextByLanguage;
    if (byLanguage !== undefined)
      for (const lang of languages) for (const word of byLanguage[lang] ?? []) words.push(word);
    contextIndexes.set(r.name, buildContextIndex(words));
  }
  /*
   * Recognizers whose candidates all score below their types' thresholds (`maxScore`) report one
   * only with a context word near it: on a text holding none of their words they are not run at
   * all (`contextGateMask`). On the tickets notes, 19 weak identifiers (bank, licence, passport
   * and most all-digit national numbers): see "How detection is kept fast" in the README.
   */
  const gatedIndexes: ContextIndex[] = [];
  // Per entity type, the gated recognizers reporting it: a field's key is their context word.
  const gateBitsOfType = new Map<string, number>();
  const ownerBits = vetted.map((r) => {
    const max = r.maxScore;
    if (max === undefined || gatedIndexes.length === 31) return 0;
    const threshold = (type: string): number => thresholds.get(type) ?? defaultThreshold;
    if (!r.entityTypes.every((type) => !enabled(type) || max < threshold(type))) return 0;
    gatedIndexes.push(contextIndexes.get(r.name) as ContextIndex);
    const bit = 1 << (gatedIndexes.length - 1);
    for (const type of r.entityTypes) {
      gateBitsOfType.set(type, (gateBitsOfType.get(type) ?? 0) | bit);
    }
    return bit;
  });
  const contextGate = buildContextGate(gatedIndexes);
  /** Per gate: its recognizer's bit in `contextGate`, 0 when it is not gated. */
  const gateBits = Int32Array.from(gates.owner, (owner) => ownerBits[owner]!);

  // Compared with spans of the folded text (`foldSpaces`), so folded too.
  const allow = new Set((config.allow ?? []).map((v) => foldSpaces(v).trim().toLowerCase()));
  const analyzeOptions: AnalyzeOptions = { entities: new Set(entityTypes), languages };

  /** `fieldBits`: the gated recognizers a field's key counts as context for (`gateBitsOfType`). */
  function collectVetted(
    text: string,
    candidates: Candidate[],
    fieldBits: number,
    measured: TextShape | undefined,
  ): void {
    // One pass over the text feeds every gate (digit count, longest alphanumeric run, which ASCII
    // characters occur: measured 13% of the pattern recognizers' time as separate checks) and
    // tells the scoped patterns where numbers and long tokens are, so they scan only there.
    const shape = measured ?? measureText(text);
    // Compared, so that the optimized loop holds a boolean: read as it is, the field was tested
    // for truth again at every gate visited (about 14 instructions each, 78 visits a note).
    const ascii = shape.ascii === true;
    const m0 = shape.m0 | 0;
    const m1 = shape.m1 | 0;
    const m2 = shape.m2 | 0;
    const m3 = shape.m3 | 0;
    const rows = gateRows;
    const words = gateWords;
    const selected = selectedGates;
    selectGates(gateIndex, shape, selected);

    // A new stamp marks every `needsMatch` answer of an earlier text as stale.
    if (++stamp === 0x7fffffff) {
      matchStamps.fill(0);
      stamp = 1;
    }
    // The gated recognizers that may find a context word here, once a gate of one is reached.
    let possible = 0;
    let gated = false;
    // The gates come in recognizer order: the patterns that passed are handed to their
    // recognizer when the next recognizer's first passing gate (or the end) comes. Most
    // recognizers pass one gate at most: their list is a shared one, and a list is made only
    // for a second pattern (an array made per passing gate was 2% of a short string's time).
    let owner = -1;
    let hits: readonly number[] | undefined;
    // The recognizer's own list, once it passes a second gate.
    let grown: number[] | undefined;
    // The selected gates in ascending order: by word, then lowest bit first.
    for (let w = 0; w < words; w++) {
      for (let bits = selected[w]!; bits !== 0; ) {
        const low = bits & -bits;
        bits ^= low;
        const id = (w << 5) | (31 - Math.clz32(low));
        // The numeric needs are met (`selectGates`); the characters are checked here.
        const row = id * GATE_STRIDE;
        const all0 = rows[row + GATE_ALL]!;
        const all1 = rows[row + GATE_ALL + 1]!;
        const all2 = rows[row + GATE_ALL + 2]!;
        const all3 = rows[row + GATE_ALL + 3]!;
        if ((all0 & m0) !== all0 || (all1 & m1) !== all1) continue;
        if ((all2 & m2) !== all2 || (all3 & m3) !== all3) continue;
        if (rows[row + GATE_HAS_ANY] === 1) {
          const any =
            (rows[row + GATE_ANY]! & m0) |
            (rows[row + GATE_ANY + 1]! & m1) |
            (rows[row + GATE_ANY + 2]! & m2) |
            (rows[row + GATE_ANY + 3]! & m3);
          if (any === 0 && (ascii || !containsAnyOf(text, gateAnyOther[id]!))) continue;
        }
        const bit = gateBits[id]!;
        if (bit !== 0) {
          if (!gated) {
            possible = contextGateMask(text, contextGate, ascii) | fieldBits;
            gated = true;
          }
          if ((possible & bit) === 0) continue;
        }
        const matcher = gateMatcherOf[id]!;
        if (matcher >= 0) {
          if (matchStamps[matcher] !== stamp) {
            matchStamps[matcher] = stamp;
            // An ASCII text lacking every character of a set the expression needs cannot match:
            // the call is skipped (most of a short field's gate expressions fail this way).
            matchPassed[matcher] =
              (!ascii ||
                mayHoldNeeded(
                  gateNeeded,
                  gateNeededAt[matcher]!,
                  gateNeededCount[matcher]!,
                  m0,
                  m1,
                  m2,
                  m3,
                )) &&
              gateMatchers[matcher]!.test(text)
                ? 1
                : 0;
          }
          if (matchPassed[matcher] === 0) continue;
        }
        const next = gateOwner[id]!;
        if (next !== owner) {
          if (hits !== undefined) vetted[owner]!.analyzeHitsInto(text, hits, candidates, shape);
          hits = undefined;
          grown = undefined;
          owner = next;
        }
        if (hits === undefined) {
          hits = gateAlone[id]!;
        } else {
          if (grown === undefined) hits = grown = hits.slice();
          grown.push(gatePattern[id]!);
        }
      }
    }
    if (hits !== undefined) vetted[owner]!.analyzeHitsInto(text, hits, candidates, shape);
  }

  function collect(text: string, fieldBits: number, shape: TextShape | undefined): Candidate[] {
    const candidates: Candidate[] = [];
    if (vetted.length > 0) collectVetted(text, candidates, fieldBits, shape);
    if (prefilter !== undefined) {
      const hits = prefilter.match(text);
      if (hits.length > 0) {
        const byRecognizer = new Map<PatternRecognizer, number[]>();
        for (const hit of hits) {
          const slot = slots[hit]!;
          let list = byRecognizer.get(slot.recognizer);
          if (list === undefined) byRecognizer.set(slot.recognizer, (list = []));
          list.push(slot.patternIndex);
        }
        for (const [recognizer, indices] of byRecognizer) {
          recognizer.analyzeHitsInto(text, indices, candidates);
        }
      }
    }
    for (const r of others) {
      for (const c of r.analyze(text, analyzeOptions)) candidates.push(c);
    }
    return candidates;
  }

  /*
   * Short values repeat in structured data (status codes, categories, tags, country names): the
   * findings of each short text seen twice are kept, up to a bound, and copied out on the next
   * sight. The findings of one analyzer depend on the text and on the call's options alone (the
   * field hint, the call's entity types, explanations), so each kind of call has a memory of its
   * own and the answer is the same. An analyzer running a recognizer from the API remembers
   * nothing (`remembers`): such a recognizer may answer differently for one text.
   *
   * What is kept: up to REMEMBER_MAX_ENTRIES short texts of the records analyzed (field values of
   * up to REMEMBER_MAX_LENGTH code units) with copies of their findings, in this analyzer's
   * memory, until it is emptied when full or the analyzer is dropped. Findings go out as copies,
   * so that a caller changing one (offsets, an explanation's words) cannot change a kept one.
   *
   * Most short values are seen once (ids, timestamps, e-mail addresses): a text enters the
   * memory only when its hash is already in `sightings`, a table of the hashes of recent short
   * texts, so a first sight costs a hash of the text and one table slot instead of a map look-up,
   * a map insertion and a copy of the findings. A slot taken over by another text only costs one
   * more analysis when its own text comes back. The map, holding repeated texts only, fills
   * less often: on the 4000 tickets' short fields 25,234 analyses instead of 25,783, and 1.8-5.0
   * CPU-us less per record (paired in-process runs against the previous build, the fields case
   * of bench/scenarios/detect-cpu.ts, about 38 per record before). The memory is kept out of
   * `analyze`, whose long-text path slowed by 4-6 CPU-us per note with it inline.
   */
  const plain: RememberedKind = { salt: 0, findings: new Map() };
  const plainExplained: RememberedKind = { salt: 0x2545f491, findings: new Map() };
  /** Each known entity type's place in the bit set of a kind's entity types (`kindName`). */
  const knownIndex = new Map([...known].map((type, i) => [type, i] as const));
  /** The other kinds of call (a field hint, entity types), by `kindName`. */
  const kinds = new Map<string, RememberedKind>();
  /** The kind of each field hint object seen (`kindOfHint`), valid while `kindGeneration` holds. */
  const kindByHint = new WeakMap<FieldHint, HintKind>();
  let kindGeneration = 0;
  let rememberedCount = 0;
  const sightings = new Int32Array(1 << SIGHTING_BITS);

  function analyze(text: string, options?: AnalyzeCallOptions): Finding[] {
    if (typeof text !== 'string' || text.length === 0) return [];
    if (options !== undefined) return analyzeWith(text, options);
    const explain = config.explain ?? false;
    if (!remembers || text.length > REMEMBER_MAX_LENGTH) {
      return analyzeText(text, undefined, explain, undefined);
    }
    return analyzeShort(text, explain ? plainExplained : plain, undefined, explain, undefined);
  }

  function analyzeWith(text: string, options: AnalyzeCallOptions): Finding[] {
    const callTypes = options.entities === undefined ? undefined : knownCallTypes(options.entities);
    const explain = options.explain ?? config.explain ?? false;
    const field = options.field;
    if (!remembers || text.length > REMEMBER_MAX_LENGTH) {
      return analyzeText(text, callTypes, explain, field);
    }
    // A call whose options change nothing (the privacy manager passes an object each call).
    if (field === undefined && callTypes === undefined) {
      return analyzeShort(text, explain ? plainExplained : plain, undefined, explain, undefined);
    }
    const kind =
      callTypes === undefined ? kindOfHint(explain, field!) : kindOf(explain, field, callTypes);
    if (kind === undefined) return analyzeText(text, callTypes, explain, field);
    return analyzeShort(text, kind, callTypes, explain, field);
  }

  /**
   * `kindOf` for a call with a field hint alone, looked up by the hint object: a field context
   * hands out one object per field path, and `kindName` built a new string per call (the hint's
   * parts and their lengths joined) that the map of kinds then flattened and hashed. The hint's
   * parts are compared with those the entry was made for, so a hint changed by its caller gets
   * its own kind as before; the entries go when the kinds are emptied.
   */
  function kindOfHint(explain: boolean, field: FieldHint): RememberedKind | undefined {
    const known = typeof field === 'object' && field !== null ? kindByHint.get(field) : undefined;
    if (
      known !== undefined &&
      known.explain === explain &&
      known.type === field.type &&
      known.key === field.key &&
      known.shape === field.shape &&
      known.generation === kindGeneration
    ) {
      return known.kind;
    }
    const kind = kindOf(explain, field, undefined);
    if (kind !== undefined && typeof field === 'object' && field !== null) {
      const { type, key, shape } = field;
      kindByHint.set(field, { explain, type, key, shape, generation: kindGeneration, kind });
    }
    return kind;
  }

  function kindOf(
    explain: boolean,
    field: FieldHint | undefined,
    callTypes: ReadonlySet<string> | undefined,
  ): RememberedKind | undefined {
    const name = kindName(explain, field, callTypes, knownIndex);
    if (name === undefined) return undefined;
    let kind = kinds.get(name);
    if (kind === undefined) {
      if (kinds.size >= REMEMBER_MAX_KINDS) {
        for (const old of kinds.values()) rememberedCount -= old.findings.size;
        kinds.clear();
        kindGeneration++;
      }
      kind = { salt: textHash(name), findings: new Map() };
      kinds.set(name, kind);
    }
    return kind;
  }

  function analyzeShort(
    text: string,
    kind: RememberedKind,
    callTypes: ReadonlySet<string> | undefined,
    explain: boolean,
    field: FieldHint | undefined,
  ): Finding[] {
    const hash = (textHash(text) ^ kind.salt) | 1;
    // The slot from the hash's high bits, spread by a multiplication (its low bit is always 1).
    const slot = Math.imul(hash, 0x9e3779b1) >>> (32 - SIGHTING_BITS);
    if (sightings[slot] !== hash) {
      sightings[slot] = hash;
      return analyzeText(text, callTypes, explain, field);
    }
    const known = kind.findings.get(text);
    if (known !== undefined) return known.map(copyFinding);
    const findings = analyzeText(text, callTypes, explain, field);
    if (rememberedCount >= REMEMBER_MAX_ENTRIES) forgetAll();
    kind.findings.set(text, findings.map(copyFinding));
    rememberedCount++;
    return findings;
  }

  /** Empties every kind's memory (the kinds stay known). */
  function forgetAll(): void {
    plain.findings.clear();
    plainExplained.findings.clear();
    for (const kind of kinds.values()) kind.findings.clear();
    rememberedCount = 0;
  }

  /**
   * Scores the candidates found in `text` and appends those over their thresholds to `scored`;
   * the spans of those the allow list drops are appended to `allowed` when given.
   */
  function scoreInto(
    text: string,
    callTypes: ReadonlySet<string> | undefined,
    field: FieldHint | undefined,
    explain: boolean,
    scored: ScoredCandidate[],
    allowed: number[] | undefined,
    shape: TextShape | undefined,
  ): void {
    const fieldBits = field === undefined ? 0 : (gateBitsOfType.get(field.type) ?? 0);
    for (const c of collect(text, fieldBits, shape)) {
      // Each field is read once: the candidates of the pattern and lexicon recognizers come in
      // five hidden classes, so every read here is a megamorphic look-up (about 17 per candidate
      // when read where used; see "Round 16" in docs/readme/detect.md).
      const type = c.type;
      if (!enabled(type) || (callTypes !== undefined && !callTypes.has(type))) continue;
      const start = c.start;
      const end = c.end;
      if (start < 0 || end > text.length || end <= start) continue;

      const baseScore = c.score;
      let score = baseScore;
      let contextWords: string[] = NO_WORDS;
      const threshold = thresholds.get(type) ?? defaultThreshold;
      const recognizer = c.recognizer;
      const index = contextIndexes.get(recognizer);
      // The context search is the costliest step per candidate; skip it when even a context
      // word could not lift the candidate over its threshold (it is dropped either way).
      const boosted = Math.min(1, Math.max(score + boost, minWithContext));
      if (index !== undefined && score < 1 && boosted >= threshold) {
        // Without explanations only whether a context word is near matters (see hasContextWord).
        if (!explain) {
          if (hasContextWord(text, start, end, index, window)) score = boosted;
        } else {
          contextWords = findContextWords(text, start, end, index, window);
          if (contextWords.length > 0) score = boosted;
        }
      }
      // The field's key is a context word for candidates of its type (`{"phone": "0171 ..."}`).
      if (field !== undefined && type === field.type && score < boosted) {
        score = boosted;
        if (explain) contextWords = [...contextWords, field.key];
      }
      if (score < threshold) continue;
      if (allow.size > 0 && allow.has(text.slice(start, end).trim().toLowerCase())) {
        allowed?.push(start, end);
        continue;
      }
      // Written out rather than spread: V8 copies a spread of these mixed-shape objects through
      // its slow generic path, which showed as the analyzer's largest own cost in profiles.
      scored.push({
        type,
        start,
        end,
        score,
        recognizer,
        pattern: c.pattern,
        validator: c.validator,
        validated: c.validated,
        baseScore,
        contextWords: contextWords === NO_WORDS && explain ? [] : contextWords,
      });
    }
  }

  /** `scoreInto` for a readable view, each span mapped back to the text the view was read from. */
  function scoreView(
    view: ReadableView,
    callTypes: ReadonlySet<string> | undefined,
    field: FieldHint | undefined,
    explain: boolean,
    scored: ScoredCandidate[],
  ): void {
    const first = scored.length;
    const allowed: number[] = [];
    scoreInto(view.text, callTypes, field, explain, scored, allow.size > 0 ? allowed : undefined, undefined);
    for (let i = first; i < scored.length; i++) {
      const c = scored[i]!;
      c.start = view.from[c.start]!;
      c.end = view.to[c.end - 1]!;
    }
    if (allowed.length === 0) return;
    // A value the allow list names, written with an escape ("support%40example.com"), leaves
    // pieces in the text as written (the domain as a URL): those inside it are dropped too.
    let kept = 0;
    for (let i = 0; i < scored.length; i++) {
      const c = scored[i]!;
      let inside = false;
      for (let k = 0; i < first && k < allowed.length; k += 2) {
        if (c.start >= view.from[allowed[k]!]! && c.end <= view.to[allowed[k + 1]! - 1]!) inside = true;
      }
      if (!inside) scored[kept++] = c;
    }
    scored.length = kept;
  }

  /** A call's own entity types, each one a type some recognizer reports. */
  function knownCallTypes(types: Iterable<string>): Set<string> {
    const set = new Set(types);
    checkKnownTypes(set, known, 'entities');
    return set;
  }

  function analyzeText(
    given: string,
    callTypes: ReadonlySet<string> | undefined,
    explain: boolean,
    givenField: FieldHint | undefined,
  ): Finding[] {
    // The text's shape, taken first when the vetted patterns need it, also tells whether the
    // text may need reading (`mayNeedReading`), without five more scans of it.
    let shape = vetted.length > 0 ? measureText(given) : undefined;
    const suspect = shape === undefined ? mayNeedReading(given) : shapeMayNeedReading(shape);
    const text = suspect ? foldText(given) : given;
    // A folded text is measured again.
    if (text !== given) shape = undefined;
    const field =
      givenField !== undefined &&
      enabled(givenField.type) &&
      (callTypes === undefined || callTypes.has(givenField.type))
        ? givenField
        : undefined;

    const scored: ScoredCandidate[] = [];
    scoreInto(text, callTypes, field, explain, scored, undefined, shape);
    // Invisible characters or escapes: the readable view is analyzed too, its spans mapped back
    // to the text; the overlap policy keeps the longer of a span found in both.
    const view = suspect ? readableView(text) : undefined;
    if (view !== undefined) scoreView(view, callTypes, field, explain, scored);

    const resolved = resolveOverlaps(scored);
    const findings: Finding[] = [];
    for (let i = 0; i < resolved.length; i++) {
      const c = resolved[i]!;
      const finding: Finding = { type: c.type, start: c.start, end: c.end, score: Math.round(c.score * 100) / 100 };
      if (explain) {
        finding.explanation = {
          recognizer: c.recognizer,
          validator: c.validator,
          baseScore: c.baseScore,
          contextWords: c.contextWords,
        };
        if (c.pattern !== undefined) finding.explanation.pattern = c.pattern;
      }
      findings.push(finding);
    }
    return field === undefined ? findings : withFieldValue(text, field, findings, explain);
  }

  /**
   * `findings` with the whole value added when the field's key alone says what it is (see
   * ./field-context.ts), unless the type's threshold is over that evidence or the value is allowed.
   */
  function withFieldValue(
    text: string,
    field: FieldHint,
    findings: Finding[],
    explain: boolean,
  ): Finding[] {
    if (FIELD_SCORE < (thresholds.get(field.type) ?? defaultThreshold)) return findings;
    const whole = wholeValueFinding(text, field, findings, explain);
    if (whole === undefined) return findings;
    const value = text.slice(whole.start, whole.end).toLowerCase();
    if (allow.size > 0 && allow.has(value)) return findings;
    return withWholeValue(findings, whole);
  }

  return { entityTypes, knownTypes: known, analyze };
}
