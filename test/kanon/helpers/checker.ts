/**
 * An independent checker of k-anonymity, l-diversity and t-closeness on published records. It
 * shares no code with src/kanon: classes are found by comparing the printed quasi-identifier
 * values, and every model is recomputed from its textbook definition.
 */
import { readFileSync } from 'node:fs';

type Row = Record<string, unknown>;

export interface CheckModels {
  k: number;
  sensitive?: string;
  l?: { variant: 'distinct' | 'entropy' | 'recursive'; l: number; c?: number };
  t?: { distance: 'equal' | 'ordered'; t: number };
}

export interface CheckResult {
  classes: Map<string, Row[]>;
  suppressed: number;
  violations: string[];
  /** Keys of the classes that break a model. */
  failing: Set<string>;
}

/** Groups published (unsuppressed) rows by their quasi-identifier values. */
export function equivalenceClasses(rows: Row[], qi: string[], marker = '_suppressed'): CheckResult {
  const classes = new Map<string, Row[]>();
  let suppressed = 0;
  for (const row of rows) {
    if (row[marker] === true) {
      suppressed++;
      continue;
    }
    const key = qi.map((q) => String(row[q])).join('\u0000');
    const list = classes.get(key) ?? [];
    list.push(row);
    classes.set(key, list);
  }
  return { classes, suppressed, violations: [], failing: new Set() };
}

function counts(rows: Row[], field: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(String(r[field]), (m.get(String(r[field])) ?? 0) + 1);
  return m;
}

/** Checks every model on the published rows; `original` gives the table distribution for t. */
export function checkModels(rows: Row[], qi: string[], models: CheckModels, original: Row[] = rows): CheckResult {
  const result = equivalenceClasses(rows, qi);
  const v = result.violations;
  const s = models.sensitive;
  const global = s === undefined ? new Map<string, number>() : counts(original, s);
  const n = original.length;
  const order = [...global.keys()].sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
  });

  for (const [key, members] of result.classes) {
    const size = members.length;
    const before = v.length;
    if (size < models.k) v.push(`class ${JSON.stringify(key)} has ${size} < k=${models.k} rows`);
    if (s === undefined) {
      if (v.length > before) result.failing.add(key);
      continue;
    }
    const c = counts(members, s);
    if (models.l !== undefined) {
      const l = models.l;
      const freqs = [...c.values()].sort((a, b) => b - a);
      if (l.variant === 'distinct' && freqs.length < l.l) v.push(`class ${key}: ${freqs.length} distinct < l`);
      if (l.variant === 'entropy') {
        const h = -freqs.reduce((acc, f) => acc + (f / size) * Math.log(f / size), 0);
        if (h < Math.log(l.l) - 1e-9) v.push(`class ${key}: entropy ${h} < log l`);
      }
      if (l.variant === 'recursive') {
        const tail = freqs.slice(l.l - 1).reduce((a, f) => a + f, 0);
        if (freqs.length < l.l || !(freqs[0]! < l.c! * tail)) v.push(`class ${key}: not recursive (c,l)-diverse`);
      }
    }
    if (models.t !== undefined) {
      let d = 0;
      if (models.t.distance === 'equal') {
        for (const value of order) d += Math.abs((c.get(value) ?? 0) / size - global.get(value)! / n);
        d /= 2;
      } else {
        // Ordered EMD as the minimum transport cost with ground distance |i-j|/(m-1): the sum of
        // absolute cumulative differences, normalized.
        let carry = 0;
        for (const value of order.slice(0, -1)) {
          carry += (c.get(value) ?? 0) / size - global.get(value)! / n;
          d += Math.abs(carry);
        }
        d = order.length > 1 ? d / (order.length - 1) : 0;
      }
      if (d > models.t.t + 1e-9) v.push(`class ${key}: distance ${d} > t`);
    }
    if (v.length > before) result.failing.add(key);
  }
  return result;
}

/** Discernibility as ARX defines it, from the published rows. */
export function discernibility(rows: Row[], qi: string[]): number {
  const r = equivalenceClasses(rows, qi);
  let dm = r.suppressed * rows.length;
  for (const members of r.classes.values()) dm += members.length ** 2;
  return dm;
}

/** Adult as records of strings (optionally only the first `limit` rows). */
export function readAdult(limit?: number): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(`${ADULT}/adult.csv`, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(';');
  const rows = lines
    .slice(1, limit === undefined ? undefined : limit + 1)
    .map((l) => Object.fromEntries(l.split(';').map((v, i) => [header[i]!, v])));
  return { header, rows };
}

// Data shipped in the repository (copied from ../shared), so the tests run from any clone.
export const ADULT = new URL('../../../data/adult', import.meta.url).pathname;
export const ARX_TABLES = new URL('../../fixtures/arx-test-tables', import.meta.url).pathname;
export const ADULT_QI = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'salary-class'];
export const adultHierarchies = (): Record<string, { file: string }> =>
  Object.fromEntries(ADULT_QI.map((q) => [q, { file: `${ADULT}/adult_hierarchy_${q}.csv` }]));
