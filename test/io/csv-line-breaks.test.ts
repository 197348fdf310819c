/**
 * CSV framing: a record ends at LF, CRLF or a lone CR outside quotes (BR-31: a CR-only file was
 * read as one header line, 0 records, exit 0). Inside quotes every kind is data but counts as a
 * line. A CR at the end of a chunk may begin a CRLF: the framer holds it, also while it skips an
 * over-long record, so the record after it is never swallowed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFramer } from '../../src/io/framer.js';
import { readBatches } from '../../src/io/reader.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

async function* pieces(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

/** Every record as `line:text` and every reader reject as `reject line offset index`. */
async function frame(text: string, cuts: number[], maxRecordBytes = 1 << 20): Promise<string[]> {
  const seen: string[] = [];
  const items = readBatches(pieces(Buffer.from(text, 'utf8'), cuts), {
    format: 'csv',
    quote: '"',
    batchBytes: 1,
    maxRecordBytes,
    header: true,
    fragment: false,
  });
  for await (const item of items) {
    if (item.kind === 'header') {
      seen.push(`header ${item.line}:${Buffer.from(item.bytes).toString('utf8')}`);
    } else if (item.kind === 'reject') {
      seen.push(`reject ${item.line} ${item.offset} ${item.index}`);
    } else {
      // The worker splits a batch with the same framer; its spans give each record and line.
      const framer = new CsvFramer('"', true);
      framer.finish(item.bytes, item.bytes.length);
      const spans = framer.spans as number[];
      for (let r = 0; r * 3 < spans.length; r++) {
        const record = Buffer.from(item.bytes.subarray(spans[r * 3], spans[r * 3 + 1]));
        seen.push(`${item.firstLine + (spans[r * 3 + 2] as number)}:${record.toString('utf8')}`);
      }
    }
  }
  return seen;
}

describe('CSV framer: LF, CRLF and lone CR line breaks', () => {
  it('a CR-only file is read record by record, with its line numbers', async () => {
    const text = 'name,email\rBob,bob@example.com\rAnn,ann@example.com\r';
    expect(await frame(text, [])).toEqual([
      'header 1:name,email\r',
      '2:Bob,bob@example.com',
      '3:Ann,ann@example.com',
    ]);
  });

  it('mixed line breaks, quoted breaks, blank lines: the same at every cut', async () => {
    const text = 'a,b\r\n1,"x\ry"\r2,"p\r\nq"\n\r\r\n3,z\r4,"\r"\r5,w';
    const whole = await frame(text, []);
    expect(whole).toEqual([
      'header 1:a,b\r\n',
      '2:1,"x\ry"',
      '4:2,"p\r\nq"',
      // Line 6 (a lone CR) and line 7 (CRLF) are blank.
      '8:3,z',
      '9:4,"\r"',
      '11:5,w',
    ]);
    const bytes = Buffer.byteLength(text);
    for (let cut = 1; cut < bytes; cut++) {
      expect(await frame(text, [cut]), `cut at ${cut}`).toEqual(whole);
    }
    const everyByte = Array.from({ length: bytes - 1 }, (_, i) => i + 1);
    expect(await frame(text, everyByte)).toEqual(whole);
  });

  it('skipping an over-long record stops at its line break, even a CR at a chunk end', async () => {
    const long = 'x'.repeat(40);
    const quoted = `"${long}\r\n${long}\r${long}"`;
    const text = `h\r${long}\rnext\r${long}\r\n${quoted}\r\nlast`;
    const expected = [
      'header 1:h\r',
      'reject 2 2 0',
      '3:next',
      `reject 4 ${Buffer.byteLength(`h\r${long}\rnext\r`)} 2`,
      `reject 5 ${Buffer.byteLength(`h\r${long}\rnext\r${long}\r\n`)} 3`,
      // The quoted record spans lines 5 to 7.
      '8:last',
    ];
    // Chunks of 1 to 8 bytes at every phase: the reader meets each long record unfinished and
    // skips it, and every CR lands at a chunk end in some run.
    for (let size = 1; size <= 8; size++) {
      for (let phase = 1; phase <= size; phase++) {
        const cuts: number[] = [];
        for (let at = phase; at < text.length; at += size) cuts.push(at);
        expect(await frame(text, cuts, 16), `chunks of ${size} from ${phase}`).toEqual(expected);
      }
    }
  });

  it('a CR as the very last byte ends the last record', async () => {
    const framer = new CsvFramer('"');
    const bytes = Buffer.from('a\rb\r');
    framer.scan(bytes, bytes.length);
    // The final CR may still be followed by LF: the framer waits for the next byte.
    expect(framer.records).toBe(1);
    expect(framer.held).toBe(1);
    framer.finish(bytes, bytes.length);
    expect(framer.records).toBe(2);
    expect(framer.boundary).toBe(bytes.length);
  });

  it('veil run: the break-it repro keeps both records (it gave 0 records and exit 0)', () => {
    const dir = tempDir();
    const input = path.join(dir, 'cr.csv');
    writeFileSync(input, 'name,email\rBob,bob@example.com\rAnn,ann@example.com\r');
    const p = path.join(dir, 'drop.yaml');
    writeFileSync(
      p,
      'name: drop-email\ninput:\n  format: csv\noutput:\n  format: ndjson\nstages:\n' +
        '  - type: drop\n    fields: [email]\n',
    );
    const output = path.join(dir, 'out.ndjson');
    const result = veil(['run', p, '-i', input, '-o', output, '-t', '0']);
    expectCode(result, 0);
    expect(result.stderr).toContain('2 records in, 2 out, 0 rejected');
    expect(readFileSync(output, 'utf8')).toBe('{"name":"Bob"}\n{"name":"Ann"}\n');
  });
});

