/**
 * The ASCII characters a regular expression needs: sets of which an ASCII text must hold at
 * least one character each for the expression to match anywhere in it. The analyzer reads them
 * against the text's character set (./text-shape.ts) before running a gate's `needsMatch`
 * expression: on a short field most of those expressions fail, and a failing `test` costs its
 * fixed call overhead whatever the text (a label gate on a timestamp, a street gate on a phone).
 *
 * The reading is conservative: a construct it does not know (a property escape, a negated class,
 * a back-reference) needs nothing, so the sets only ever rule out texts that cannot match.
 * `test/detect/needed-chars.test.ts` compares the answer with the expression on random texts.
 */

/** A set of ASCII characters: bit `code & 31` of word `code >> 5`. */
type CharSet = number[];

/** How many sets are kept per expression (the smallest first). */
const MAX_SETS = 4;

interface Part {
  /** Sets of which the text holds a character each whenever the part matches. */
  needs: CharSet[];
}

const ALL = (): CharSet => [-1, -1, -1, -1];
const NONE = (): CharSet => [0, 0, 0, 0];

function add(set: CharSet, code: number): void {
  set[code >> 5]! |= 1 << (code & 31);
}

function union(a: CharSet, b: CharSet): CharSet {
  return [a[0]! | b[0]!, a[1]! | b[1]!, a[2]! | b[2]!, a[3]! | b[3]!];
}

function size(set: CharSet): number {
  let n = 0;
  for (const word of set) for (let w = word; w !== 0; w &= w - 1) n++;
  return n;
}

/** A counted quantifier ("{2}", "{1,4}", "{3,}"), read where it starts. */
const QUANTIFIER = /\{(\d+)(?:,\d*)?\}/y;

/** Reads one expression; `pos` is the index of the next source character. */
class Reader {
  pos = 0;

  constructor(
    private readonly src: string,
    private readonly fold: boolean,
    private readonly unicode: boolean,
  ) {}

  /** A set holding the character `code`, and under `i` the ASCII characters it matches. */
  private charSet(code: number): CharSet {
    const set = NONE();
    this.addChar(set, code);
    return set;
  }

  private addChar(set: CharSet, code: number): void {
    if (code < 128) {
      add(set, code);
      const lower = code | 32;
      if (this.fold && lower >= 97 && lower <= 122) (add(set, lower), add(set, lower ^ 32));
      return;
    }
    if (!this.fold) return;
    // Case-insensitive, the characters beyond ASCII that match ASCII letters are "ſ" (the letter
    // s) and the Kelvin sign (k) under \`iu\`'s simple case folding; "İ" and "ı" are taken as "i"
    // too, to be safe. Written out: a case mapping of the characters themselves would load ICU's
    // tables into a worker that may never need them.
    if (code === 0x17f) (add(set, 115), add(set, 83));
    else if (code === 0x212a) (add(set, 107), add(set, 75));
    else if (code === 0x130 || code === 0x131) (add(set, 105), add(set, 73));
  }

  private addRange(set: CharSet, from: number, to: number): boolean {
    // A wide range beyond ASCII is not walked: the caller then takes every character.
    if (to - from > 4096) return false;
    for (let c = from; c <= to; c++) this.addChar(set, c);
    return true;
  }

  alternation(): Part {
    const branches: Part[] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    let need: CharSet | undefined = NONE();
    for (const b of branches) {
      // One branch matches: the text holds a character of that branch's smallest need.
      const smallest = smallestOf(b.needs);
      need = need === undefined || smallest === undefined ? undefined : union(need, smallest);
    }
    return { needs: need === undefined ? [] : [need] };
  }

  private sequence(): Part {
    const needs: CharSet[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const part = this.quantified();
      for (const n of part.needs) needs.push(n);
    }
    return { needs };
  }

