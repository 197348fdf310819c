/**
 * Gates that almost every text reaches and almost none passes, tried together first: one scan
 * of a text with all of them joined, whose answer the next of them reads, instead of one scan
 * each. A joined gate then runs its own expression only on a text the joined scan passed.
 *
 * Each scan of a text has a cost of its own (entering the expression, the loop over the
 * positions) that the ten gates joined here paid ten times: the ten on each of the 4,000
 * tickets notes, which none of them passes, 55.0k -> 42.9k instructions per note (callgrind).
 */

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
  private readonly members: RegExp[] = [];
  private joined: RegExp | undefined;
  private lastText: string | undefined;
  private lastAnswer = false;

  /** `flags`: '' or 'i', the flags of the joined expression. */
  constructor(private readonly flags: '' | 'i') {}

  add(gate: RegExp): void {
    if (gate.flags !== '' && gate.flags !== this.flags) {
      throw new Error(`a gate of this joint scan takes no flags but '${this.flags}' (got '${gate.flags}')`);
    }
    this.members.push(gate);
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
    this.joined ??= new RegExp(this.members.map((gate) => `(?:${gate.source})`).join('|'), this.flags);
    this.lastText = text;
    this.lastAnswer = this.joined.test(text);
    return this.lastAnswer;
  }
}

/** The gates of `jointGate`: look-behinds, labels and short shapes, read case-insensitively. */
const shared = new JointScan('i');

/**
 * The gates of `prefixGate`: the literal prefixes of service tokens and commands ("glpat-",
 * "eyJ", "mysql"), read case-sensitively. Their patterns' character gates pass on most prose
 * ("sk-" needs only an "s", a "k" and a "-"), so each scanned nearly every note for a prefix no
 * note held; joined with the gates above, case-insensitively, "sk-" would pass every "risk-free".
 */
const prefixes = new JointScan('');

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
 */
export function jointGate(gate: RegExp): RegExp {
  shared.add(gate);
  return new JointGate(gate, shared);
}

/**
 * `gate`, a case-sensitive literal prefix of a pattern, joined with the other prefixes in a scan
 * of its own (`prefixes`), answering every text as `gate` does.
 */
export function prefixGate(gate: RegExp): RegExp {
  prefixes.add(gate);
  return new JointGate(gate, prefixes);
}
