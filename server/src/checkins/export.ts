import type Database from 'better-sqlite3';
import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { SKIPPED, type CheckinAnswers } from '@shared/checkins/schemas';
import type { ExportQuery } from '@shared/reports/schemas';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { openExport, sumInTurns, type Cell, type ExportColumn, type ExportFile, type ExportFormat } from '../reports/fileExport';
import { japanDateRange, type InstantRange } from '@shared/japanTime';
import { IN_VENUES, inRange, japanDateOf, venuesByName, type VenueRow } from '../reports/queries';
import { flaggedDomains } from './questionnaires';
import type { CheckinService } from './service';

const CHECKIN_FROM = `
  FROM sessions s
  JOIN checkins c ON c.session_id = s.id
  JOIN participants p ON p.id = c.participant_id`;

/** Questionnaires of the venues' members, by when they were completed. */
const QUESTIONNAIRE_FROM = `
  FROM questionnaire_responses q
  JOIN participants p ON p.id = q.participant_id
  WHERE q.participant_id IN (SELECT participant_id FROM venue_members WHERE venue_id ${IN_VENUES})
    AND q.completed_at >= :fromMs AND q.completed_at < :toMs`;

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
      const venues = venuesByName(snapshot, venueIds);
      const checkins = await sumInTurns(venues, (venue) =>
        count(
          snapshot,
          `${CHECKIN_FROM} WHERE s.venue_id ${IN_VENUES} AND s.starts_at >= :fromMs AND s.starts_at < :toMs`,
          [venue.id],
          range,
        ),
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
    return await openExport(this.db, format, (snapshot) => {
      const venues = venuesByName(snapshot, venueIds);
      // One query: a person may belong to several venues; questionnaires are a few per person and year.
      const questionnaires = count(snapshot, QUESTIONNAIRE_FROM, venueIds, range);
      return Promise.resolve({
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
      });
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

function count(snapshot: Database.Database, from: string, ids: readonly string[], range: InstantRange): number {
  return snapshot.prepare<ReturnType<typeof inRange>, { n: number }>(`SELECT COUNT(*) AS n ${from}`).get(inRange(ids, range))?.n ?? 0;
}

interface CheckinExportRow {
  date: string;
  name: string;
  kana: string;
  answers: string;
  trouble: number;
  handled: number;
  byHost: number;
}

/** Venue by venue (by name), session by session, people by kana; read lazily. */
function* checkinRows(
  snapshot: Database.Database,
  venues: VenueRow[],
  range: InstantRange,
  questions: CheckinQuestion[],
): Generator<Cell[]> {
  const statement = snapshot.prepare<{ venueId: string; fromMs: number; toMs: number }, CheckinExportRow>(`
    SELECT ${japanDateOf('s.starts_at')} AS date, p.display_name AS name, p.kana AS kana, c.answers AS answers, c.trouble AS trouble,
      c.trouble_handled_at IS NOT NULL AS handled, c.recorded_by_user_id IS NOT NULL AS byHost
    ${CHECKIN_FROM}
    WHERE s.venue_id = :venueId AND s.starts_at >= :fromMs AND s.starts_at < :toMs
    ORDER BY s.starts_at, s.id, p.kana, p.id`);
  for (const venue of venues) {
    for (const row of statement.iterate({ venueId: venue.id, fromMs: range.fromMs, toMs: range.toMs })) {
      const answers = JSON.parse(row.answers) as CheckinAnswers;
      const trouble = row.trouble ? (row.handled ? 'あり（対応済み）' : 'あり') : '';
      yield [
        venue.name,
        row.date,
        row.name,
        row.kana,
        ...questions.map((q) => answerLabel(q, answers[q.key])),
        trouble,
        row.byHost ? '世話役' : '本人',
      ];
    }
  }
}

/** The answer's Japanese label; スキップ when skipped, empty when the question was added after the check-in. */
function answerLabel(question: CheckinQuestion, answer: string | undefined): string {
  if (answer === undefined) return '';
  if (answer === SKIPPED) return 'スキップ';
  return question.answers.find((a) => a.key === answer)?.label.ja ?? answer;
}

interface QuestionnaireExportRow {
  date: string;
  name: string;
  kana: string;
  answers: string;
  flaggedItems: string;
  byHost: number;
}

function* questionnaireRows(snapshot: Database.Database, venueIds: string[], range: InstantRange): Generator<Cell[]> {
  const statement = snapshot.prepare<ReturnType<typeof inRange>, QuestionnaireExportRow>(`
    SELECT ${japanDateOf('q.completed_at')} AS date, p.display_name AS name, p.kana AS kana, q.answers AS answers,
      q.flagged_items AS flaggedItems, q.completed_by_user_id IS NOT NULL AS byHost
    ${QUESTIONNAIRE_FROM}
    ORDER BY q.completed_at, p.kana, q.id`);
  for (const row of statement.iterate(inRange(venueIds, range))) {
    const answers = JSON.parse(row.answers) as Record<string, string>;
    const domains = flaggedDomains(JSON.parse(row.flaggedItems) as number[]);
    yield [
      row.date,
      row.name,
      row.kana,
      row.byHost ? '世話役' : '本人',
      ...FRAILTY_ITEMS.map((i) => answers[String(i.number)] ?? ''),
      domains.join('、'),
    ];
  }
}
