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

const members: RegExp[] = [];
let joined: RegExp | undefined;
let lastText: string | undefined;
let lastAnswer = false;

/**
 * Whether one of the joined gates may pass `text`: the joined expression, case-insensitive (so
 * it passes every text one of its case-sensitive members passes, and perhaps more). The answer
 * of the last text is kept (the analyzer asks the gates of one text one after another); only
 * that text is held, until the next one comes.
 */
function mayPass(text: string): boolean {
  if (text === lastText) return lastAnswer;
  joined ??= new RegExp(members.map((gate) => `(?:${gate.source})`).join('|'), 'i');
  lastText = text;
  lastAnswer = joined.test(text);
  return lastAnswer;
}

/** A gate whose `test` asks the joined scan first: its source and flags are its own. */
class JointGate extends RegExp {
  private readonly own: RegExp;

  /** Methods that copy a regular expression (`split`, `matchAll`) make a plain one. */
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  constructor(own: RegExp) {
    super(own.source, own.flags);
    this.own = own;
  }

  override test(text: string): boolean {
    if (text.length < JOINT_LENGTH) return this.own.test(text);
    return mayPass(text) && this.own.test(text);
  }
}

/**
 * `gate` joined with the others (see the module's comment), answering every text as `gate`
 * does. For gates with no flags but `i`: case-insensitive reading then only adds matches
 * (Unicode mode, which changes what some characters match, is left out).
 */
export function jointGate(gate: RegExp): RegExp {
  if (gate.flags !== '' && gate.flags !== 'i') {
    throw new Error(`a joint gate takes no flags but 'i' (got '${gate.flags}')`);
  }
  members.push(gate);
  joined = undefined;
  lastText = undefined;
  return new JointGate(gate);
}
