import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvLine } from '../../../server/src/reports/csv';
import type { Cell } from '../../../server/src/reports/fileExport';

/** What the exports wrote before rows were batched by hand: csv-stringify, as the reference. */
const reference = (rows: Cell[][]) => stringify(rows, { bom: true, record_delimiter: 'windows', escape_formulas: true });

const cells: Cell[] = [
  'あおば会館',
  '山田, "ハナ" 花子',
  '"',
  ',',
  '',
  null,
  0,
  90,
  -5,
  1.5,
  '-5',
  '=SUM(A1)',
  '+81 90',
  '@home',
  '\tタブ',
  '＝全角',
  '＋全角',
  '－全角',
  '＠全角',
  'a=b',
  "'already",
  '行\r\n二行',
  '=x, "y"',
  'ひらがな　全角スペース',
  '😀 絵文字',
];

describe('CSV lines', () => {
  it('writes the same bytes as csv-stringify: BOM, CRLF, quoting, formula escaping, numbers, empty cells', () => {
    const rows: Cell[][] = [
      ['会場', '日付'],
      cells,
      [],
      cells.slice().reverse(),
      ...cells.map((cell) => [cell]),
      ...cells.map((cell) => [cell, cell]),
    ];
    const ours = CSV_BOM + rows.map((row) => csvLine(row)).join('');
    expect(Buffer.from(ours, 'utf8').equals(Buffer.from(reference(rows), 'utf8'))).toBe(true);
    expect(ours).toBe(reference(rows));
  });

  it('quotes a field with a lone LF or CR, so that the row stays one record', () => {
    expect(csvLine(['一行目\n二行目', 'x'])).toBe('"一行目\n二行目",x\r\n');
    expect(csvLine(['a\rb'])).toBe('"a\rb"\r\n');
    expect(csvLine(['末尾\r'])).toBe('"末尾\r"\r\n');
    expect(csvLine(['\r先頭'])).toBe(`"'\r先頭"\r\n`);
  });
});
