/**
 * Privacy models checked on each equivalence class: k-anonymity on the class size, and on the
 * distribution of one sensitive attribute inside the class, l-diversity (Machanavajjhala et al.,
 * ICDE 2006: distinct, entropy, recursive (c,l)) and t-closeness (Li et al., ICDE 2007: earth
 * mover's distance to the whole table's distribution, equal ground distance or ordered).
 *
 * A class failing any model is an outlier: it is suppressed when the suppression limit allows.
 */
import { KAnonymizeError } from '../errors/kanon-error.js';

export type LDiversitySpec =
  | { variant: 'distinct'; l: number }
  | { variant: 'entropy'; l: number }
  | { variant: 'recursive'; l: number; c: number };

export type TClosenessSpec = { distance: 'equal' | 'ordered'; t: number };

/** The models a run must satisfy. */
export interface PrivacyModels {
  k: number;
  lDiversity?: LDiversitySpec | undefined;
  tCloseness?: TClosenessSpec | undefined;
  /** Fraction of records (0..1) that may be suppressed; ARX's rule: floor(limit * records). */
  suppressionLimit: number;
}

/**
 * Checks the sensitive-attribute models on one class, given the records per sensitive value
 * code (`counts`, dense over the whole sensitive domain) and the class size.
 */
export class SensitiveCheck {
  /** Table-wide share of each sensitive value (for t-closeness). */
  private readonly global: Float64Array;
  /** Sensitive value codes in the ground order used by the ordered distance. */
  private readonly order: Int32Array;
  private readonly sorted: Float64Array;

  constructor(
    private readonly models: PrivacyModels,
    globalCounts: Float64Array,
    sensitiveValues: readonly string[],
  ) {
    let total = 0;
    for (const c of globalCounts) total += c;
    this.global = globalCounts.map((c) => c / total);
    this.order = orderSensitive(sensitiveValues);
    this.sorted = new Float64Array(globalCounts.length);
  }

  get active(): boolean {
    return this.models.lDiversity !== undefined || this.models.tCloseness !== undefined;
  }

  /** True when the class with these sensitive counts satisfies l-diversity and t-closeness. */
  check(counts: Float64Array, size: number): boolean {
    const l = this.models.lDiversity;
    if (l !== undefined && !lDiverse(l, counts, size, this.sorted)) return false;
    const t = this.models.tCloseness;
    if (t !== undefined && closeness(t.distance, counts, size, this.global, this.order) > t.t + 1e-12) {
      return false;
    }
    return true;
  }
}

/** Orders sensitive values numerically when all are numbers, otherwise by code point. */
export function orderSensitive(values: readonly string[]): Int32Array {
  const numbers = values.map(Number);
  const numeric = values.every((v, i) => v.trim() !== '' && Number.isFinite(numbers[i]));
  const idx = values.map((_, i) => i);
  idx.sort((a, b) =>
    numeric ? numbers[a]! - numbers[b]! : values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0,
  );
  return Int32Array.from(idx);
}

function lDiverse(spec: LDiversitySpec, counts: Float64Array, size: number, scratch: Float64Array): boolean {
  if (spec.variant === 'distinct') {
    let distinct = 0;
    for (const c of counts) if (c > 0) distinct++;
    return distinct >= spec.l;
  }
  if (spec.variant === 'entropy') {
    let h = 0;
    for (const c of counts) {
      if (c > 0) {
        const p = c / size;
        h -= p * Math.log(p);
      }
    }
    return h >= Math.log(spec.l) - 1e-12;
  }

  // Recursive (c,l): r1 < c * (r_l + ... + r_m) with r sorted descending.
  let m = 0;
  for (const c of counts) if (c > 0) scratch[m++] = c;
  if (m < spec.l) return false;
  const r = scratch.subarray(0, m).sort().reverse();
  let tail = 0;
  for (let i = spec.l - 1; i < m; i++) tail += r[i]!;
  return r[0]! < spec.c * tail;
}

/**
 * Earth mover's distance between the class distribution and the table's. Equal ground distance
 * gives half the L1 distance; the ordered distance (m values in order, ground distance
 * |i - j| / (m - 1)) is the sum of absolute cumulative differences divided by m - 1.
 */
export function closeness(
  distance: 'equal' | 'ordered',
  counts: Float64Array,
  size: number,
  global: Float64Array,
  order: Int32Array,
): number {
  if (distance === 'equal') {
    let sum = 0;
    for (let i = 0; i < counts.length; i++) sum += Math.abs(counts[i]! / size - global[i]!);
    return sum / 2;
  }
  const m = order.length;
  if (m <= 1) return 0;
  let cumulative = 0;
  let sum = 0;
  for (let i = 0; i < m - 1; i++) {
    const v = order[i]!;
    cumulative += counts[v]! / size - global[v]!;
    sum += Math.abs(cumulative);
  }
  return sum / (m - 1);
}

/** Validates model parameters once, at the public boundary. */
export function validateModels(models: PrivacyModels, hasSensitive: boolean): void {
  const bad = (m: string): never => {
    throw new KAnonymizeError('VEIL_KANON_CONFIG', m);
  };
  if (!Number.isInteger(models.k) || models.k < 1) bad('k must be an integer >= 1');
  if (!(models.suppressionLimit >= 0 && models.suppressionLimit <= 1)) {
    bad('suppression limit must be between 0 and 1');
  }
  const l = models.lDiversity;
  if (l !== undefined) {
    if (!hasSensitive) bad('l-diversity needs a sensitive attribute');
    if (!(l.l >= 1)) bad('l must be >= 1');
    if (l.variant === 'recursive' && !(l.c > 0)) bad('recursive l-diversity needs c > 0');
  }
  const t = models.tCloseness;
  if (t !== undefined) {
    if (!hasSensitive) bad('t-closeness needs a sensitive attribute');
    if (!(t.t >= 0 && t.t <= 1)) bad('t must be between 0 and 1');
  }
}
