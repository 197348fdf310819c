/**
 * Re-identification risk from equivalence class sizes (El Emam's three attacker models, as ARX
 * and Google's DLP risk analysis report them):
 *
 * - prosecutor: the attacker knows the target is in the data; a record's risk is 1 / its class
 *   size.
 * - journalist: the attacker only knows the target is in a larger population of which the data
 *   is a sample; a record's risk is 1 / the size of its class in the population. Veil has no
 *   population table, so it estimates population class sizes as size / sampling fraction
 *   (default fraction 1, which makes journalist equal prosecutor: an upper bound).
 * - marketer: the attacker re-identifies as many records as possible; the expected share is the
 *   mean over records of their journalist risk.
 *
 * "At risk" is the share of records whose risk exceeds the threshold (default 0.2: classes of
 * fewer than 5 records).
 */
import type { JsonRecord } from '../engine/stage.js';
import { compileFieldPath, type FieldPath } from '../engine/field-path.js';
import { KAnonymizeError } from '../errors/kanon-error.js';

export interface AttackerRisk {
  /** Highest risk of any record. */
  highest: number;
  /** Mean risk over records. */
  average: number;
  /** Share of records whose risk is above the threshold. */
  recordsAtRisk: number;
}

export interface RiskSummary {
  threshold: number;
  samplingFraction: number;
  prosecutor: AttackerRisk;
  journalist: AttackerRisk;
  /** Expected share of records a marketer re-identifies. */
  marketer: number;
}

function attacker(sizes: Float64Array, populationSize: (s: number) => number, threshold: number): AttackerRisk {
  let records = 0;
  let highest = 0;
  let sum = 0;
  let atRisk = 0;
  for (const s of sizes) {
    const risk = 1 / populationSize(s);
    records += s;
    highest = Math.max(highest, risk);
    sum += s * risk;
    if (risk > threshold) atRisk += s;
  }
  return records === 0
    ? { highest: 0, average: 0, recordsAtRisk: 0 }
    : { highest, average: sum / records, recordsAtRisk: atRisk / records };
}

/** Risk figures from class sizes (suppressed records excluded: they are not published). */
export function riskOfClasses(sizes: Float64Array, threshold = 0.2, samplingFraction = 1): RiskSummary {
  if (!(samplingFraction > 0 && samplingFraction <= 1)) {
    throw new KAnonymizeError('VEIL_KANON_CONFIG', 'sampling fraction must be in (0, 1]');
  }
  const population = (s: number): number => Math.max(s, s / samplingFraction);
  const journalist = attacker(sizes, population, threshold);
  return {
    threshold,
    samplingFraction,
    prosecutor: attacker(sizes, (s) => s, threshold),
    journalist,
    marketer: journalist.average,
  };
}

export interface AssessRiskOptions {
  /** Risk above which a record counts as at risk; default 0.2. */
  threshold?: number;
  /** Share of the population the records are; default 1. */
  samplingFraction?: number;
}

/** What `assessRisk` reports: the risks, and the class structure they come from. */
export interface RiskAssessment extends RiskSummary {
  records: number;
  classes: number;
  /** Records in classes of size 1 (unique on the quasi-identifiers). */
  uniqueRecords: number;
  classSizeHistogram: [number, number][];
}

/**
 * Counts equivalence classes record by record (for streams: memory grows with the number of
 * distinct quasi-identifier combinations, not records) and reports their risk.
 */
export class RiskCounter {
  private readonly paths: FieldPath[];
  private readonly counts = new Map<string, number>();
  private records = 0;

  constructor(private readonly quasiIdentifiers: readonly string[]) {
    this.paths = quasiIdentifiers.map((q) => compileFieldPath(q));
  }

  /**
   * Adds one record; a missing quasi-identifier fails with the record index and the field, after
   * `location` (`people.csv:3`) when the caller knows where the record was read.
   */
  add(record: JsonRecord, index: number, location?: string): void {
    const key = this.paths.map((p, j) => {
      const v = p.get(record);
      if (v === undefined || v === null || typeof v === 'object') {
        throw new KAnonymizeError(
          'VEIL_KANON_RECORD',
          `${location === undefined ? '' : `${location}: `}record ${index}: ` +
            `quasi-identifier '${this.quasiIdentifiers[j]}' is missing or not a scalar`,
          { column: this.quasiIdentifiers[j]! },
        );
      }
      return String(v);
    });
    const k = JSON.stringify(key);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.records++;
  }

  result(options: AssessRiskOptions = {}): RiskAssessment {
    const sizes = Float64Array.from(this.counts.values());
    const histogram = new Map<number, number>();
    let unique = 0;
    for (const s of sizes) {
      histogram.set(s, (histogram.get(s) ?? 0) + 1);
      if (s === 1) unique++;
    }
    return {
      ...riskOfClasses(sizes, options.threshold ?? 0.2, options.samplingFraction ?? 1),
      records: this.records,
      classes: sizes.length,
      uniqueRecords: unique,
      classSizeHistogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]),
    };
  }
}

/**
 * Reports the re-identification risk of `records` over `quasiIdentifiers` (dotted field paths)
 * without changing them (what `PrivacyManager.assessRisk` calls). A record without one of the
 * fields fails with its index and the field, never its values.
 */
export function assessRisk(
  records: readonly JsonRecord[],
  quasiIdentifiers: readonly string[],
  options: AssessRiskOptions = {},
): RiskAssessment {
  const counter = new RiskCounter(quasiIdentifiers);
  records.forEach((record, index) => counter.add(record, index));
  return counter.result(options);
}
