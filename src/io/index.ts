/**
 * Streaming input and output: framing raw bytes into batches of records, CSV fields, atomic
 * output files, and record-aligned ranges for distributed runs.
 */
export { findRecordBoundaries, type RecordRange, type BoundaryOptions } from './boundaries.js';
export {
  readBatches,
  openInputChunks,
  type InputBatch,
  type InputItem,
  type ReadBatchesOptions,
} from './reader.js';
export { openOutputSink, type OutputSink } from './sink.js';
export { parseCsvRecord, formatCsvRow, formatCsvCell } from './csv.js';
