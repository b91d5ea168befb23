import type { EventEmitter } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { writeAudit, type AuditEntry } from '../audit/service';
import type { Db } from '../db/client';
import { CSV_BOM, csvLine } from './csv';
import { pumpRows, type PumpOptions, type RowSink } from './pump';
import { uniqueSheetName, xmlSafe } from './sheetNames';
import { openReadSnapshot, type ReadSnapshot } from './snapshot';
import { EXPORT_CONTENT_TYPES, type ExportFormat } from '@shared/reports/exportFormats';

/**
 * What every export file shares (attendance, wellbeing): one read snapshot, the audit entry written before a
 * byte is sent, and the file streamed as the client reads it, as CSV (Excel-friendly) or XLSX.
 */

export { EXPORT_CONTENT_TYPES, type ExportFormat } from '@shared/reports/exportFormats';

/**
 * A client that stops reading without closing would keep the export, and its read snapshot, open for ever
 * (Node has no socket timeout by default): after this long without any progress the download is cut.
 */
export const DEFAULT_STALL_TIMEOUT_MS = 2 * 60 * 1000;
const ROWS_PER_TURN = 500;
/** A turn of an export holds the thread at most this long (XLSX rows cost about 40 µs each, CSV rows a few). */
const TURN_MS = 5;

export type Cell = string | number | null;

export interface ExportColumn {
  header: string;
  /** Column width in XLSX. */
  width: number;
  /** The cells are Japan dates (YYYY-MM-DD): real Excel dates in XLSX, shown yyyy-mm-dd, so that they sort and filter. */
  date?: boolean;
}

/** One table of a file: a sheet in XLSX; in CSV a section (its header, its rows), a blank line before the next. */
export interface ExportTable {
  sheet: string;
  columns: ExportColumn[];
  /** Read lazily (from the snapshot, a batch at a time) as the client takes them. */
  rows: AsyncIterable<Cell[][]>;
}

/** What one export is, decided on its snapshot. */
export interface ExportPlan {
  /** The file name without its extension, e.g. 出欠_2026-04-01_2026-09-30. */
  basename: string;
  rows: number;
  audit: AuditEntry;
  tables: ExportTable[];
  /**
   * XLSX only: sheets after the tables (e.g. summaries); `usedNames` holds the names taken, lower-cased. Reads
   * the snapshot in small steps, yields to the event loop between them as the rows do, and stops once
   * `abandoned()` (the client went away).
   */
  extraSheets?: (workbook: ExcelJS.stream.xlsx.WorkbookWriter, usedNames: Set<string>, abandoned: () => boolean) => Promise<void>;
}

export interface ExportFile {
  /** e.g. 出欠_2026-04-01_2026-09-30.csv */
  filename: string;
  contentType: string;
  /** Rows in the file, counted before it is written. */
  rows: number;
  /** The file, produced as it is read: memory stays flat however many rows there are. */
  stream: Readable;
}

interface ExportJob {
  snapshot: ReadSnapshot;
  pump: PumpOptions;
}

/**
 * Opens a read snapshot, lets `plan` count and describe the file on it, writes the audit entry (before a byte is
 * sent, so an aborted download is audited too) and returns the file as a stream that reads rows as the client
 * takes them. Permissions are checked by the caller before. `plan` may count in several steps (see `sumInTurns`):
 * the snapshot keeps one read transaction, so the count, the rows and the summaries agree.
 */
