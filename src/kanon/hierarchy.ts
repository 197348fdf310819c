/**
 * Generalization hierarchies: for each quasi-identifier, a chain of ever coarser labels per value
 * (level 0 is the value itself). Full-domain search moves a whole column one level up; Mondrian
 * uses the hierarchy only to name the value sets it builds.
 *
 * Two sources: ARX's CSV format (one row per original value, one column per level, `;`) and
 * declarations in the pipeline file (intervals, masks, date levels, ordered groups, suppression,
 * rare-category folding). Every hierarchy is a function of the value, so a well-formed value an
 * explicit table does not list is a configuration error naming the column and that value
 * (BR-25), raised before any output is written. Values of the wrong form for a hierarchy's type
 * (not a number for `interval`, not an ISO date for `date`) are refused per record before they
 * reach a hierarchy (`quasi-identifier-value.ts`); the checks here remain for direct callers.
 */
import { KAnonymizeError } from '../errors/kanon-error.js';

/** A generalization hierarchy for one column. */
export interface Hierarchy {
  /** The quasi-identifier this hierarchy generalizes. */
  readonly column: string;
  /** Number of levels including level 0 (the original value). */
  readonly height: number;
  /** Label of `value` at `level` (0 returns the value). Throws `VEIL_KANON_MISSING_VALUE`. */
  generalize(value: string, level: number): string;
}

/** Declared hierarchies, as written in a pipeline file or passed to `kAnonymize`. */
export type HierarchySpec =
  | { file: string; delimiter?: string }
  | { rows: readonly (readonly (string | number)[])[] }
  | { interval: readonly (number | '*')[]; origin?: number }
  | { mask: 'right' | 'left'; levels: number; char?: string }
  | { date: readonly DateLevel[] }
  | { ordered: readonly string[]; groups: readonly number[] }
  | { suppress: true }
  | { other: string };

export type DateLevel = 'day' | 'month' | 'quarter' | 'year' | 'decade' | '*';

function missing(column: string, value: string, why: string): KAnonymizeError {
  return new KAnonymizeError(
    'VEIL_KANON_MISSING_VALUE',
    `quasi-identifier '${column}': value '${value}' ${why}`,
    { column },
  );
}

function checkLevel(column: string, height: number, level: number): void {
  if (!Number.isInteger(level) || level < 0 || level >= height) {
    throw new RangeError(`hierarchy '${column}': level ${level} outside 0..${height - 1}`);
  }
}

/**
 * A hierarchy given as a table: row = original value followed by its label at each level.
 * `source` names the file (or `rows` option) for error messages.
 */
export class TableHierarchy implements Hierarchy {
  readonly column: string;
  readonly height: number;
  private readonly rows = new Map<string, readonly string[]>();

  constructor(column: string, rows: readonly (readonly string[])[], source: string) {
    this.column = column;
    if (rows.length === 0) {
      throw new KAnonymizeError('VEIL_KANON_HIERARCHY', `${source}: hierarchy for '${column}' is empty`, {
        column,
      });
    }
    const width = rows[0]!.length;
    for (const [i, row] of rows.entries()) {
      if (row.length !== width) {
        throw new KAnonymizeError(
          'VEIL_KANON_HIERARCHY',
          `${source}:${i + 1}: hierarchy for '${column}' has ${row.length} levels, line 1 has ${width}`,
          { column },
        );
      }
      if (this.rows.has(row[0]!)) {
        throw new KAnonymizeError(
          'VEIL_KANON_HIERARCHY',
          `${source}:${i + 1}: hierarchy for '${column}' lists the same original value twice`,
          { column },
        );
      }
      this.rows.set(row[0]!, row);
    }
    this.height = width;
  }

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    const row = this.rows.get(value);
    if (row === undefined) throw missing(this.column, value, 'is missing from its hierarchy');
    return row[level]!;
  }
}

/**
 * Parses ARX's hierarchy CSV: `;`-separated (or `delimiter`), no header, no quoting (ARX writes
 * none for hierarchies). Blank lines are skipped; a trailing carriage return is tolerated.
 */
export function parseArxHierarchy(
  column: string,
  text: string,
  source: string,
  delimiter = ';',
): TableHierarchy {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.length === 0) continue;
    rows.push(trimmed.split(delimiter));
  }
  return new TableHierarchy(column, rows, source);
}

