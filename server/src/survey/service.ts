import { setImmediate as nextTurn } from 'node:timers/promises';
import { japanMonthRange, lastDayOf, monthsBetween } from '@shared/japanTime';
import type { SurveyQuery } from '@shared/survey/schemas';
import { VENUE_ACTIVITY_LABELS, VENUE_OPERATOR_LABELS, VENUE_PLACE_LABELS } from '@shared/venues/surveyCategories';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { oneBatch, openExport, type Cell, type ExportColumn, type ExportFile, type ExportFormat } from '../reports/fileExport';
import { SEX_AGE_KEYS, surveyFigures, type SurveyFigures } from './figures';
import { surveyReader, type SurveyReader, type SurveyVenue } from './queries';

/** The report's one table: a row per venue and period (the survey month, then its fiscal year to that month). */
export const SURVEY_COLUMNS: ExportColumn[] = [
  { header: '会場', width: 24 },
  { header: '運営主体', width: 18 },
  { header: '場所', width: 22 },
  { header: '主な活動', width: 14 },
  { header: '活動（すべて）', width: 30 },
  { header: '期間', width: 8 },
  { header: '開始日', width: 12, date: true },
  { header: '終了日', width: 12, date: true },
  { header: '開催回数', width: 10 },
  { header: '開催頻度', width: 18 },
  { header: '1回あたり参加者数（平均）', width: 14 },
  { header: '1回あたり参加者数の区分', width: 14 },
  { header: '1回あたり参加者数（平均・オンラインを除く）', width: 14 },
  { header: '1回あたり参加者数の区分（オンラインを除く）', width: 14 },
  { header: '延べ人数（会場）', width: 12 },
  { header: '延べ人数（オンライン）', width: 12 },
  { header: '延べ人数（電話）', width: 12 },
  { header: '参加者実人数（計）', width: 12 },
  { header: '実人数（会場）', width: 12 },
  { header: '実人数（オンライン）', width: 12 },
  { header: '実人数（電話）', width: 12 },
  { header: '実人数（オンラインのみ）', width: 12 },
  ...SEX_AGE_KEYS.map((key) => ({ header: `実人数 ${key}`, width: 12 })),
  ...SEX_AGE_KEYS.map((key) => ({ header: `オンラインのみ ${key}`, width: 12 })),
];

/** How the figures are counted: the XLSX's second sheet (the CSV is the table alone). */
export const SURVEY_NOTES = [
  '介護予防・日常生活支援総合事業 実施状況調査（通いの場）のための集計です。',
  '期間: 「調査月」はその月、「年度」は4月1日から調査月の末日まで（日付は日本時間）。',
  '開催回数: 行われた回だけを数えます（中止した回、まだ行われていない回は数えません）。',
  '開催頻度: 期間の1か月あたりの開催回数で決めます。4回以上「週1回以上」、2回以上「月2回以上4回未満」、1回以上「月1回以上2回未満」、1回未満「月1回未満」。',
  '1回あたり参加者数: 延べ人数を開催回数で割り、四捨五入した人数で区分します（1〜20人、21〜40人、…、101人以上）。オンラインを除く値も並べています。',
  '年齢: 調査月の年から生まれ年を引いた年齢（その年の誕生日の後の年齢）。生まれ年のない人は「年齢不明」です。',
  '会場・オンライン・電話の参加は別の列です。「オンラインのみ」は期間中の参加がすべてオンラインだった人で、国への報告で含めるかどうかを選べるよう分けています。',
];

/** The fiscal year (April to March) of a month, from April to that month. */
export function fiscalMonths(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return monthsBetween(`${m >= 4 ? year : year - 1}-04`, month);
}

/** The national survey's report (通いの場) per venue, as CSV or XLSX, on one read snapshot, audited. */
export class SurveyService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly options: { stallTimeoutMs?: number } = {},
  ) {}

  async open(user: AuthUser, query: SurveyQuery, format: ExportFormat, now = new Date()): Promise<ExportFile> {
    const venueIds = this.permissions.scopeVenues(user, query.venueIds);
    return await openExport(
      this.db,
      format,
      async (snapshot) => {
        const reader = surveyReader(snapshot.db);
        const venues = await reader.venues(venueIds);
        const rows: Cell[][] = [];
        for (const venue of venues) {
          await nextTurn();
          rows.push(...(await venueRows(reader, venue, query.month, now)));
        }
        return {
          basename: `通いの場調査_${query.month}`,
          rows: rows.length,
          audit: {
            organisationId: user.organisationId,
            actorUserId: user.id,
            action: 'survey.export',
            entityType: 'export',
            entityId: newId('exp'),
            after: { format, month: query.month, venueIds: venues.map((v) => v.id), rows: rows.length },
          },
          tables: [{ sheet: '通いの場', columns: SURVEY_COLUMNS, rows: oneBatch(rows) }],
          extraSheets: async (workbook) => {
            const sheet = workbook.addWorksheet('説明');
            sheet.columns = [{ width: 120 }];
            for (const line of SURVEY_NOTES) sheet.addRow([line]).commit();
            sheet.commit();
            await Promise.resolve();
          },
        };
      },
      this.options,
    );
  }
}

/** The venue's two rows: the survey month, then the fiscal year from April to it. */
async function venueRows(reader: SurveyReader, venue: SurveyVenue, month: string, now: Date): Promise<Cell[][]> {
  const referenceYear = Number(month.slice(0, 4));
  const year = fiscalMonths(month);
  const periods = [
    { label: '調査月', first: month },
    { label: '年度', first: year[0]! },
  ];
  const facts = await reader.attendance(venue.id, japanMonthRange(year[0]!, month));
  return Promise.all(
    periods.map(async ({ label, first }) => {
      const range = japanMonthRange(first, month);
      const held = (await reader.heldSessions(venue.id, range, now)).map((s) => s.id);
      const months = monthsBetween(first, month).length;
      return [
        ...venueCells(venue),
        label,
        `${first}-01`,
        lastDayOf(month),
        ...figureCells(surveyFigures(held, facts, months, referenceYear)),
      ];
    }),
  );
}

function venueCells(venue: SurveyVenue): Cell[] {
  return [
    venue.name,
    venue.operator ? VENUE_OPERATOR_LABELS[venue.operator] : null,
    venue.place ? VENUE_PLACE_LABELS[venue.place] : null,
    venue.mainActivity ? VENUE_ACTIVITY_LABELS[venue.mainActivity] : null,
    venue.activities.map((a) => VENUE_ACTIVITY_LABELS[a]).join('、') || null,
  ];
}

function figureCells(f: SurveyFigures): Cell[] {
  const p = f.participants;
  return [
    f.sessionsHeld,
    f.frequency,
    f.averagePerSession,
    f.sizeBand,
    f.averageWithoutOnline,
    f.sizeBandWithoutOnline,
    f.attendances.venue,
    f.attendances.online,
    f.attendances.phone,
    p.total,
    p.venue,
    p.online,
    p.phone,
    p.onlineOnly,
    ...f.bySexAge,
    ...f.onlineOnlyBySexAge,
  ];
}
