// Assembles README.md from docs/readme: frame/head.md, one section per area (in ORDER), then
// frame/middle.md (benchmarks, security notes), one Limitations section gathered from every
// area's "Limitations" subsection, and frame/credits.md.
//   node scripts/assemble-readme.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'docs', 'readme');
const ORDER = ['engine', 'detect', 'anonymize', 'crypto', 'kanon', 'synth', 'security', 'queue', 'compliance', 'serve'];
const read = (name) => readFileSync(path.join(dir, name), 'utf8').replace(/\s+$/, '') + '\n';

/** Splits an area file into its title, body without limitations, and limitations. */
function area(name) {
  let lines = read(`${name}.md`).split('\n');
  // The engine file is written one level up: '# Title' and '## Sub'.
  if (lines[0].startsWith('# ')) {
    lines = lines.map((line) => (/^#{1,5} /.test(line) ? `#${line}` : line));
  }
  const title = name === 'engine' ? 'Pipelines, CLI and the engine' : lines[0].replace(/^## /, '');
  lines[0] = `## ${title}`;
  const body = [];
  const limits = [];
  let target = body;
  for (const line of lines) {
    if (/^### (Limitations|Credits)\b/.test(line)) {
      target = line.startsWith('### Limitations') ? limits : [];
      continue;
    }
    if (/^##+ /.test(line) && !/^####/.test(line) && target !== body) target = body;
    target.push(line);
  }
  return { title, body: body.join('\n').trim(), limits: limits.join('\n').trim() };
}

const areas = ORDER.map(area);
const parts = [read('frame/head.md').trimEnd()];
for (const a of areas) parts.push(a.body);
parts.push(read('frame/middle.md').trimEnd());
parts.push(
  ['## Limitations', ...areas.filter((a) => a.limits).map((a) => `### ${a.title}\n${a.limits}`)].join('\n\n'),
);
parts.push(read('frame/credits.md').trimEnd());
const text = parts.join('\n\n') + '\n';
const target = path.join(root, 'README.md');
if (process.argv.includes('--check')) {
  process.exit(readFileSync(target, 'utf8') === text ? 0 : 1);
}
writeFileSync(target, text);