function parseNumber(column: string, value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw missing(column, value, 'is not a number for its interval hierarchy');
  return n;
}

/**
 * Intervals of growing width: `[5, 10, 20, '*']` puts 37 in `[35,40)`, `[30,40)`, `[20,40)`, `*`.
 * Each width must divide the next so that the levels nest (a label has one parent).
 */
export class IntervalHierarchy implements Hierarchy {
  readonly column: string;
  readonly height: number;

  constructor(
    column: string,
    private readonly widths: readonly (number | '*')[],
    private readonly origin = 0,
  ) {
    this.column = column;
    let previous = 0;
    for (const [i, w] of widths.entries()) {
      if (w === '*') {
        if (i !== widths.length - 1) throw config(column, `interval: '*' must be the last level`);
        continue;
      }
      if (!(w > 0) || !Number.isFinite(w)) throw config(column, `interval: width ${i + 1} must be > 0`);
      if (previous > 0 && w % previous !== 0) {
        throw config(column, `interval: width ${w} is not a multiple of ${previous}, levels would not nest`);
      }
      previous = w;
    }
    this.height = widths.length + 1;
  }

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    if (level === 0) return value;
    const x = parseNumber(this.column, value);
    const w = this.widths[level - 1]!;
    if (w === '*') return '*';
    const lo = Math.floor((x - this.origin) / w) * w + this.origin;
    return `[${lo},${lo + w})`;
  }
}

/**
 * Masks 1, 2, ... characters from one end: `81675` -> `8167*` -> `816**` ... A value with no
 * more characters than the level is masked whole as `level` mask characters, whatever its
 * length, so values of different lengths meet: with `levels: 5`, `1234` and `12345` are both
 * `*****` at the top (round 13: `****` and `*****` never merged, and no transformation
 * satisfied k). Each label still has one parent: two values that share a label at one level share
 * it at the next.
 */
export class MaskHierarchy implements Hierarchy {
  readonly column: string;
  readonly height: number;

  constructor(
    column: string,
    private readonly direction: 'right' | 'left',
    levels: number,
    private readonly char = '*',
  ) {
    this.column = column;
    if (!Number.isInteger(levels) || levels < 1) throw config(column, 'mask: levels must be >= 1');
    this.height = levels + 1;
  }

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    const chars = Array.from(value);
    if (level >= chars.length) return this.char.repeat(level);
    const masked = this.char.repeat(level);
    return this.direction === 'right'
      ? chars.slice(0, chars.length - level).join('') + masked
      : masked + chars.slice(level).join('');
  }
}

export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/** Dates (ISO `YYYY-MM-DD`, optionally followed by a time) through day, month, quarter... */
export class DateHierarchy implements Hierarchy {
  readonly column: string;
  readonly height: number;

  constructor(
    column: string,
    private readonly levels: readonly DateLevel[],
  ) {
    this.column = column;
    const order: DateLevel[] = ['day', 'month', 'quarter', 'year', 'decade', '*'];
    let last = -1;
    for (const l of levels) {
      const at = order.indexOf(l);
      if (at <= last) throw config(column, `date: levels must be coarser each step (got '${l}')`);
      last = at;
    }
    this.height = levels.length + 1;
  }

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    if (level === 0) return value;
    const m = ISO_DATE.exec(value);
    if (m === null) throw missing(this.column, value, 'is not an ISO date for its date hierarchy');
    const [, y, mo, d] = m as unknown as [string, string, string, string];
    const month = Number(mo);
    switch (this.levels[level - 1]!) {
      case 'day':
        return `${y}-${mo}-${d}`;
      case 'month':
        return `${y}-${mo}`;
      case 'quarter':
        return `${y}-Q${Math.floor((month - 1) / 3) + 1}`;
      case 'year':
        return y;
      case 'decade':
        return `${y.slice(0, 3)}0s`;
      case '*':
        return '*';
    }
  }
}

/**
 * Ordered categories grouped in runs: `ordered: [a, b, c, d], groups: [2, 4]` gives `a..b`,
 * then `a..d`, then `*`. Group sizes must divide each other so that the levels nest.
 */
export class OrderedHierarchy implements Hierarchy {
  readonly column: string;
  readonly height: number;
  private readonly rank = new Map<string, number>();

