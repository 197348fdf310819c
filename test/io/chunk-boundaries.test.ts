/**
 * Reader: hostile chunk boundaries. Every split position of small files (multibyte UTF-8 split
 * across chunks, CRLF, blank lines, quoted CSV newlines, nested JSON) gives the same records,
 * lines and offsets as reading the file in one piece, whatever the batch size.
 */
import { describe, expect, it } from 'vitest';
import { processBatch, type BatchSettings } from '../../src/engine/batch.js';
import { readBatches, type InputItem } from '../../src/io/reader.js';
import { parseCsvRecord } from '../../src/io/csv.js';
import type { RecordFormat } from '../../src/engine/spec.js';

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(from, cut);
    from = cut;
  }
}

function settings(format: RecordFormat, delimiter = ','): BatchSettings {
  const io = { format, delimiter, quote: '"', header: true, columns: undefined };
  return {
    input: io,
    output: { ...io, format: 'ndjson' },
    stopAtFirstReject: false,
    includeRecord: false,
    maxRecordBytes: 1 << 20,
    mode: 'output',
  };
}

/** Reads with the given cuts and batch size; returns output lines plus reject positions. */
async function readAll(text: string, format: RecordFormat, cuts: number[], batchBytes: number) {
  const bytes = Buffer.from(text, 'utf8');
  const out: string[] = [];
  const rejects: string[] = [];
  let columns: string[] | undefined;
  const items: InputItem[] = [];
  for await (const item of readBatches(chunksOf(bytes, cuts), {
    format,
    quote: '"',
    batchBytes,
    maxRecordBytes: 1 << 20,
    header: format === 'csv',
    fragment: false,
  })) {
    items.push(item);
  }
  for (const item of items) {
    if (item.kind === 'header') {
      const parsed = parseCsvRecord(
        Buffer.from(item.bytes)
          .toString('utf8')
          .replace(/\r?\n$/, ''),
        ',',
        '"',
      );
      if ('error' in parsed) throw new Error('bad header');
      columns = parsed.fields;
      continue;
    }
    if (item.kind === 'reject') {
      rejects.push(`reject ${item.line} ${item.offset}`);
      continue;
    }
    const result = processBatch(
      { seq: 0, ...item, inputColumns: columns, outputColumns: undefined },
      [],
      settings(format),
    );
    out.push(
      ...Buffer.from(result.out)
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0),
    );
    for (const r of result.rejects)
      rejects.push(`reject ${r.line} ${r.offset} ${r.index} ${r.reason}`);
  }
  return [...out, ...rejects];
}

const ndjson =
  '{"a":"héllo €","n":1}\r\n\n{"a":"日本語 😀","n":2}\n{"bad":\n{"a":"x\\"y","n":3}\n   \n{"a":"last"}';
/** The NDJSON above with lone CR line ends (classic Mac OS), and with one stray CR in line 1. */
const ndjsonCr = ndjson.replace(/\r?\n/g, '\r');
const ndjsonStrayCr = ndjson.replace('"n":1}', '"n":1}\r{"n":0}');
const csv =
  'name,note,n\n"Zoë, A.","line1\nline2 ""quoted""",1\r\nBob,€uro,2\n\nbad,"row\nCarl,,3\n';
/** The CSV above as classic Mac OS software writes it: every line break a lone CR. */
const csvCr = csv.replace(/\r?\n/g, '\r');
const json =
  '{"meta": {"k": [1, 2]}, "records": [\n {"a": "é\\"]}", "b": [1, {"c": null}]},\n {"a": "😀"} ,\n\n {"a": [[]]}\n], "tail": "x"}\n';

