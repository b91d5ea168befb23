import type { Cell } from './fileExport';

/**
 * CSV lines as Japanese Excel opens them, built as plain strings so that a batch of rows becomes one write:
 * CRLF after every record, a field quoted when it holds `,` `"` CR or LF (quotes doubled), null as an empty
 * field, and a text cell starting with = + - @ (or their full-width forms), a tab or CR prefixed with ' so that
 * Excel does not run it as a formula (CSV injection). Numbers are written as they are, negative ones too.
 * The same bytes csv-stringify writes with `{ record_delimiter: 'windows', escape_formulas: true }`, except that a
 * field with a lone CR or LF is quoted here (csv-stringify quotes only CRLF), which keeps such a row one record.
 */

/** The UTF-8 byte order mark, first in the file. */
export const CSV_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  let value = cell;
  const quote = NEEDS_QUOTES.test(value);
  switch (value.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0xff1d: // ＝
    case 0xff0b: // ＋
    case 0xff0d: // －
    case 0xff20: // ＠
      value = `'${value}`;
  }
  return quote ? `"${value.replace(QUOTES, '""')}"` : value;
}

/** One record with its CRLF; an empty row is an empty line. */
export function csvLine(row: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += ',';
    line += csvField(row[i] ?? null);
  }
  return `${line}\r\n`;
}
