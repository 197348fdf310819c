/**
 * CSV records (RFC 4180 with a configurable delimiter and quote): splitting one record's text
 * into fields and writing fields back.
 *
 * The framer has already cut the input at record ends (newlines outside quotes), so the reader
 * here sees exactly one record and can reject it alone, with its line number, without losing the
 * rest of its batch. That per-record control, and sharing one quote rule with the framer, is why
 * the data path does not go through csv-parse's batch parser.
 */

/** Splits one record into fields; returns a reason (never the text) when the quoting is broken. */
export function parseCsvRecord(
  text: string,
  delimiter: string,
  quote: string,
): { fields: string[] } | { error: string } {
  const fields: string[] = [];
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;

  let i = 0;
  while (true) {
    if (text.startsWith(quote, i)) {
      // Quoted field: read to the closing quote, turning doubled quotes into one.
      let value = '';
      let from = i + 1;
      while (true) {
        const close = text.indexOf(quote, from);
        if (close < 0 || close >= end) {
          return { error: `unterminated quoted field ${fields.length + 1}` };
        }
        value += text.slice(from, close);
        if (text.startsWith(quote, close + 1) && close + 1 < end) {
          value += quote;
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i === end) return { fields };
      if (!text.startsWith(delimiter, i)) {
        return { error: `unexpected character after the closing quote of field ${fields.length}` };
      }
      i += delimiter.length;
      continue;
    }

    const next = text.indexOf(delimiter, i);
    const stop = next < 0 || next >= end ? end : next;
    const value = text.slice(i, stop);
    if (value.includes(quote)) {
      return { error: `quote character inside unquoted field ${fields.length + 1}` };
    }
    fields.push(value);
    if (stop === end) return { fields };
    i = stop + delimiter.length;
  }
}

/** Formats one cell: quoted only when it holds the delimiter, the quote, CR or LF. */
export function formatCsvCell(value: string, delimiter: string, quote: string): string {
  if (
    value.includes(delimiter) ||
    value.includes(quote) ||
    value.includes('\n') ||
    value.includes('\r')
  ) {
    return quote + value.split(quote).join(quote + quote) + quote;
  }
  return value;
}

/** Formats a row of cells followed by `\n`. */
export function formatCsvRow(cells: readonly string[], delimiter: string, quote: string): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += delimiter;
    line += formatCsvCell(cells[i] as string, delimiter, quote);
  }
  return line + '\n';
}
