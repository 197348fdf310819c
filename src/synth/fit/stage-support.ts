/**
 * The pieces of the `synthesize-fit` barrier stage, and the same flow as one call
 * (`fitSynthesizer`) for code and the CLI.
 *
 * Pass 1 (main thread) keeps a uniform reservoir sample of the records (bounded memory: the
 * model is learnt from at most `sample_rows` records) and two 32-bit hashes of every record's
 * quasi-identifier tuple (8 bytes a record, for the no-copy filter). `finish` learns the model,
 * builds the filter and calibrates. Pass 2 replaces record i with synthetic record i.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BarrierCollector, JsonRecord, JsonValue, RecordTransform, StageEnvironment } from '../../engine/stage.js';
import { SynthError } from '../../errors/synth-error.js';
import { VeilError } from '../../errors/veil-error.js';
import { checkReplaceable } from '../../io/path-conflicts.js';
import { writeFileReplacing } from '../../io/replace-file.js';
import { BloomFilter } from '../bloom-filter.js';
import { SeededRandom } from '../random.js';
import { calibrate, columnNames, fitModel, FitSampler, quasiKey, type FitModel } from './model.js';
import { compareWithReal, type QualityReport } from './quality.js';
import { renderQualityReportHtml } from './report-html.js';

export const fitOptionsSchema = z
  .object({
    /** Columns no synthetic record may share all at once with a real record (default: all). */
    quasi_identifiers: z.array(z.string().min(1)).min(1).optional(),
    /** Seed of the synthetic records (the same input and seed give the same output). */
    seed: z.union([z.number().int(), z.string()]).default(0),
    /** Largest parent set per column in the Bayesian network. */
    max_parents: z.number().int().min(0).max(3).default(2),
    /** Categories seen fewer times are merged into `rare_label`; numeric values seen fewer times are never written. */
    min_category_count: z.number().int().min(1).default(5),
    rare_label: z.string().default('Other'),
    /** Quantile bins per numeric column. */
    max_bins: z.number().int().min(2).max(64).default(16),
    /** Records the model is learnt from (a uniform reservoir sample of the input). */
    sample_rows: z.number().int().min(100).max(5_000_000).default(200_000),
    /** Raking rounds against the no-copy filter (see `calibrate`); 0 turns calibration off. */
    calibration_rounds: z.number().int().min(0).max(20).default(4),
    /** HTML quality report path (relative to the pipeline file); a `.json` twin is written too. */
    report: z.string().min(1).optional(),
  })
  .strict();

export type FitStageOptions = z.output<typeof fitOptionsSchema>;

/** The barrier plan: the model, the filter and the seed (JSON). */
export interface FitPlan {
  model: FitModel;
  filter: { bits: string; hashes: number };
  seed: number | string;
  [key: string]: unknown;
}

function toBase64(words: Uint32Array): string {
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('base64');
}

