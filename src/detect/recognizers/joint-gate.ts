/**
 * Gates that almost every text reaches and almost none passes, tried together first: one scan
 * of a text with all of them joined, whose answer the next of them reads, instead of one scan
 * each. A joined gate then runs its own expression only on a text the joined scan passed.
 *
 * Each scan of a text has a cost of its own (entering the expression, the loop over the
 * positions) that the ten gates joined here paid ten times: the ten on each of the 4,000
 * tickets notes, which none of them passes, 55.0k -> 42.9k instructions per note (callgrind).
 *
 * V8 tries each top-level alternative of an expression at every position, with a quick test of
 * its first characters; alternatives nested in one group that starts alike share one such test.
 * So the joined expression is not the members side by side: the alternatives that start with a
 * Latin letter, from all members, are grouped by that letter (`byFirstLetter`), and those that
 * start with a digit are nested in one group. Joined so, the shared scan over the tickets notes
 * costs 41.4k -> 33.8k instructions per note (callgrind, the scan alone).
 */
import { byFirstLetter, topLevelAlternatives } from './alternation.js';

/**
 * Texts shorter than this are tested by each gate alone: a short field reaches one or two of
 * them, and the joined scan, which tries every member at each position, costs more than those.
 */
const JOINT_LENGTH = 128;

/**
 * One joined scan: its members, their joined expression (made when first asked) and the answer
 * for the last text asked. Each scan is one pass over a text; the gates of one kind share one.
 */
class JointScan {
  /** The members' sources, as the joined expression takes them. */
  private readonly members: string[] = [];
  private joined: RegExp | undefined;
  private lastText: string | undefined;
  private lastAnswer = false;

  /**
   * `flags`: '' or 'i', the flags of the joined expression; `regroup`: whether its members'
   * alternatives are regrouped (`joinedSource`) or joined side by side.
   */
  constructor(
    private readonly flags: '' | 'i',
    private readonly regroup: boolean,
  ) {}

  /** `source`: what the joined expression takes for `gate` (see `jointGate`). */
  add(gate: RegExp, source: string): void {
    if (gate.flags !== '' && gate.flags !== this.flags) {
      throw new Error(`a gate of this joint scan takes no flags but '${this.flags}' (got '${gate.flags}')`);
    }
    this.members.push(source);
    this.joined = undefined;
    this.lastText = undefined;
  }

  /**
   * Whether one of the joined gates may pass `text`. With 'i' the joined expression is
   * case-insensitive, so it passes every text one of its case-sensitive members passes, and
   * perhaps more. The answer of the last text is kept (the analyzer asks the gates of one text
   * one after another); only that text is held, until the next one comes.
   */
  mayPass(text: string): boolean {
    if (text === this.lastText) return this.lastAnswer;
    this.joined ??= new RegExp(
      this.regroup ? joinedSource(this.members) : this.members.map((source) => `(?:${source})`).join('|'),
      this.flags,
    );
    this.lastText = text;
    this.lastAnswer = this.joined.test(text);
    return this.lastAnswer;
  }
}

/** An alternative that `byFirstLetter` can group: one starting with a literal Latin letter. */
const LETTER_LED = /^[A-Za-z\u00c0-\u024f](?![?*+{])/;
/** An alternative starting with a digit, `\d` or a literal one, not quantified. */
const DIGIT_LED = /^(?:\\d|[0-9])(?![?*+{])/;

/**
 * The joined source of `members`, passing a text exactly when one of them does (see the module's
 * comment): the alternatives of each member that start with neither a letter nor a digit, one
 * group per member in the members' order, then all the digit-led alternatives in one group, then
 * all the letter-led ones grouped by letter. Regrouping alternatives leaves the texts an
 * expression passes as they are; a member that refers to its own groups by number or name could
 * not be taken apart so, and is refused.
 */
function joinedSource(members: readonly string[]): string {
  const parts: string[] = [];
  const digitLed: string[] = [];
  const letterLed: string[] = [];
  for (const source of members) {
    if (/\\[1-9]|\\k</.test(source)) {
      throw new Error(`a joint gate may not refer back to its groups (got /${source}/)`);
    }
    const others: string[] = [];
    for (const alternative of topLevelAlternatives(source)) {
      if (LETTER_LED.test(alternative)) letterLed.push(alternative);
      else if (DIGIT_LED.test(alternative)) digitLed.push(alternative);
      else others.push(alternative);
    }
    if (others.length > 0) parts.push(`(?:${others.join('|')})`);
  }
  if (digitLed.length > 0) parts.push(`(?:${digitLed.join('|')})`);
  if (letterLed.length > 0) parts.push(`(?:${byFirstLetter(letterLed)})`);
  return parts.join('|');
}

/** The gates of `jointGate`: look-behinds, labels and short shapes, read case-insensitively. */
const shared = new JointScan('i', true);

/**
 * The gates of `prefixGate`: the literal prefixes of service tokens and commands ("glpat-",
 * "eyJ", "mysql"), read case-sensitively. Their patterns' character gates pass on most prose
 * ("sk-" needs only an "s", a "k" and a "-"), so each scanned nearly every note for a prefix no
 * note held; joined with the gates above, case-insensitively, "sk-" would pass every "risk-free".
 * Their alternatives are left side by side: regrouped, their scan of the tickets notes costs
 * more (11.8k -> 12.8k instructions per note), as few of them share a first letter. Read from
 * their rarest letter (`joinedAs` in credentials.ts), it costs 8.3k.
 */
const prefixes = new JointScan('', false);

/** A gate whose `test` asks its joined scan first: its source and flags are its own. */
class JointGate extends RegExp {
  private readonly own: RegExp;
  private readonly scan: JointScan;

  /** Methods that copy a regular expression (`split`, `matchAll`) make a plain one. */
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  constructor(own: RegExp, scan: JointScan) {
    super(own.source, own.flags);
    this.own = own;
    this.scan = scan;
  }

  override test(text: string): boolean {
    if (text.length < JOINT_LENGTH) return this.own.test(text);
    return this.scan.mayPass(text) && this.own.test(text);
  }
}

/**
 * `gate` joined with the others (see the module's comment), answering every text as `gate`
 * does. For gates with no flags but `i`: case-insensitive reading then only adds matches
 * (Unicode mode, which changes what some characters match, is left out).
 *
 * `joinedAs`, when given, is what the joined expression takes instead of `gate`'s source: an
 * expression passing exactly the texts `gate` passes (its tests must show it), written so that it
 * joins well. A gate anchored on a common character for its own scan (a look-behind read after
 * a space) can join as words grouped with the other members' by first letter.
 */
export function jointGate(gate: RegExp, joinedAs = gate.source): RegExp {
  shared.add(gate, joinedAs);
  return new JointGate(gate, shared);
}

/**
 * `gate`, a case-sensitive literal prefix of a pattern, joined with the other prefixes in a scan
 * of its own (`prefixes`), answering every text as `gate` does; `joinedAs` as for `jointGate`.
 * A literal alone is the fastest scan there is (V8 searches it as a string), but joined, each
 * member is tried at every position: one that starts with a rare letter and looks behind for the
 * rest ("J(?<=eyJ)") lets most positions fail on that letter.
 */
export function prefixGate(gate: RegExp, joinedAs = gate.source): RegExp {
  prefixes.add(gate, joinedAs);
  return new JointGate(gate, prefixes);
}