  constructor(
    column: string,
    private readonly order: readonly string[],
    private readonly groups: readonly number[],
  ) {
    this.column = column;
    order.forEach((v, i) => this.rank.set(v, i));
    let previous = 1;
    for (const g of groups) {
      if (!Number.isInteger(g) || g <= previous || g % previous !== 0) {
        throw config(column, `ordered: group size ${g} must be a multiple of ${previous} and larger`);
      }
      previous = g;
    }
    this.height = groups.length + 2;
  }

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    const r = this.rank.get(value);
    if (r === undefined) throw missing(this.column, value, 'is not in its ordered hierarchy');
    if (level === 0) return value;
    if (level === this.height - 1) return '*';
    const size = this.groups[level - 1]!;
    const start = Math.floor(r / size) * size;
    const end = Math.min(start + size, this.order.length) - 1;
    return start === end ? this.order[start]! : `${this.order[start]!}..${this.order[end]!}`;
  }
}

/** One level above the value: `*`. */
export class SuppressionHierarchy implements Hierarchy {
  readonly height = 2;
  constructor(readonly column: string) {}

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    return level === 0 ? value : '*';
  }
}

/**
 * Folds rare categories into one label (`Other`), then `*`. Which values fold depends on the
 * data: every value seen fewer than k times, then the next-smallest ones until the folded group
 * itself reaches k (BR-26: folding only the values below k can leave the new group below k).
 * Ties between equally frequent values fold the one that sorts first, so runs are deterministic.
 */
export class RareCategoryHierarchy implements Hierarchy {
  readonly height = 3;
  private readonly folded: ReadonlySet<string>;

  constructor(
    readonly column: string,
    private readonly label: string,
    counts: ReadonlyMap<string, number>,
    k: number,
  ) {
    this.folded = foldRareCategories(counts, k);
  }

  generalize(value: string, level: number): string {
    checkLevel(this.column, this.height, level);
    if (level === 0) return value;
    if (level === 2) return '*';
    return this.folded.has(value) ? this.label : value;
  }
}

/**
 * Picks the values to fold so that every remaining value and the folded group have >= k records
 * (or everything folds when the column has fewer than k records in total).
 */
export function foldRareCategories(counts: ReadonlyMap<string, number>, k: number): Set<string> {
  const ascending = [...counts.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const folded = new Set<string>();
  let total = 0;
  for (const [value, count] of ascending) {
    if (count >= k && (total === 0 || total >= k)) break;
    folded.add(value);
    total += count;
  }
  return folded;
}

function config(column: string, message: string): KAnonymizeError {
  return new KAnonymizeError('VEIL_KANON_CONFIG', `hierarchy for '${column}': ${message}`, { column });
}

/**
 * Builds a hierarchy from its declaration. File hierarchies are read by the caller (which knows
 * the base directory) and passed as `fileText`; rare-category folding needs the column's counts.
 */
export function buildHierarchy(
  column: string,
  spec: HierarchySpec,
  context: { fileText?: (path: string) => string; counts?: () => ReadonlyMap<string, number>; k?: number },
): Hierarchy {
  if ('file' in spec) {
    if (context.fileText === undefined) throw config(column, 'file hierarchies need a base directory');
    return parseArxHierarchy(column, context.fileText(spec.file), spec.file, spec.delimiter ?? ';');
  }
  if ('rows' in spec) {
    return new TableHierarchy(
      column,
      spec.rows.map((r) => r.map((v) => String(v))),
      `hierarchy '${column}' rows`,
    );
  }
  if ('interval' in spec) return new IntervalHierarchy(column, spec.interval, spec.origin ?? 0);
  if ('mask' in spec) return new MaskHierarchy(column, spec.mask, spec.levels, spec.char ?? '*');
  if ('date' in spec) return new DateHierarchy(column, spec.date);
  if ('ordered' in spec) return new OrderedHierarchy(column, spec.ordered, spec.groups);
  if ('suppress' in spec) return new SuppressionHierarchy(column);
  if (context.counts === undefined || context.k === undefined) {
    throw config(column, "'other' folding needs the column's value counts and k");
  }
  return new RareCategoryHierarchy(column, spec.other, context.counts(), context.k);
}
