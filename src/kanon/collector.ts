/**
 * Pass 1 of the `k-anonymize` stage: keeps only the quasi-identifier and sensitive columns of
 * each record, dictionary-encoded as integers in fixed-size Int32Array chunks. Chunks stay in
 * memory up to the budget; past it they spill to the `kanon-scratch` sub-database of the LMDB
 * store, keyed by run and chunk number, and are read back (and deleted) by `finish`, which folds
 * them into the distinct-tuple table the algorithms need. Memory therefore grows with the
 * dictionaries and the distinct tuples, not with the records.
 *
 * For distributed runs, `exportPartial` summarises a chunk of the input as its distinct tuples
 * with counts (and the dictionaries to read them), and `absorb` merges such summaries.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'lmdb';
import type { BarrierCollector, JsonRecord, JsonValue, RecordPosition } from '../engine/stage.js';
import { compileFieldPath, type FieldPath } from '../engine/field-path.js';
import { openStore, openSubDatabase } from '../store/environment.js';
import { KAnonymizeError } from '../errors/kanon-error.js';
import { WeightedTableBuilder } from './table.js';
import { anonymizeTable } from './anonymize-table.js';
import type { ResolvedKAnonymizeOptions } from './options.js';
import { buildPlan, type KAnonymityPlan } from './plan.js';
import { quasiIdentifierText, valueFormOf, type ValueForm } from './quasi-identifier-value.js';
import { buildReport } from './report.js';

export interface CollectorSettings {
  /** LMDB environment for spilled chunks. */
  storePath: string;
  /** Bytes of encoded chunks kept in memory before spilling. */
  memoryBudgetBytes: number;
  /** Records per chunk (default 16,384). */
  chunkRecords?: number;
}

/** Partial collection: distinct tuples with counts, plus the dictionaries that decode them. */
interface Partial {
  version: 1;
  columns: string[];
  dictionaries: string[][];
  rows: number[];
  weights: number[];
  /** Records refused, and of those how many lacked each column (absent in older partials). */
  refused?: number;
  absent?: number[];
}

export class KAnonymityCollector implements BarrierCollector<KAnonymityPlan> {
  private readonly builder: WeightedTableBuilder;
  private readonly columns: string[];
  private readonly paths: FieldPath[];
  private readonly width: number;
  private readonly chunkRecords: number;
  private chunk: Int32Array;
  private filled = 0;
  private readonly inMemory: Int32Array[] = [];
  private spilled = 0;
  private scratch: Database<Buffer, [string, number]> | undefined;
  private readonly runId = randomUUID();
  private readonly texts: string[];
  private readonly forms: ValueForm[];
  /** Records placed in the table, records refused, and per column the refused ones without it. */
  private accepted = 0;
  private refused = 0;
  private readonly absent: number[];

  constructor(
    private readonly options: ResolvedKAnonymizeOptions,
    private readonly settings: CollectorSettings,
  ) {
    const qi = options.quasiIdentifiers.map(([name]) => name);
    this.columns = options.sensitive === undefined ? qi : [...qi, options.sensitive];
    this.paths = this.columns.map((c) => compileFieldPath(c));
    this.width = this.columns.length;
    this.builder = new WeightedTableBuilder(qi, options.sensitive);
    this.chunkRecords = settings.chunkRecords ?? 16_384;
    this.chunk = new Int32Array(this.chunkRecords * this.width);
    this.texts = new Array<string>(this.width);
    this.forms = options.quasiIdentifiers.map(([, spec]) => valueFormOf(spec));
    this.absent = new Array<number>(this.width).fill(0);
  }

  /** Chunks written to LMDB so far (for tests and the run summary). */
  get spilledChunks(): number {
    return this.spilled;
  }

