/**
 * Enforces `unique` fields over a whole run, in record order.
 *
 * Records are generated anywhere (any worker, any batch), but admitted here one by one in index
 * order; a record whose unique value may repeat an earlier one is redrawn with the next attempt
 * number. Because admission is sequential and each redraw is a pure function of (seed, index,
 * attempt), the output is the same at any thread count.
 */
import type { JsonRecord } from '../engine/stage.js';
import { SynthError } from '../errors/synth-error.js';
import { BloomFilter } from './bloom-filter.js';
import type { RecordGenerator } from './generator.js';

/** After this many redraws for one record the field's domain is taken as exhausted. */
export const MAX_UNIQUE_ATTEMPTS = 200;

export class UniqueGuard {
  private readonly filters: BloomFilter[];
  /** Records redrawn so far (collisions plus Bloom false positives), for the run summary. */
  redraws = 0;

  constructor(
    private readonly generator: RecordGenerator,
    expectedCount: number,
  ) {
    this.filters = generator.uniquePaths.map(() => BloomFilter.forCapacity(expectedCount));
  }

  get active(): boolean {
    return this.filters.length > 0;
  }

  /**
   * Admits record `index` whose unique values are `values`; returns null when admitted as is,
   * or the redrawn record that replaced it.
   */
  admit(index: number, values: readonly (string | null)[]): JsonRecord | null {
    if (this.fits(values)) {
      this.remember(values);
      return null;
    }
    for (let attempt = 1; attempt <= MAX_UNIQUE_ATTEMPTS; attempt++) {
      this.redraws++;
      const record = this.generator.record(index, attempt);
      const redrawn = this.generator.uniqueValues(record);
      if (this.fits(redrawn)) {
        this.remember(redrawn);
        return record;
      }
    }
    const fields = this.generator.uniquePaths.join(', ');
    throw new SynthError(
      `record ${index}: no unique value left for field(s) ${fields} after ${MAX_UNIQUE_ATTEMPTS} draws; ` +
        'the field has fewer distinct values than records requested',
    );
  }

  private fits(values: readonly (string | null)[]): boolean {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== null && value !== undefined && this.filters[i]!.mightContain(value)) return false;
    }
    return true;
  }

  private remember(values: readonly (string | null)[]): void {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== null && value !== undefined) this.filters[i]!.add(value);
    }
  }
}