  private quantified(): Part {
    const atom = this.atom();
    const src = this.src;
    let min = -1;
    const c = src[this.pos];
    if (c === '*' || c === '?') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      QUANTIFIER.lastIndex = this.pos;
      const m = QUANTIFIER.exec(src);
      if (m !== null) {
        min = Number(m[1]);
        this.pos += m[0].length - 1;
      }
    }
    if (min < 0) return atom;
    this.pos++;
    if (src[this.pos] === '?') this.pos++;
    return min === 0 ? { needs: [] } : atom;
  }

  private atom(): Part {
    const src = this.src;
    const c = src[this.pos++]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '.') return { needs: [] };
    if (c === '^' || c === '$') return { needs: [] };
    if (c === '\\') {
      const e = src[this.pos]!;
      if (e === 'b' || e === 'B') {
        this.pos++;
        return { needs: [] };
      }
      // A back-reference may match the empty string or anything.
      if (e >= '1' && e <= '9') {
        while (/\d/.test(src[this.pos] ?? '')) this.pos++;
        return { needs: [] };
      }
      if (e === 'k' && src[this.pos + 1] === '<') {
        this.pos = src.indexOf('>', this.pos) + 1;
        return { needs: [] };
      }
      const set = this.escape(false);
      return { needs: [set] };
    }
    const set = this.charSet(this.codePoint(c));
    return { needs: [set] };
  }

  /** The code of a literal character; a surrogate pair under `u` is one character beyond ASCII. */
  private codePoint(c: string): number {
    const code = c.charCodeAt(0);
    if (this.unicode && code >= 0xd800 && code <= 0xdbff) this.pos++;
    return code;
  }

  private group(): Part {
    const src = this.src;
    let look = false;
    if (src[this.pos] === '?') {
      const next = src[this.pos + 1];
      const behind = next === '<' && (src[this.pos + 2] === '=' || src[this.pos + 2] === '!');
      look = next === '=' || next === '!' || behind;
      if (next === ':' || look) this.pos += behind ? 3 : 2;
      else if (next === '<') this.pos = src.indexOf('>', this.pos) + 1;
      else throw new Error('unknown group');
    }
    // A look-around matches no character of its own, and the labels that look-behinds list are
    // long alternations whose first letters make nearly every letter: they are passed over
    // unread (their needs, if any, are left out), which keeps a worker's first reading short.
    if (look) {
      this.skipGroup();
      return { needs: [] };
    }
    const inner = this.alternation();
    if (src[this.pos] !== ')') throw new Error('unclosed group');
    this.pos++;
    return inner;
  }

  /** Moves past the `)` that closes the group whose contents start at `pos`. */
  private skipGroup(): void {
    const src = this.src;
    let depth = 1;
    let inClass = false;
    while (depth > 0) {
      if (this.pos >= src.length) throw new Error('unclosed group');
      const c = src[this.pos++];
      if (c === '\\') this.pos++;
      else if (inClass) inClass = c !== ']';
      else if (c === '[') inClass = true;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
  }

  private charClass(): Part {
    const src = this.src;
    const negated = src[this.pos] === '^';
    if (negated) this.pos++;
    let set = NONE();
    let all = false;
    while (src[this.pos] !== ']') {
      if (this.pos >= src.length) throw new Error('unclosed class');
      let from: number;
      if (src[this.pos] === '\\') {
        this.pos++;
        const e = src[this.pos]!;
        // Class escapes (\d, \s, \w, \p{...}) are sets, never the end of a range.
        if ('dDsSwWpP'.includes(e)) {
          set = union(set, this.escape(true));
          continue;
        }
        from = this.escapeCode(true);
      } else {
        from = this.codePoint(src[this.pos++]!);
      }
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && this.pos + 1 < src.length) {
        this.pos++;
        let to: number;
        if (src[this.pos] === '\\') {
          this.pos++;
          // A class escape after a dash ("[a-\\d]") is no range end: not read.
          if ('dDsSwWpP'.includes(src[this.pos]!)) throw new Error('class escape in a range');
          to = this.escapeCode(true);
        } else {
          to = this.codePoint(src[this.pos++]!);
        }
        if (!this.addRange(set, from, to)) all = true;
      } else {
        this.addChar(set, from);
      }
    }
    this.pos++;
    if (negated || all) return { needs: [] };
    return { needs: [set] };
  }

  /** An escape after its backslash: a class escape as a set, any other as its character's set. */
  private escape(inClass: boolean): CharSet {
    const src = this.src;
    const e = src[this.pos]!;
    if (e === 'd' || e === 'w' || e === 's') {
      this.pos++;
      const set = NONE();
      if (e === 'd' || e === 'w') for (let c = 48; c <= 57; c++) add(set, c);
      if (e === 'w') {
        for (let c = 65; c <= 90; c++) (add(set, c), add(set, c + 32));
        add(set, 95);
        // Under `iu`, \w also takes "ſ" and the Kelvin sign: ASCII letters already.
      }
      if (e === 's') for (const c of [9, 10, 11, 12, 13, 32]) add(set, c);
      return set;
    }
    if (e === 'p' || e === 'P') {
      this.pos++;
      if (this.unicode && src[this.pos] === '{') this.pos = src.indexOf('}', this.pos) + 1;
      return ALL();
    }
    if (e === 'D' || e === 'W' || e === 'S') {
      this.pos++;
      return ALL();
    }
    return this.charSet(this.escapeCode(inClass));
  }

  /** The character of a character escape after its backslash (\n, \x41, \u0041, \u{41}, \.). */
  private escapeCode(inClass: boolean): number {
    const src = this.src;
    const e = src[this.pos++]!;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
    if (e in simple && !(e === '0' && /\d/.test(src[this.pos] ?? ''))) return simple[e]!;
    if (e === 'b' && inClass) return 8;
    if (e === 'x' && /^[0-9a-fA-F]{2}/.test(src.slice(this.pos))) {
      this.pos += 2;
      return parseInt(src.slice(this.pos - 2, this.pos), 16);
    }
    if (e === 'u') {
      if (this.unicode && src[this.pos] === '{') {
        const end = src.indexOf('}', this.pos);
        const code = parseInt(src.slice(this.pos + 1, end), 16);
        this.pos = end + 1;
        return code > 0xffff ? 0xd800 : code;
      }
      if (/^[0-9a-fA-F]{4}/.test(src.slice(this.pos))) {
        this.pos += 4;
        return parseInt(src.slice(this.pos - 4, this.pos), 16);
      }
    }
    if (e === 'c' || /[0-9]/.test(e)) throw new Error('unsupported escape');
    return this.codePoint(e);
  }
}

