import { sql, type SQL } from 'drizzle-orm';
import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { SKIPPED, type CheckinAnswers } from '@shared/checkins/schemas';
import type { ExportQuery } from '@shared/reports/schemas';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { byCodePoint, japanDateOf } from '../db/dialect';
import { newId } from '../db/ids';
import {
  mapBatches,
  openExport,
  sumInTurns,
  type Cell,
  type ExportColumn,
  type ExportFile,
  type ExportFormat,
} from '../reports/fileExport';
import { japanDateRange, type InstantRange } from '@shared/japanTime';
import { BY_SESSION_THEN_KANA, countRows, inVenues, timeIn, venuesByName, type VenueRow } from '../reports/queries';
import type { ReadSnapshot } from '../reports/snapshot';
import { flaggedDomains } from './questionnaires';
import type { CheckinService } from './service';

const CHECKIN_FROM = sql`
  from sessions s
  join checkins c on c.session_id = s.id
  join participants p on p.id = c.participant_id`;

/** Questionnaires of the venues' members, by when they were completed. */
const questionnaireFrom = (venueIds: readonly string[], range: InstantRange) => sql`
  from questionnaire_responses q
  join participants p on p.id = q.participant_id
  where q.participant_id in (select m.participant_id from venue_members m where ${inVenues('m.venue_id', venueIds)})
    and ${timeIn('q.completed_at', range)}`;

const PERSON_COLUMNS: ExportColumn[] = [
  { header: '日付', width: 12, date: true },
  { header: '氏名', width: 18 },
  { header: 'ふりがな', width: 20 },
];

/**
 * Wellbeing answers of a period for the organiser, as CSV or XLSX, audited like every wellbeing export. One table
 * per file, so that Excel opens each as one list: the check-ins (one row per check-in: venue, date, name, each
 * question's answer in Japanese, 困りごと), and, in a file of their own, the frailty questionnaires completed in the
 * period (each item's answer and the flagged domains). The questions are the organisation's current set.
 */
export class WellbeingExportService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly checkins: CheckinService,
  ) {}

  /** The check-ins of the period: one row each. */
  async open(user: AuthUser, query: ExportQuery, format: ExportFormat): Promise<ExportFile> {
    const venueIds = this.permissions.scopeVenues(user, query.venueIds);
    const range = japanDateRange(query.from, query.to);
    const questions = await this.checkins.questionsOf(user.organisationId);
    return await openExport(this.db, format, async (snapshot) => {
      const venues = await venuesByName(snapshot, venueIds);
      const checkins = await sumInTurns(venues, (venue) =>
        countRows(snapshot, sql`${CHECKIN_FROM} where ${inVenues('s.venue_id', [venue.id])} and ${timeIn('s.starts_at', range)}`),
      );
      return {
        basename: `チェックイン_${query.from}_${query.to}`,
        rows: checkins,
        audit: this.audit(user, query, format, venues, { checkins }),
        tables: [
          {
            sheet: 'チェックイン',
            columns: [
              { header: '会場', width: 24 },
              ...PERSON_COLUMNS,
              ...questions.map((q) => ({ header: q.label.ja, width: 16 })),
              { header: '困りごと', width: 14 },
              { header: '記入', width: 8 },
            ],
            rows: checkinRows(snapshot, venues, range, questions),
          },
        ],
      };
    });
  }

  /** The frailty questionnaires of the venues' members completed in the period: one row each. */
  async openQuestionnaires(user: AuthUser, query: ExportQuery, format: ExportFormat): Promise<ExportFile> {
    const venueIds = this.permissions.scopeVenues(user, query.venueIds);
    const range = japanDateRange(query.from, query.to);
    return await openExport(this.db, format, async (snapshot) => {
      const venues = await venuesByName(snapshot, venueIds);
      // One query: a person may belong to several venues; questionnaires are a few per person and year.
      const questionnaires = await countRows(snapshot, questionnaireFrom(venueIds, range));
      return {
        basename: `質問票_${query.from}_${query.to}`,
        rows: questionnaires,
        audit: this.audit(user, query, format, venues, { questionnaires }),
        tables: [
          {
            sheet: '質問票',
            columns: [
              ...PERSON_COLUMNS,
              { header: '記入', width: 8 },
              ...FRAILTY_ITEMS.map((i) => ({ header: `問${i.number}（${i.domain}）`, width: 14 })),
              { header: '該当する領域', width: 30 },
            ],
            rows: questionnaireRows(snapshot, venueIds, range),
          },
        ],
      };
    });
  }

  private audit(user: AuthUser, query: ExportQuery, format: ExportFormat, venues: VenueRow[], counts: Record<string, number>) {
    return {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'wellbeing.export',
      entityType: 'export',
      entityId: newId('exp'),
      after: { format, from: query.from, to: query.to, venueIds: venues.map((v) => v.id), ...counts },
    };
  }
}

