import type { EventEmitter } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { ExportModeLabels, type ExportColumns, type ExportQuery } from '../../../shared/src/reports/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { japanDateRange, monthsBetween, type InstantRange } from './period';
import { countAttendanceRows, iterateAttendanceRows, sqliteOf, venueCounts, venuesByName, type Counts, type VenueRow } from './queries';
import { uniqueSheetName, xmlSafe } from './sheetNames';
import { pumpRows, type PumpOptions, type RowSink } from './pump';
import { ReadSnapshot } from './snapshot';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type ExportColumn = (typeof ExportColumns)[number];
type ExportRecord = { venue: string; date: string; name: string; kana: string; mode: string; minutes: number };

/** The attendance columns of both formats, in order, with their Japanese headers. */
const COLUMNS: { key: ExportColumn; header: string; width: number }[] = [
  { key: 'venue', header: '会場', width: 24 },
  { key: 'date', header: '日付', width: 12 },
  { key: 'name', header: '氏名', width: 18 },
  { key: 'kana', header: 'ふりがな', width: 20 },
  { key: 'mode', header: '参加方法', width: 12 },
  { key: 'minutes', header: '参加時間（分）', width: 14 },
];

const SUMMARY_HEADERS = [
  '月',
  '開催回数',
  '延べ人数（計）',
  '延べ人数（会場）',
  '延べ人数（オンライン）',
  '延べ人数（電話）',
  '実人数（計）',
  '実人数（会場）',
  '実人数（オンライン）',
  '実人数（電話）',
];

/**
 * A client that stops reading without closing would keep the export, and its read snapshot, open for ever
 * (Node has no socket timeout by default): after this long without any progress the download is cut.
 */
export const DEFAULT_STALL_TIMEOUT_MS = 2 * 60 * 1000;
const ROWS_PER_TURN = 500;

export interface ExportFile {
  /** e.g. 出欠_2026-04-01_2026-09-30.csv */
  filename: string;
  contentType: string;
  /** Attendance rows in the file, counted before it is written. */
  rows: number;
  /** The file, produced as it is read: memory stays flat however many rows there are. */
  stream: Readable;
}

interface ExportJob {
  snapshot: ReadSnapshot;
  venues: VenueRow[];
  range: InstantRange;
  query: ExportQuery;
  pump: PumpOptions;
}

/** Attendance of a period as CSV (for any tool) or XLSX (rows plus a monthly summary per venue), streamed. */
export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly options: { stallTimeoutMs?: number } = {},
  ) {}

  /**
   * Checks the venues, counts the rows, writes the audit entry (before a byte is sent, so an aborted download
   * is audited too) and returns the file as a stream that reads the rows as the client takes them.
   */
  open(user: AuthUser, query: ExportQuery, format: ExportFormat): ExportFile {
    const venueIds = this.permissions.scopeVenues(user, query.venueIds);
    const range = japanDateRange(query.from, query.to);
    const snapshot = ReadSnapshot.open(sqliteOf(this.db));
    try {
      const venues = venuesByName(snapshot.db, venueIds);
      const rows = countAttendanceRows(snapshot.db, venueIds, range);
      writeAudit(this.db, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'attendance.export',
        entityType: 'export',
        entityId: newId('exp'),
        after: { format, from: query.from, to: query.to, venueIds: venues.map((v) => v.id), rows },
      });
      const pump = { rowsPerTurn: ROWS_PER_TURN, stallTimeoutMs: this.options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS };
      const job: ExportJob = { snapshot, venues, range, query, pump };
      const stream = format === 'csv' ? csvStream(job) : xlsxStream(job);
      return { filename: `出欠_${query.from}_${query.to}.${format}`, contentType: EXPORT_CONTENT_TYPES[format], rows, stream };
    } catch (error) {
      snapshot.close();
      throw error;
    }
  }
}

/** UTF-8 with BOM and CRLF, as Japanese Excel opens it; a cell starting with = + - @ is prefixed with ' (CSV injection). */
function csvStream(job: ExportJob): Readable {
  const csv = stringify({
    bom: true,
    header: true,
    columns: COLUMNS.map(({ key, header }) => ({ key, header })),
    record_delimiter: 'windows',
    escape_formulas: true,
  });
  run(job, csv, async () => {
    const sink: RowSink<ExportRecord> = {
      out: csv,
      write: (record) => csv.write(record),
      full: () => csv.writableNeedDrain,
      wakeUps: () => [[csv, 'drain']],
    };
    if (!(await pumpRows(attendanceRecords(job), sink, job.pump))) return;
    job.snapshot.close();
    csv.end();
  });
  return csv;
}