describe('reader: every split position', () => {
  for (const [label, format, text] of [
    ['ndjson', 'ndjson', ndjson],
    ['ndjson with CR line ends', 'ndjson', ndjsonCr],
    ['ndjson with a stray CR', 'ndjson', ndjsonStrayCr],
    ['csv', 'csv', csv],
    ['csv with CR line breaks', 'csv', csvCr],
    ['json', 'json', json],
  ] as const) {
    it(`${label}: one cut anywhere, and tiny batches, equal the whole read`, async () => {
      const bytes = Buffer.byteLength(text);
      const expected = await readAll(text, format, [], 1 << 20);
      expect(expected.length).toBeGreaterThan(2);

      for (let cut = 1; cut < bytes; cut++) {
        expect(await readAll(text, format, [cut], 1 << 20), `cut at ${cut}`).toEqual(expected);
        expect(await readAll(text, format, [cut], 1), `cut at ${cut}, 1-byte batches`).toEqual(
          expected,
        );
      }
      // Every byte its own chunk: multibyte characters always split.
      const all = Array.from({ length: bytes - 1 }, (_, i) => i + 1);
      expect(await readAll(text, format, all, 7)).toEqual(expected);
    });
  }

  it('ndjson: lines, offsets and indices of rejects are exact', async () => {
    const out = await readAll(ndjson, 'ndjson', [], 1 << 20);
    const offset = Buffer.byteLength(ndjson.slice(0, ndjson.indexOf('{"bad"')));
    expect(out).toContain(`reject 4 ${offset} 2 malformed JSON: unexpected end of record`);
    // A line of spaces holds no JSON text: skipped like an empty line, not a rejected record.
    expect(out.filter((l) => l.startsWith('reject')).length).toBe(1);
    expect(out.filter((l) => l.startsWith('{'))).toEqual([
      '{"a":"héllo €","n":1}',
      '{"a":"日本語 😀","n":2}',
      '{"a":"x\\"y","n":3}',
      '{"a":"last"}',
    ]);
  });

  it('ndjson: lone CR line ends give the records, lines and offsets of LF ones', async () => {
    const lf = await readAll(ndjson.replace(/\r\n/g, '\n'), 'ndjson', [], 1 << 20);
    expect(await readAll(ndjsonCr, 'ndjson', [], 1 << 20)).toEqual(lf);
    // Two lone CRs first decide; a CR file may still hold LF and CRLF line ends after them.
    const mixedEnds = '{"n":1}\r{"n":2}\r{"n":3}\n{"n":4}\r\n{"bad":\r{"n":5}';
    expect(await readAll(mixedEnds, 'ndjson', [], 1 << 20)).toEqual([
      '{"n":1}',
      '{"n":2}',
      '{"n":3}',
      '{"n":4}',
      '{"n":5}',
      'reject 5 33 4 malformed JSON: unexpected end of record',
    ]);
  });

  it('ndjson: one stray CR in an LF file keeps the LF reading (its line rejected, with the hint)', async () => {
    const out = await readAll(ndjsonStrayCr, 'ndjson', [], 1 << 20);
    expect(out.filter((l) => l.startsWith('{'))).toHaveLength(3);
    expect(out.filter((l) => l.startsWith('reject 1 0 0'))).toEqual([
      expect.stringMatching(/^reject 1 0 0 malformed JSON at column \d+ \(the line holds a carriage return/),
    ]);
  });

  it('csv: quoted newlines keep line numbers right; a broken quote is rejected alone', async () => {
    const out = await readAll(csv, 'csv', [], 1 << 20);
    expect(out[0]).toBe('{"name":"Zoë, A.","note":"line1\\nline2 \\"quoted\\"","n":"1"}');
    expect(out[1]).toBe('{"name":"Bob","note":"€uro","n":"2"}');
    // `bad,"row` opens a quote that swallows the rest of the file: one bad record at line 6.
    expect(out.filter((l) => l.startsWith('reject'))).toEqual([
      `reject 6 ${Buffer.byteLength(csv.slice(0, csv.indexOf('bad,')))} 2 malformed CSV: unterminated quoted field 2`,
    ]);
  });

  it('csv: lone CR line breaks give the records, lines and offsets of LF ones', async () => {
    const lf = await readAll(csv.replace(/\r\n/g, '\n'), 'csv', [], 1 << 20);
    const cr = await readAll(csvCr, 'csv', [], 1 << 20);
    // The quoted line break is data, kept as written; everything else is the same.
    expect(cr).toEqual(lf.map((l) => l.replace('line1\\nline2', 'line1\\rline2')));
    expect(cr[0]).toContain('line1\\rline2');
  });

  it('json: records of a wrapper object, with nested brackets inside strings', async () => {
    const out = await readAll(json, 'json', [], 1 << 20);
    expect(out).toEqual(['{"a":"é\\"]}","b":[1,{"c":null}]}', '{"a":"😀"}', '{"a":[[]]}']);
  });
});
