import { setImmediate as nextTurn } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { ExportModeLabels, type ExportQuery } from '@shared/reports/schemas';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { openExport, sumInTurns, type Cell, type ExportColumn, type ExportFile, type ExportFormat } from './fileExport';
import { japanDateRange, monthsBetween, type InstantRange } from '@shared/japanTime';
import { attendanceRowBatches, countAttendanceRows, venueCounts, venuesByName, type Counts, type VenueRow } from './queries';
import type { ReadSnapshot } from './snapshot';
import { uniqueSheetName } from './sheetNames';

export { DEFAULT_STALL_TIMEOUT_MS, EXPORT_CONTENT_TYPES, sheetBacklog, type ExportFile, type ExportFormat } from './fileExport';

/** The attendance columns of both formats, in order, with their Japanese headers. */
const COLUMNS: ExportColumn[] = [
  { header: '会場', width: 24 },
  { header: '日付', width: 12, date: true },
  { header: '氏名', width: 18 },
  { header: 'ふりがな', width: 20 },
  { header: '参加方法', width: 12 },
  { header: '参加時間（分）', width: 14 },
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
 * Attendance of a period as CSV (for any tool) or XLSX: sheet 出欠 with every row, then one sheet 集計_<venue> per
 * venue with each month's sessions held, 延べ人数 and 実人数, total and by mode, and the whole period. Streamed.
 */
export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly options: { stallTimeoutMs?: number } = {},
  ) {}

  /** Checks the venues, counts the rows on a snapshot (a venue per turn of the event loop), audits, and streams. */
  async open(user: AuthUser, query: ExportQuery, format: ExportFormat): Promise<ExportFile> {
    const venueIds = this.permissions.scopeVenues(user, query.venueIds);
    const range = japanDateRange(query.from, query.to);
    return await openExport(
      this.db,
      format,
      async (snapshot) => {
        const venues = await venuesByName(snapshot, venueIds);
        const rows = await sumInTurns(venues, (venue) => countAttendanceRows(snapshot, [venue.id], range));
        return {
          basename: `出欠_${query.from}_${query.to}`,
          rows,
          audit: {
            organisationId: user.organisationId,
            actorUserId: user.id,
            action: 'attendance.export',
            entityType: 'export',
            entityId: newId('exp'),
            after: { format, from: query.from, to: query.to, venueIds: venues.map((v) => v.id), rows },
          },
          tables: [{ sheet: '出欠', columns: COLUMNS, rows: attendanceRows(snapshot, venues, range) }],
          extraSheets: (workbook, usedNames, abandoned) =>
            writeSummarySheets(workbook, usedNames, abandoned, snapshot, venues, range, query),
        };
      },
      this.options,
    );
  }
}

/** The rows, venue by venue (venues by name), read lazily from the snapshot. */
async function* attendanceRows(snapshot: ReadSnapshot, venues: VenueRow[], range: InstantRange): AsyncGenerator<Cell[][]> {
  for (const venue of venues) {
    for await (const batch of attendanceRowBatches(snapshot, venue.id, range)) {
      yield batch.map(([date, name, kana, mode, minutes]) => [venue.name, date, name, kana, ExportModeLabels[mode], minutes]);
    }
  }
}

/**
 * One sheet per venue: a row per month of the period, then the period as a whole (実人数 there is not a sum of
 * months). Counted venue by venue, yielding to the event loop between venues: one GROUP BY over every venue of a
 * large organisation holds the thread for a few hundred milliseconds, one venue's for a few.
 */
async function writeSummarySheets(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  usedNames: Set<string>,
  abandoned: () => boolean,
  snapshot: ReadSnapshot,
  venues: VenueRow[],
  range: InstantRange,
  query: ExportQuery,
): Promise<void> {
  const months = monthsBetween(query.from.slice(0, 7), query.to.slice(0, 7));
  for (const venue of venues) {
    await nextTurn();
    if (abandoned()) return;
    const monthly = await venueCounts(snapshot, [venue.id], range, 'month');
    const whole = await venueCounts(snapshot, [venue.id], range, 'range');
    if (abandoned()) return;
    const sheet = workbook.addWorksheet(uniqueSheetName(`集計_${venue.name}`, usedNames), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = SUMMARY_HEADERS.map((header, i) => ({ header, width: i === 0 ? 10 : 12 }));
    sheet.getRow(1).font = { bold: true };
    for (const month of months) sheet.addRow(summaryRow(month, monthly.get(venue.id, month))).commit();
    const total = sheet.addRow(summaryRow('期間計', whole.get(venue.id)));
    total.font = { bold: true };
    total.commit();
    sheet.addRow([]).commit();
    sheet.addRow([`期間: ${query.from} 〜 ${query.to}（日付は日本時間）`]).commit();
    sheet.addRow(['期間計の実人数は期間中の重複を除いた人数です（各月の合計ではありません）。']).commit();
    sheet.commit();
  }
}

function summaryRow(label: string, { sessionsHeld, attendances: a, participants: p }: Counts): (string | number)[] {
  return [label, sessionsHeld, a.total, a.venue, a.online, a.phone, p.total, p.venue, p.online, p.phone];
}
