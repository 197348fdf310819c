/** The message a pipeline file is refused with, as the loader reports it. */
import { expect } from 'vitest';
import { parsePipelineYaml } from '../../src/engine/loader.js';
import { PipelineError } from '../../src/errors/pipeline-error.js';

/** Parses `text` as `pipelines/x.yaml` and returns the PipelineError's message; fails if none. */
export function pipelineErrorOf(text: string): string {
  try {
    parsePipelineYaml(text, 'pipelines/x.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineError);
    return (error as Error).message;
  }
  throw new Error('expected a PipelineError');
}
