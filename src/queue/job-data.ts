/**
 * What a pipeline job carries in Redis: paths, ids, byte offsets and digests, never a record
 * value, a key or a secret reference's resolved bytes. Workers validate it on every attempt (a job
 * is data from the network like any other input).
 */
import path from 'node:path';
import { z } from 'zod';
import { QueueError } from '../errors/queue-error.js';

const absolutePath = z
  .string()
  .min(1)
  .refine((p) => path.isAbsolute(p), { message: 'expected an absolute path' });
const hex = (length: number): z.ZodString => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const count = z.number().int().min(0);

/** The parts every job of a run carries. */
const runBase = {
  v: z.literal(1),
  runId: z.string().regex(/^run-[0-9a-f]{32}$/),
  pipeline: absolutePath,
  pipelineDigest: hex(64),
  input: absolutePath,
  inputSize: count,
  inputMtimeMs: z.number().min(0),
  workDir: absolutePath,
  /** Number of barrier stages: phases 0..barriers-1 map, phase `barriers` applies. */
  barriers: count,
  keyFingerprint: z.string().regex(/^(none|[0-9a-f]{32})$/),
  /** Piscina threads per chunk requested at submission; the worker's own setting otherwise. */
  threads: count.max(256).optional(),
  attempts: z.number().int().min(1).max(100),
  backoffMs: z.number().int().min(0),
};

/** Data of the parent (`run`) job. */
export const runJobDataSchema = z.strictObject({
  ...runBase,
  output: absolutePath,
  /** Chunks in input order: `[start, end)` bytes, first record's index, first record's line. */
  chunks: z.array(z.tuple([count, count, count, z.number().int().min(1)])).min(1),
  /** The phase whose chunks the run is waiting for. */
  phase: count,
  submittedAt: z.number(),
});
export type RunJobData = z.infer<typeof runJobDataSchema>;

/** Data of a chunk job (`map` for a barrier's first pass, `apply` for the final pass). */
export const chunkJobDataSchema = z.strictObject({
  ...runBase,
  phase: count,
  index: count,
  count: z.number().int().min(1),
  start: count,
  end: count,
  firstIndex: count,
  firstLine: z.number().int().min(1),
});
export type ChunkJobData = z.infer<typeof chunkJobDataSchema>;

/** Validates job data; the message names the job and the field paths, never the values. */
export function parseJobData<T>(schema: z.ZodType<T>, data: unknown, jobId: string | undefined): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
  throw new QueueError(`job ${jobId ?? '?'}: invalid job data at ${fields}`, {
    code: 'VEIL_QUEUE_BAD_JOB',
  });
}

/** `chunk 3/8 (bytes 1048576-2097152 of /data/in.ndjson)`: how every message names a chunk. */
export function describeChunk(
  data: Pick<ChunkJobData, 'index' | 'count' | 'start' | 'end' | 'input' | 'phase' | 'barriers'>,
): string {
  const pass = data.phase < data.barriers ? `, barrier pass ${data.phase + 1}` : '';
  return `chunk ${data.index + 1}/${data.count} (bytes ${data.start}-${data.end} of ${data.input}${pass})`;
}
