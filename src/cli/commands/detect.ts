/**
 * `veil detect` (a one-stage detect pipeline through the engine) and `veil eval` (scores
 * detection on a labelled JSONL file and prints the per-type table).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { createAnalyzer } from '../../detect/analyzer.js';
import { defaultEntityTypes } from '../../detect/config.js';
import { typeHint } from '../../detect/entity-types.js';
import { formatReport, goldSpanProblem, scoreSpans, type GoldRow } from '../../detect/eval.js';
import { pipeline } from '../../engine/pipeline.js';
import { inputFormats, type PipelineSpec, type RecordFormat } from '../../engine/spec.js';
import { cliAction, parseIntegerFlag, printLine, UsageError } from '../output.js';
import { installSignalCleanup } from '../signal-cleanup.js';
import { printRunSummary } from './engine.js';
import { checkOutputDirectory } from '../../io/sink.js';

interface DetectFlags {
  input: string;
  output: string;
  field?: string[];
  entities?: string;
  explain?: boolean;
  format?: RecordFormat;
  inputFormat?: RecordFormat;
  threads?: string;
  quiet?: boolean;
}

interface EvalFlags {
  entities?: string;
  map?: string;
  json?: boolean;
}

/** The format a file's extension names (.csv, .json, .ndjson or .jsonl), else `otherwise`. */
function formatFromPath(file: string, otherwise: RecordFormat = 'ndjson'): RecordFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return otherwise;
}

function parseList(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0 || items.some((s) => !/^[A-Z][A-Z0-9_]*$/.test(s))) {
    throw new UsageError(`${flag} takes entity types in upper snake case, comma-separated`);
  }
  return items;
}

function parseMap(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const map: Record<string, string> = {};
  for (const pair of value.split(',').filter((s) => s.length > 0)) {
    const [from, to] = pair.split('=');
    if (from === undefined || to === undefined || from.length === 0 || to.length === 0) {
      throw new UsageError('--map takes FROM=TO pairs, comma-separated');
    }
    map[from] = to;
  }
  return map;
}

/** Reads a gold file; errors name the line, never its content. */
async function readGold(file: string): Promise<GoldRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`${file}: cannot read the gold file (${code})`);
  }
  const rows: GoldRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not valid JSON`);
    }
    const r = row as Partial<GoldRow>;
    if (typeof r.text !== 'string' || !Array.isArray(r.entities)) {
      throw new UsageError(`${file}:${i + 1}: expected {"id", "text", "entities": [{"type", "start", "end"}]}`);
    }
    for (const [j, e] of r.entities.entries()) {
      const problem = goldSpanProblem(e, r.text.length);
      if (problem !== undefined) throw new UsageError(`${file}:${i + 1}: entity ${j + 1} ${problem}`);
    }
    rows.push({ id: typeof r.id === 'string' ? r.id : `line-${i + 1}`, text: r.text, entities: r.entities });
  });
  if (rows.length === 0) throw new UsageError(`${file}: no records`);
  return rows;
}

export function register(program: Command): void {
  program
    .command('detect')
    .summary('find personal data in records (a one-stage detect pipeline)')
    .description(
      'Run the detect stage over a file or stdin: every string field (or only --field paths) is ' +
        'scanned and the findings are written into each record as _pii: [{field, type, start, ' +
        'end, score}], offsets in UTF-16 code units of the field.',
    )
    .requiredOption('-i, --input <path>', "input file, or '-' for stdin")
    .requiredOption('-o, --output <path>', "output file, or '-' for stdout")
    .option('--field <path...>', 'field to scan (dotted path, [] for arrays); repeatable')
    .option('--entities <types>', 'entity types to report, comma-separated (default: all)')
    .option('--explain', 'add recognizer, pattern, validator result and context words to findings')
    .addOption(
      new Option('--input-format <format>', 'input format (default: from the input file extension; ndjson for stdin)').choices([...inputFormats]),
    )
    // As in `veil run`, --format is the output's (before round 12 it was the input's here).
    .addOption(
      new Option('-f, --format <format>', 'output format (default: from the output file extension, else the input format)').choices([...inputFormats]),
    )
    .option('-t, --threads <n>', 'worker threads; 0 runs inline (default: one per core)')
    .option('-q, --quiet', 'no summary line')
    .addHelpText('after', '\nExample:\n  veil detect --input tickets.ndjson --output tickets.pii.ndjson --field body --explain\n')
    .action(
      cliAction(async (flags: DetectFlags) => {
        const threads = flags.threads === undefined ? undefined : parseIntegerFlag('--threads', flags.threads);
        const entities = parseList('--entities', flags.entities);
        // Checked here so the error names the flag, not the one-stage pipeline built below.
        const known = new Set(defaultEntityTypes());
        for (const type of entities ?? []) {
          if (!known.has(type)) throw new UsageError(`--entities: unknown entity type '${type.slice(0, 64)}'${typeHint(type, known)}`);
        }
        if (flags.input !== '-' && flags.input === flags.output) throw new UsageError('--input and --output must differ');
        const format = flags.inputFormat ?? (flags.input === '-' ? 'ndjson' : formatFromPath(flags.input));
        const outputFormat = flags.format ?? (flags.output === '-' ? format : formatFromPath(flags.output, format));
        const stage: PipelineSpec['stages'][number] = { type: 'detect' };
        if (flags.field !== undefined) stage.fields = flags.field;
        if (entities !== undefined) stage.entities = entities;
        if (flags.explain === true) stage.explain = true;
        const spec: PipelineSpec = { name: 'detect', input: { format }, output: { format: outputFormat }, stages: [stage] };

        await checkOutputDirectory(flags.output);
        const detach = installSignalCleanup();
        try {
          const summary = await pipeline(spec).run({
            input: flags.input,
            output: flags.output,
            ...(threads === undefined ? {} : { threads }),
          });
          if (flags.quiet !== true) printRunSummary(summary, flags.output);
        } finally {
          detach();
        }
      }),
    );

  program
    .command('eval')
    .summary('score detection on a labelled JSONL file')
    .description(
      'Run detection over each {"id", "text", "entities": [{"type", "start", "end"}]} row and ' +
        'print precision, recall and F1 per entity type, for exact spans and for overlapping ' +
        'spans (same type, one shared character, one-to-one).',
    )
    .argument('<gold>', 'labelled JSONL file')
    .option('--entities <types>', 'score only these entity types, comma-separated')
    .option('--map <pairs>', 'rename predicted types before scoring, e.g. STREET_ADDRESS=LOCATION')
    .option('--json', 'print the report as JSON')
    .action(
      cliAction(async (file: string, flags: EvalFlags) => {
        const types = parseList('--entities', flags.entities);
        const map = parseMap(flags.map);
        const gold = await readGold(file);
        const analyzer = createAnalyzer();
        // A type scored must be one Veil reports (after --map) or one the gold file holds: a
        // misspelt type would score nothing, silently.
        const known = new Set([...analyzer.entityTypes, ...Object.values(map ?? {}), ...gold.flatMap((g) => g.entities.map((e) => e.type))]);
        for (const type of types ?? []) {
          if (!known.has(type)) throw new UsageError(`--entities: unknown entity type '${type}'${typeHint(type, known)}`);
        }
        const predictions = gold.map((g) => ({ id: g.id, entities: analyzer.analyze(g.text) }));
        const report = scoreSpans(gold, predictions, {
          ...(map === undefined ? {} : { map }),
          ...(types === undefined ? {} : { types: new Set(types) }),
        });
        printLine(flags.json === true ? JSON.stringify(report, null, 2) : formatReport(report));
      }),
    );
}
