import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a JSONL fixture from test/detect/fixtures. */
export function readFixture<T = Record<string, unknown>>(name: string): T[] {
  const path = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** Each finding of `analyzer` in `text` as [type, the text it covers], in order. */
export function typedSpans(
  analyzer: { analyze(text: string): Array<{ type: string; start: number; end: number }> },
  text: string,
): Array<[string, string]> {
  return analyzer.analyze(text).map((f) => [f.type, text.slice(f.start, f.end)]);
}

/** The spans of `text` that `analyzer` finds as `type`, in order. */
export function spansOfType(
  analyzer: { analyze(text: string): Array<{ type: string; start: number; end: number }> },
  type: string,
  text: string,
): string[] {
  return typedSpans(analyzer, text)
    .filter(([t]) => t === type)
    .map(([, span]) => span);
}