  /**
   * Throws for a record with a column it cannot place: absent, not a scalar, or malformed for
   * its hierarchy (see `quasi-identifier-value.ts` and `BarrierCollector.observe`). Every column
   * is read before any is coded, so a refused record leaves no value in the dictionaries: under
   * `on_error: reject` it is left out of the plan, and pass 2 rejects it.
   */
  observe(record: JsonRecord, position: RecordPosition): void {
    try {
      for (let c = 0; c < this.width; c++) {
        const sensitive = c === this.forms.length;
        const form = this.forms[c] ?? 'text';
        this.texts[c] = quasiIdentifierText(this.paths[c]!, record, this.columns[c]!, form, position, sensitive);
      }
    } catch (error) {
      this.refused++;
      for (let c = 0; c < this.width; c++) if (this.paths[c]!.getWhole(record) === undefined) this.absent[c]!++;
      throw error;
    }
    this.accepted++;
    const base = this.filled * this.width;
    for (let c = 0; c < this.width; c++) this.chunk[base + c] = this.builder.code(c, this.texts[c]!);
    this.filled++;
    if (this.filled === this.chunkRecords) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.filled === 0) return;
    const full = this.filled === this.chunkRecords ? this.chunk : this.chunk.slice(0, this.filled * this.width);
    const bytes = (this.inMemory.length + 1) * this.chunk.byteLength;
    if (bytes <= this.settings.memoryBudgetBytes) {
      this.inMemory.push(full);
    } else {
      this.scratch ??= openSubDatabase<Buffer, [string, number]>(openStore(this.settings.storePath), 'kanon-scratch', {
        encoding: 'binary',
      });
      this.scratch.putSync([this.runId, this.spilled], Buffer.from(full.buffer, full.byteOffset, full.byteLength));
      this.spilled++;
    }
    this.chunk = new Int32Array(this.chunkRecords * this.width);
    this.filled = 0;
  }

  /** Folds every chunk (memory, then LMDB in order) into the distinct-tuple table. */
  private drain(): void {
    this.flushChunk();
    for (const chunk of this.inMemory) this.addChunk(chunk);
    this.inMemory.length = 0;
    for (let i = 0; i < this.spilled; i++) {
      const stored = this.scratch!.getBinary([this.runId, i]);
      if (stored === undefined) {
        throw new KAnonymizeError('VEIL_KANON_CONFIG', `k-anonymize scratch chunk ${i} is missing from the store`);
      }
      const copy = new Uint8Array(stored.byteLength);
      copy.set(stored);
      this.addChunk(new Int32Array(copy.buffer));
      this.scratch!.removeSync([this.runId, i]);
    }
    this.spilled = 0;
  }

  private addChunk(chunk: Int32Array): void {
    for (let offset = 0; offset < chunk.length; offset += this.width) this.builder.addCodes(chunk, offset, 1);
  }

  /**
   * Throws a configuration error when no record was placed and one column was absent from every
   * record: a misspelt quasi-identifier (`nosuch`) under `on_error: reject` otherwise rejected the
   * whole input, one record at a time, and the run ended with success (round 13).
   */
  private checkAbsentColumns(): void {
    if (this.accepted > 0 || this.refused === 0) return;
    const c = this.absent.findIndex((n) => n === this.refused);
    if (c < 0) return;
    const what = c === this.forms.length ? 'sensitive field' : 'quasi-identifier';
    throw new KAnonymizeError(
      'VEIL_KANON_CONFIG',
      `${what} '${this.columns[c]}' is missing from every record (${this.refused}): ` +
        'check its name against the input\'s fields',
      { column: this.columns[c]! },
    );
  }

  async finish(): Promise<KAnonymityPlan> {
    this.checkAbsentColumns();
    this.drain();
    const table = this.builder.build();
    const result = anonymizeTable(table, this.options);
    const report = buildReport(this.options, result);
    return buildPlan(table, result.recoding, report as unknown as JsonValue, this.forms);
  }

  async exportPartial(): Promise<JsonValue> {
    this.drain();
    const table = this.builder.build();
    const partial: Partial = {
      version: 1,
      columns: this.columns,
      dictionaries: table.dictionaries.map((d) => [...d]),
      rows: Array.from(table.rows),
      weights: Array.from(table.weights),
      refused: this.refused,
      absent: [...this.absent],
    };
    return partial as unknown as JsonValue;
  }

  async absorb(value: JsonValue): Promise<void> {
    const partial = value as unknown as Partial;
    if (
      partial === null ||
      typeof partial !== 'object' ||
      partial.version !== 1 ||
      JSON.stringify(partial.columns) !== JSON.stringify(this.columns)
    ) {
      throw new KAnonymizeError('VEIL_KANON_CONFIG', 'partial collection does not match this stage\'s columns');
    }
    const codes = new Int32Array(this.width);
    const count = partial.weights.length;
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < this.width; c++) {
        const value = partial.dictionaries[c]![partial.rows[r * this.width + c]!];
        if (value === undefined) {
          throw new KAnonymizeError('VEIL_KANON_CONFIG', `partial collection row ${r} has an unknown code`);
        }
        codes[c] = this.builder.code(c, value);
      }
      this.builder.addCodes(codes, 0, partial.weights[r]!);
      this.accepted += partial.weights[r]!;
    }
    this.refused += typeof partial.refused === 'number' ? partial.refused : 0;
    for (let c = 0; c < this.width; c++) {
      const n = partial.absent?.[c];
      if (typeof n === 'number') this.absent[c]! += n;
    }
  }
}