describe('CSV framer: a quote still open at the end of the input', () => {
  // Line 2 opens a quote that never closes. It used to swallow every later line into one
  // rejected record: 200,000 good rows after it were lost, and the run still exited 0.
  const text = 'name,note\r\nAnn,"open\r\nBob,b\r\nCid,c\nDee,d';

  it('rejects the broken record alone and frames the lines after it, at every cut', async () => {
    const whole = await frame(text, []);
    expect(whole).toEqual([
      'header 1:name,note\r\n',
      '2:Ann,"open\r',
      '3:Bob,b\r',
      '4:Cid,c',
      '5:Dee,d',
    ]);
    const bytes = Buffer.byteLength(text);
    for (let cut = 1; cut < bytes; cut++) {
      expect(await frame(text, [cut]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('veil run: the rows after the broken one reach the output, with their line numbers', () => {
    const dir = tempDir();
    const input = path.join(dir, 'open-quote.csv');
    writeFileSync(input, `${text}\nEve,a,b\n`);
    const p = path.join(dir, 'drop.yaml');
    writeFileSync(
      p,
      'name: drop-note\ninput:\n  format: csv\noutput:\n  format: ndjson\non_error: reject\n' +
        'stages:\n  - type: drop\n    fields: [note]\n',
    );
    const output = path.join(dir, 'out.ndjson');
    for (const threads of ['0', '2']) {
      const result = veil(['run', p, '-i', input, '-o', output, '-t', threads]);
      expectCode(result, 0);
      expect(result.stderr).toContain('5 records in, 3 out, 2 rejected');
      expect(readFileSync(output, 'utf8')).toBe('{"name":"Bob"}\n{"name":"Cid"}\n{"name":"Dee"}\n');
      expect(readFileSync(`${output}.rejects.ndjson`, 'utf8')).toBe(
        '{"line":2,"offset":11,"index":0,"reason":"malformed CSV: unterminated quoted field 2"}\n' +
          '{"line":6,"offset":41,"index":4,"reason":"expected 2 CSV fields, found 3"}\n',
      );
    }
  });
});