function smallestOf(sets: readonly CharSet[]): CharSet | undefined {
  let best: CharSet | undefined;
  for (const s of sets) if (best === undefined || size(s) < size(best)) best = s;
  return best;
}

/**
 * The answers for the expressions read so far: the gate expressions are shared by every analyzer
 * of a thread, and reading them costs more than an analyzer's other set-up.
 */
const known = new WeakMap<RegExp, Int32Array>();

/**
 * The character sets `re` needs, smallest first (at most four), flattened into one array of four
 * words per set; empty when it needs none that can be told (or uses a flag that keeps state).
 * Do not change the array: it is shared.
 */
export function neededChars(re: RegExp): Int32Array {
  let sets = known.get(re);
  if (sets === undefined) known.set(re, (sets = readNeeded(re)));
  return sets;
}

function readNeeded(re: RegExp): Int32Array {
  if (re.global || re.sticky || re.flags.includes('v')) return new Int32Array(0);
  let part: Part;
  try {
    const reader = new Reader(re.source, re.ignoreCase, re.unicode);
    part = reader.alternation();
    if (reader.pos !== re.source.length) return new Int32Array(0);
  } catch {
    return new Int32Array(0);
  }
  // A set of every character rules nothing out.
  const sets = part.needs
    .filter((s) => size(s) < 128)
    .sort((a, b) => size(a) - size(b))
    .slice(0, MAX_SETS);
  const out = new Int32Array(sets.length * 4);
  sets.forEach((s, k) => out.set(s, k * 4));
  return out;
}

/**
 * Whether an ASCII text whose characters are the set (m0, m1, m2, m3) may match the expression
 * whose `neededChars` are `sets` from `at` (`count` sets). False only when it cannot.
 */
export function mayHoldNeeded(
  sets: Int32Array,
  at: number,
  count: number,
  m0: number,
  m1: number,
  m2: number,
  m3: number,
): boolean {
  for (let k = at; k < at + count * 4; k += 4) {
    if (((sets[k]! & m0) | (sets[k + 1]! & m1) | (sets[k + 2]! & m2) | (sets[k + 3]! & m3)) === 0) {
      return false;
    }
  }
  return true;
}
