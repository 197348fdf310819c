/**
 * Loads a pipeline file: YAML (`.yaml`, `.yml`) or a TypeScript/JavaScript module whose default
 * export is a `definePipeline({...})` spec. Validation problems come back as one `PipelineError`
 * whose message lists each problem as `file:line:column: message` (YAML) or `file: path: message`
 * (modules, where the source position of a value is not known).
 *
 * Positions come from the `yaml` package's document model: every node keeps its source range,
 * and a `LineCounter` turns offsets into line and column, so a zod issue path maps back to the
 * node the user wrote.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { PipelineError } from '../errors/pipeline-error.js';
import { isUnloadedStage, loadStages, namedStageTypes, registryLookup } from './registry.js';
import {
  validatePipeline,
  type PipelineSpec,
  type ResolvedPipeline,
  type SpecIssue,
} from './spec.js';

/** A pipeline file after loading and validation. */
export interface LoadedPipeline {
  /** The file as given (relative paths stay relative, for messages). */
  readonly file: string;
  /** Directory that relative paths inside the pipeline resolve against. */
  readonly baseDir: string;
  readonly spec: PipelineSpec;
  readonly resolved: ResolvedPipeline;
}

/** Reads, parses and validates a pipeline file. Rejects with a `PipelineError`. */
export async function loadPipelineFile(file: string): Promise<LoadedPipeline> {
  const ext = path.extname(file).toLowerCase();
  const baseDir = path.dirname(path.resolve(file));

  if (ext === '.ts' || ext === '.mts' || ext === '.js' || ext === '.mjs') {
    const spec = await importPipelineModule(file, ext);
    await loadStages(namedStageTypes(spec));
    const result = validatePipeline(spec, registryLookup);
    if (!result.ok) throw moduleError(file, result.issues);
    return { file, baseDir, spec: result.pipeline.spec, resolved: result.pipeline };
  }
  if (ext !== '.yaml' && ext !== '.yml' && ext !== '.json') {
    throw new PipelineError(
      `${file}: unsupported pipeline file type '${ext}'; use .yaml, .yml or .ts`,
    );
  }

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PipelineError(`${file}: cannot read the pipeline file (${code})`, { cause: error });
  }
  const parsed = parseYamlText(text, file);
  await loadStages(namedStageTypes(parsed.raw));
  return validateYaml(parsed, file, baseDir);
}

/**
 * Parses and validates YAML text; `file` names it in messages. Synchronous, so the stages the
 * text names must be loaded already (`await loadStages()`; the package entry loads them all);
 * `loadPipelineFile` loads them itself.
 */
export function parsePipelineYaml(
  text: string,
  file: string,
  baseDir = process.cwd(),
): LoadedPipeline {
  const parsed = parseYamlText(text, file);
  const unloaded = namedStageTypes(parsed.raw).filter(isUnloadedStage);
  if (unloaded.length > 0) {
    throw new PipelineError(
      `${file}: stage '${unloaded[0]}' is not loaded yet; await loadStages() before ` +
        `parsePipelineYaml, or use loadPipelineFile`,
    );
  }
  return validateYaml(parsed, file, baseDir);
}

interface ParsedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly raw: unknown;
}

/**
 * The yaml package's message without the source text it quotes: a pipeline file may hold a
 * secret pasted by mistake (round 13: `key: ]hunter2…` was printed back), or binary bytes. The
 * line and column say where; the first line of the message says what.
 */