/**
 * Sheet 出欠 with every row (dates as real Excel dates shown yyyy-mm-dd, so that they sort, filter and group by
 * month), then one sheet 集計_<venue> per venue: each month's sessions held, 延べ人数 and 実人数, total and by mode,
 * and the whole period. exceljs's streaming writer commits each row as it goes.
 */
function xlsxStream(job: ExportJob): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kayoi';
  run(job, out, async () => {
    const sheet = workbook.addWorksheet('出欠', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COLUMNS.map(({ key, header, width }) => ({ key, header, width, ...(key === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
    sheet.getRow(1).font = { bold: true };
    let backlog: LegacyWritable | undefined;
    const sink: RowSink<ExportRecord> = {
      out,
      write: (record) => {
        sheet.addRow(xlsxRow(record)).commit();
        backlog ??= sheetBacklog(sheet);
      },
      full: () => out.writableNeedDrain || (backlog?._writableState.length ?? 0) > MAX_XLSX_BACKLOG,
      wakeUps: () => [[out, 'drain'], ...(backlog ? [[backlog, 'drain'] as [LegacyWritable, string]] : [])],
    };
    if (!(await pumpRows(attendanceRecords(job), sink, job.pump))) return;
    sheet.commit();
    writeSummarySheets(workbook, job);
    job.snapshot.close();
    await workbook.commit();
  });
  return out;
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
  produce().then(
    () => job.snapshot.close(),
    (error: unknown) => {
      job.snapshot.close();
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
}

/** The job's rows, venue by venue (venues by name), read lazily from the snapshot. */
function* attendanceRecords(job: ExportJob): Generator<ExportRecord> {
  for (const venue of job.venues) {
    for (const row of iterateAttendanceRows(job.snapshot.db, venue.id, job.range)) {
      yield { venue: venue.name, date: row.date, name: row.name, kana: row.kana, mode: ExportModeLabels[row.mode], minutes: row.minutes };
    }
  }
}

function xlsxRow(record: ExportRecord): Record<ExportColumn, string | number | Date> {
  return {
    venue: xmlSafe(record.venue),
    // Midnight UTC of the Japan date: Excel dates have no time zone, exceljs converts from UTC.
    date: new Date(`${record.date}T00:00:00Z`),
    name: xmlSafe(record.name),
    kana: xmlSafe(record.kana),
    mode: record.mode,
    minutes: record.minutes,
  };
}

/** One sheet per venue: a row per month of the period, then the period as a whole (実人数 there is not a sum of months). */
function writeSummarySheets(workbook: ExcelJS.stream.xlsx.WorkbookWriter, job: ExportJob): void {
  const venueIds = job.venues.map((v) => v.id);
  const monthly = venueCounts(job.snapshot.db, venueIds, job.range, 'month');
  const whole = venueCounts(job.snapshot.db, venueIds, job.range, 'range');
  const months = monthsBetween(job.query.from.slice(0, 7), job.query.to.slice(0, 7));
  const usedNames = new Set(['出欠']);
  for (const venue of job.venues) {
    const sheet = workbook.addWorksheet(uniqueSheetName(`集計_${venue.name}`, usedNames), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = SUMMARY_HEADERS.map((header, i) => ({ header, width: i === 0 ? 10 : 12 }));
    sheet.getRow(1).font = { bold: true };
    for (const month of months) sheet.addRow(summaryRow(month, monthly.get(venue.id, month))).commit();
    const total = sheet.addRow(summaryRow('期間計', whole.get(venue.id)));
    total.font = { bold: true };
    total.commit();
    sheet.addRow([]).commit();
    sheet.addRow([`期間: ${job.query.from} 〜 ${job.query.to}（日付は日本時間）`]).commit();
    sheet.addRow(['期間計の実人数は期間中の重複を除いた人数です（各月の合計ではありません）。']).commit();
    sheet.commit();
  }
}

function summaryRow(label: string, { sessionsHeld, attendances: a, participants: p }: Counts): (string | number)[] {
  return [label, sessionsHeld, a.total, a.venue, a.online, a.phone, p.total, p.venue, p.online, p.phone];
}