function fromBase64(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const words = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/** Pass 1 of `synthesize-fit`. */
export class FitCollector implements BarrierCollector<FitPlan & JsonValue> {
  private sample: JsonRecord[] = [];
  private seen = 0;
  private hashes = new Uint32Array(1024);
  private quasiNames: string[] | undefined;
  // Fixed seed: which records the reservoir keeps is a function of the input alone.
  private readonly rng = new SeededRandom([0x5eed, 0xfa11]);

  constructor(private readonly options: FitStageOptions) {}

  observe(record: JsonRecord): void {
    this.quasiNames ??= this.options.quasi_identifiers ?? Object.keys(record);
    if (this.seen * 2 + 2 > this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    const [a, b] = BloomFilter.hashes(quasiKey(record, this.quasiNames));
    this.hashes[this.seen * 2] = a;
    this.hashes[this.seen * 2 + 1] = b;

    // Reservoir sampling (Vitter's algorithm R): each record kept with probability k / seen.
    this.seen++;
    if (this.sample.length < this.options.sample_rows) this.sample.push(record);
    else {
      const slot = this.rng.int(0, this.seen - 1);
      if (slot < this.options.sample_rows) this.sample[slot] = record;
    }
  }

  async finish(): Promise<FitPlan & JsonValue> {
    const model = fitModel(this.sample, {
      quasiIdentifiers: this.quasiNames,
      maxParents: this.options.max_parents,
      minCategoryCount: this.options.min_category_count,
      rareLabel: this.options.rare_label,
      maxBins: this.options.max_bins,
    });
    const filter = BloomFilter.forCapacity(this.seen, 1e-4);
    for (let i = 0; i < this.seen; i++) filter.addHashes(this.hashes[i * 2]!, this.hashes[i * 2 + 1]!);
    if (this.options.calibration_rounds > 0) {
      calibrate(model, filter, false, this.options.calibration_rounds);
      calibrate(model, filter, true, this.options.calibration_rounds);
    }
    return { model, filter: filter.toJSON(), seed: this.options.seed } as unknown as FitPlan & JsonValue;
  }

  /** For distributed runs: the reservoir, the count and the tuple hashes of this chunk. */
  async exportPartial(): Promise<JsonValue> {
    return {
      seen: this.seen,
      sample: this.sample,
      hashes: toBase64(this.hashes.subarray(0, this.seen * 2)),
      quasi: this.quasiNames ?? null,
    };
  }

  /**
   * Merges another chunk's partial: hashes are appended; the two reservoirs are merged into one
   * uniform sample of the union by drawing each slot from either side in proportion to the
   * records each side still stands for.
   */
  async absorb(partial: JsonValue): Promise<void> {
    const other = partial as { seen: number; sample: JsonRecord[]; hashes: string; quasi: string[] | null };
    this.quasiNames ??= other.quasi ?? undefined;
    const theirs = fromBase64(other.hashes);
    const grown = new Uint32Array(Math.max(this.hashes.length, (this.seen + other.seen) * 2));
    grown.set(this.hashes.subarray(0, this.seen * 2));
    grown.set(theirs, this.seen * 2);
    this.hashes = grown;

    const mine = [...this.sample];
    const yours = [...other.sample];
    let weightMine = this.seen;
    let weightYours = other.seen;
    const merged: JsonRecord[] = [];
    const k = Math.min(this.options.sample_rows, mine.length + yours.length);
    while (merged.length < k && (mine.length > 0 || yours.length > 0)) {
      const fromMine = yours.length === 0 || (mine.length > 0 && this.rng.next() * (weightMine + weightYours) < weightMine);
      const source = fromMine ? mine : yours;
      merged.push(source.splice(this.rng.int(0, source.length - 1), 1)[0]!);
      if (fromMine) weightMine -= this.seen / Math.max(1, this.sample.length);
      else weightYours -= other.seen / Math.max(1, other.sample.length);
    }
    this.sample = merged;
    this.seen += other.seen;
  }
}

/** Pass 2 of `synthesize-fit`: record i becomes synthetic record i. */
export function syntheticApplier(_options: FitStageOptions, plan: FitPlan): RecordTransform {
  const sampler = new FitSampler(plan.model, plan.seed, BloomFilter.fromJSON(plan.filter));
  return (_record, position) => sampler.record(position.index);
}

/** Compares `count` synthetic records (and the baseline's) with the real table's summary. */
export function qualityOf(plan: FitPlan, count: number): { synthetic: QualityReport; baseline: QualityReport } {
  const filter = BloomFilter.fromJSON(plan.filter);
  const draw = (independent: boolean): JsonRecord[] => {
    const sampler = new FitSampler(plan.model, plan.seed, filter, independent);
    return Array.from({ length: count }, (_, i) => sampler.record(i));
  };
  return { synthetic: compareWithReal(plan.model.real, draw(false)), baseline: compareWithReal(plan.model.real, draw(true)) };
}

async function writeAtomically(file: string, text: string): Promise<void> {
  try {
    await writeFileReplacing(file, text, { role: 'quality report', mode: 0o644 });
  } catch (error) {
    // A path that is a link, FIFO or directory is refused as such (a RunError, exit 2 from the CLI).
    if (error instanceof VeilError) throw error;
    throw new SynthError(`cannot write report ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/**
 * Writes the HTML report and its JSON twin (`report.html` -> `report.json`). Both paths are checked
 * before either is written, so a twin that is a link, FIFO or directory leaves no new HTML report.
 */
export async function writeQualityReport(file: string, plan: FitPlan, count: number): Promise<{ synthetic: QualityReport; baseline: QualityReport }> {
  const json = file.replace(/\.html?$/i, '') + '.json';
  for (const target of [file, json]) await checkReplaceable(target, 'quality report');
  const quality = qualityOf(plan, count);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeAtomically(file, renderQualityReportHtml(quality.synthetic, quality.baseline));
  await writeAtomically(json, JSON.stringify({ synthetic: summaryOf(quality.synthetic), baseline: summaryOf(quality.baseline) }, null, 2) + '\n');
  return quality;
}

function summaryOf(report: QualityReport): JsonValue {
  return {
    rows: report.rows,
    meanTvd: report.meanTvd,
    tvd: Object.fromEntries(report.columns.map((c) => [c.name, c.tvd])),
    association: { meanDiff: report.association.meanDiff, maxDiff: report.association.maxDiff },
  };
}

/** `afterRun` of the stage: the quality report, when asked for. */
export async function writeFitReport(options: FitStageOptions, plan: FitPlan, env: StageEnvironment): Promise<void> {
  if (options.report === undefined) return;
  await writeQualityReport(path.resolve(env.baseDir, options.report), plan, Math.min(plan.model.rows, 20_000));
}

/** A fitted synthesizer for code: learn once, then draw any number of records. */
export interface FittedSynthesizer {
  readonly plan: FitPlan;
  /** Synthetic records [start, start + count) for `seed` (the plan's seed by default). */
  sample(count: number, options?: { seed?: number | string; start?: number }): JsonRecord[];
  /** Quality against the real table, with the independent-marginals baseline. */
  quality(count?: number): { synthetic: QualityReport; baseline: QualityReport };
}

/**
 * Learns `records` and returns a synthesizer (the `synthesize-fit` stage as one call).
 *
 * @example
 * const synth = await fitSynthesizer(rows, { quasi_identifiers: ['age', 'sex', 'zip'] });
 * const fake = synth.sample(10_000);
 */
export async function fitSynthesizer(records: Iterable<JsonRecord>, options: z.input<typeof fitOptionsSchema> = {}): Promise<FittedSynthesizer> {
  const parsed = fitOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SynthError(`fit options: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  const collector = new FitCollector(parsed.data);
  let count = 0;
  for (const record of records) {
    collector.observe(record);
    count++;
  }
  if (count === 0) throw new SynthError('fit-from-data needs at least 2 records, got 0');
  const plan = (await collector.finish()) as unknown as FitPlan;
  const filter = BloomFilter.fromJSON(plan.filter);
  return {
    plan,
    sample(n, sampleOptions = {}) {
      const sampler = new FitSampler(plan.model, sampleOptions.seed ?? plan.seed, filter);
      const start = sampleOptions.start ?? 0;
      return Array.from({ length: n }, (_, i) => sampler.record(start + i));
    },
    quality: (n = Math.min(plan.model.rows, 50_000)) => qualityOf(plan, n),
  };
}

export { columnNames };