export function yamlReason(message: string): string {
  const first = message.split('\n')[0] ?? '';
  const quote = first.search(/["'`]/);
  const unquoted = (quote < 0 ? first : first.slice(0, quote)).replace(/[\s:]+$/, '');
  const printable = unquoted.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 0 ? printable : 'YAML syntax error';
}

/** YAML syntax and structure: every error with its line and column. */
function parseYamlText(source: string, file: string): ParsedYaml {
  // The yaml package skips a byte order mark but counts it as a column of line 1.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  if (doc.errors.length > 0) {
    const lines = doc.errors.map((error) => {
      const pos = lineCounter.linePos(error.pos[0]);
      return `${file}:${pos.line}:${pos.col}: ${yamlReason(error.message)}`;
    });
    throw new PipelineError(lines.join('\n'), { location: lines[0]?.split(': ')[0] });
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb (or another structural refusal of the yaml package) is a bad pipeline file.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? 'invalid YAML') : 'invalid YAML';
    throw new PipelineError(`${file}:1:1: ${reason}`, { location: `${file}:1:1`, cause: error });
  }
  if (raw === null || raw === undefined) {
    // zod would say "Invalid input: expected object, received null", which reads as the `input` key.
    const location = `${file}:1:1`;
    throw new PipelineError(`${location}: the pipeline file is empty; expected a mapping with name, input and stages`, { location });
  }
  return { doc, lineCounter, raw };
}

/** Validates parsed YAML against the schema and the stages' own schemas, with positions. */
function validateYaml(parsed: ParsedYaml, file: string, baseDir: string): LoadedPipeline {
  const { doc, lineCounter, raw } = parsed;
  const result = validatePipeline(raw, registryLookup);
  if (!result.ok) {
    const lines = result.issues.map((issue) => {
      const offset = locate(doc, issue);
      const pos = lineCounter.linePos(offset);
      return `${file}:${pos.line}:${pos.col}: ${stagePrefix(issue)}${issue.message}`;
    });
    throw new PipelineError(lines.join('\n'), { location: lines[0]?.split(': ')[0] });
  }
  return { file, baseDir, spec: result.pipeline.spec, resolved: result.pipeline };
}

function stagePrefix(issue: SpecIssue): string {
  return issue.stage === undefined ? '' : `stage '${issue.stage}': `;
}

/** Source offset of the node an issue points at: the deepest existing node on its path. */
function locate(doc: Document, issue: SpecIssue): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);

  for (let i = 0; i < issue.path.length; i++) {
    const key = issue.path[i];
    const last = i === issue.path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair === undefined) break;
      if (last && issue.pointsAtKey) return rangeStart(pair.key) ?? offset ?? 0;
      node = pair.value;
    } else if (isNode(node) && 'items' in node && typeof key === 'number') {
      node = (node.items as unknown[])[key];
    } else {
      break;
    }
    offset = rangeStart(node) ?? offset;
  }
  return offset ?? 0;
}

function rangeStart(node: unknown): number | undefined {
  if (isNode(node) && node.range !== undefined && node.range !== null) return node.range[0];
  return undefined;
}

function moduleError(file: string, issues: SpecIssue[]): PipelineError {
  const lines = issues.map((issue) => {
    // Stage issues name their option path in the message already; keep `stages[i]` here.
    const shown = issue.stage === undefined ? issue.path : issue.path.slice(0, 2);
    const at = shown.length === 0 ? '' : `${pathText(shown)}: `;
    return `${file}: ${at}${stagePrefix(issue)}${issue.message}`;
  });
  return new PipelineError(lines.join('\n'));
}

function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

async function importPipelineModule(file: string, ext: string): Promise<unknown> {
  const url = pathToFileURL(path.resolve(file)).href;
  let module: Record<string, unknown>;
  try {
    if (ext === '.ts' || ext === '.mts') {
      // tsx compiles the module on the fly, so a TypeScript pipeline needs no build step.
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      module = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'import failed';
    throw new PipelineError(`${file}: cannot load the pipeline module: ${reason}`, {
      cause: error,
    });
  }
  let spec = module['default'] ?? module['pipeline'];
  // A module compiled as CommonJS arrives wrapped once more: `{ default: spec }`.
  if (spec !== null && typeof spec === 'object' && !('name' in spec) && 'default' in spec) {
    spec = (spec as { default: unknown }).default;
  }
  if (spec === undefined) {
    throw new PipelineError(
      `${file}: the module has no default export; export definePipeline({...})`,
    );
  }
  return spec;
}