export async function openExport(
  db: Db,
  format: ExportFormat,
  plan: (snapshot: ReadSnapshot) => Promise<ExportPlan>,
  options: { stallTimeoutMs?: number } = {},
): Promise<ExportFile> {
  const snapshot = await openReadSnapshot(db);
  try {
    const { basename, rows, audit, tables, extraSheets } = await plan(snapshot);
    await writeAudit(db, audit);
    const job: ExportJob = {
      snapshot,
      pump: { rowsPerTurn: ROWS_PER_TURN, turnMs: TURN_MS, stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS },
    };
    const stream = format === 'csv' ? csvStream(job, tables) : xlsxStream(job, tables, extraSheets);
    return { filename: `${basename}.${format}`, contentType: EXPORT_CONTENT_TYPES[format], rows, stream };
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

/**
 * The sum of `count` over `items` (e.g. a count query per venue), one item per turn of the event loop: one COUNT
 * over every venue of a large organisation holds the thread for tens of milliseconds, one venue's for about one.
 */
export async function sumInTurns<T>(items: readonly T[], count: (item: T) => Promise<number>): Promise<number> {
  let sum = 0;
  for (const item of items) {
    await nextTurn();
    sum += await count(item);
  }
  return sum;
}

/** Rows already in memory (a few), as a table's batches. */
export async function* oneBatch(rows: Cell[][]): AsyncGenerator<Cell[][]> {
  await Promise.resolve();
  yield rows;
}

/** Each item of each batch mapped (a row read from the snapshot into the file's cells), batch by batch. */
export async function* mapBatches<T, U>(batches: AsyncIterable<T[]>, map: (item: T) => U): AsyncGenerator<U[]> {
  for await (const batch of batches) yield batch.map(map);
}

/**
 * UTF-8 with BOM and CRLF, as Japanese Excel opens it; a cell starting with = + - @ is prefixed with ' (CSV injection).
 * Rows are formatted into one string per batch (a turn's rows) and written as one chunk; a full stream is
 * waited for ('drain') before the next batch is read.
 */
function csvStream(job: ExportJob, tables: ExportTable[]): Readable {
  const out = new PassThrough();
  run(job, out, async () => {
    let pending = CSV_BOM;
    const flush = () => {
      if (pending === '') return;
      out.write(pending);
      pending = '';
    };
    const sink: RowSink<Cell[]> = {
      out,
      write: (row) => {
        pending += csvLine(row);
      },
      full: () => out.writableNeedDrain,
      wakeUps: () => [[out, 'drain']],
      flush,
    };
    for (const [index, table] of tables.entries()) {
      if (index > 0) pending += csvLine([]);
      pending += csvLine(table.columns.map((c) => c.header));
      if (!(await pumpRows(table.rows, sink, job.pump))) return;
    }
    flush();
    await job.snapshot.close();
    out.end();
  });
  return out;
}

/** One sheet per table, header frozen and bold; exceljs's streaming writer commits each row as it goes. */
function xlsxStream(job: ExportJob, tables: ExportTable[], extraSheets: ExportPlan['extraSheets']): Readable {
  const out = new PassThrough();
  run(job, out, async () => {
    const workbook = await newWorkbook(out);
    const usedNames = new Set<string>();
    for (const table of tables) {
      const sheet = workbook.addWorksheet(uniqueSheetName(table.sheet, usedNames), { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = table.columns.map(({ header, width, date }) => ({
        header,
        width,
        ...(date ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
      }));
      sheet.getRow(1).font = { bold: true };
      let backlog: LegacyWritable | undefined;
      const sink: RowSink<Cell[]> = {
        out,
        write: (row) => {
          sheet.addRow(xlsxCells(table.columns, row)).commit();
          backlog ??= sheetBacklog(sheet);
        },
        full: () => out.writableNeedDrain || (backlog?._writableState.length ?? 0) > MAX_XLSX_BACKLOG,
        wakeUps: () => [[out, 'drain'], ...(backlog ? [[backlog, 'drain'] as [LegacyWritable, string]] : [])],
      };
      if (!(await pumpRows(table.rows, sink, job.pump))) return;
      sheet.commit();
    }
    await extraSheets?.(workbook, usedNames, () => out.destroyed);
    if (out.destroyed) return;
    await job.snapshot.close();
    await workbook.commit();
  });
  return out;
}

/** exceljs and its zip libraries load on the first XLSX export, not at start (they were a fifth of the start-up). */
async function newWorkbook(out: PassThrough): Promise<ExcelJS.stream.xlsx.WorkbookWriter> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kayoi';
  return workbook;
}

function xlsxCells(columns: ExportColumn[], row: Cell[]): (string | number | Date | null)[] {
  return row.map((cell, i) => {
    if (typeof cell !== 'string') return cell;
    // Midnight UTC of the Japan date: Excel dates have no time zone, exceljs converts from UTC.
    return columns[i]?.date ? new Date(`${cell}T00:00:00Z`) : xmlSafe(cell);
  });
}

/** Uncompressed sheet XML allowed to wait for zlib before rows pause. */
const MAX_XLSX_BACKLOG = 1024 * 1024;

/** A stream as archiver-utils' bundled readable-stream 2 builds it: an EventEmitter with its write state. */
type LegacyWritable = EventEmitter & { _writableState: { length: number } };

/**
 * Where an XLSX backlog piles up. exceljs buffers a sheet's XML in a StreamBuf that ignores backpressure;
 * archiver reads it through a PassThrough (archiver-utils' normalizeInputSource), whose write buffer grows
 * whenever rows come faster than zlib compresses them. Found by duck typing on exceljs 4.4 / archiver 5;
 * undefined if they change, and then only the client's own backpressure applies (tests check it is found).
 */
export function sheetBacklog(sheet: ExcelJS.Worksheet): LegacyWritable | undefined {
  const pipe = (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes?.[0] as Partial<LegacyWritable> | undefined;
  return typeof pipe?._writableState?.length === 'number' && typeof pipe.on === 'function' ? (pipe as LegacyWritable) : undefined;
}

/**
 * Produces a file into `out` in the background. Producers close the snapshot as soon as they have read
 * everything; here it is closed in any case, and a failure destroys `out` (the download is cut).
 */
function run(job: ExportJob, out: Writable, produce: () => Promise<void>): void {
  produce()
    .finally(() => job.snapshot.close())
    .catch((error: unknown) => {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    });
}