/** date, name, kana, answers (JSON text), trouble, handled, byHost: 0/1 on SQLite, booleans on PostgreSQL. */
type CheckinExportRow = [date: string, name: string, kana: string, answers: string, trouble: unknown, handled: unknown, byHost: unknown];

/** A JSON column as its text on both databases (PostgreSQL's jsonb would come parsed). */
const jsonText = (name: string): SQL => sql.raw(`cast(${name} as text)`);

/** Venue by venue (by name), session by session, people by kana; read lazily. */
async function* checkinRows(
  snapshot: ReadSnapshot,
  venues: VenueRow[],
  range: InstantRange,
  questions: CheckinQuestion[],
): AsyncGenerator<Cell[][]> {
  for (const venue of venues) {
    const batches = snapshot.batches<CheckinExportRow>(sql`
      select ${japanDateOf(sql.raw('s.starts_at'))}, p.display_name, p.kana, ${jsonText('c.answers')}, c.trouble,
        c.trouble_handled_at is not null, c.recorded_by_user_id is not null
      ${CHECKIN_FROM}
      where s.venue_id = ${venue.id} and ${timeIn('s.starts_at', range)}
      ${BY_SESSION_THEN_KANA}`);
    yield* mapBatches(batches, ([date, name, kana, answersJson, trouble, handled, byHost]): Cell[] => {
      const answers = JSON.parse(answersJson) as CheckinAnswers;
      return [
        venue.name,
        date,
        name,
        kana,
        ...questions.map((q) => answerLabel(q, answers[q.key])),
        trouble ? (handled ? 'あり（対応済み）' : 'あり') : '',
        byHost ? '世話役' : '本人',
      ];
    });
  }
}

/** The answer's Japanese label; スキップ when skipped, empty when the question was added after the check-in. */
function answerLabel(question: CheckinQuestion, answer: string | undefined): string {
  if (answer === undefined) return '';
  if (answer === SKIPPED) return 'スキップ';
  return question.answers.find((a) => a.key === answer)?.label.ja ?? answer;
}

/** date, name, kana, answers and flagged items (JSON text), byHost. */
type QuestionnaireExportRow = [date: string, name: string, kana: string, answers: string, flaggedItems: string, byHost: unknown];

function questionnaireRows(snapshot: ReadSnapshot, venueIds: string[], range: InstantRange): AsyncIterable<Cell[][]> {
  const batches = snapshot.batches<QuestionnaireExportRow>(sql`
    select ${japanDateOf(sql.raw('q.completed_at'))}, p.display_name, p.kana, ${jsonText('q.answers')},
      ${jsonText('q.flagged_items')}, q.completed_by_user_id is not null
    ${questionnaireFrom(venueIds, range)}
    order by q.completed_at, ${byCodePoint(sql.raw('p.kana'))}, ${byCodePoint(sql.raw('q.id'))}`);
  return mapBatches(batches, ([date, name, kana, answersJson, flaggedJson, byHost]): Cell[] => {
    const answers = JSON.parse(answersJson) as Record<string, string>;
    const domains = flaggedDomains(JSON.parse(flaggedJson) as number[]);
    return [date, name, kana, byHost ? '世話役' : '本人', ...FRAILTY_ITEMS.map((i) => answers[String(i.number)] ?? ''), domains.join('、')];
  });
}
