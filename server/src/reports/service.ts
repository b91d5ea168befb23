import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Dashboard, MonthlyVenueStats, ParticipantPattern } from '@shared/reports/schemas';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { addMonths, japanMonth, japanMonthRange, monthsBetween } from '@shared/japanTime';
import { memberPatternRows, readerOf, venueCounts, venuesByName } from './queries';
import type { Reader } from './snapshot';

export const DASHBOARD_MONTHS = 12;

/** The organiser's numbers: monthly counts per venue, and who came to the last sessions. */
export class ReportService {
  private readonly reader: Reader;

  constructor(
    db: Db,
    private readonly permissions: Permissions,
  ) {
    this.reader = readerOf(db);
  }

  /**
   * The twelve months ending at `month` (default: this month in Japan), one row per venue and month,
   * zeros included, venues by name and months oldest first. The counting is one GROUP BY in SQL.
   */
  async dashboard(user: AuthUser, month?: string, venueIds?: string[], now = new Date()): Promise<Dashboard> {
    const last = month ?? japanMonth(now);
    const months = monthsBetween(addMonths(last, 1 - DASHBOARD_MONTHS), last);
    const venues = await venuesByName(this.reader, this.permissions.scopeVenues(user, venueIds));
    const range = japanMonthRange(months[0]!, last);
    const rows: MonthlyVenueStats[] = [];
    // A venue per turn of the event loop: one GROUP BY over a large organisation's year holds the thread for
    // a hundred milliseconds or more, and live calls share that thread.
    for (const venue of venues) {
      await nextTurn();
      const counts = await venueCounts(this.reader, [venue.id], range, 'month');
      rows.push(...months.map((m) => ({ venueId: venue.id, venueName: venue.name, month: m, ...counts.get(venue.id, m) })));
    }
    return { months, rows };
  }

  /**
   * Every member of the visible venues (or of `venueId`) with how they attended each of the venue's
   * last `sessions` held sessions, oldest first (null: did not come), so that whoever stopped coming stands out.
   */
  async participantPatterns(user: AuthUser, venueId?: string, sessions = 8): Promise<ParticipantPattern[]> {
    const venues = await venuesByName(this.reader, this.permissions.scopeVenues(user, venueId ? [venueId] : undefined));
    const patterns: ParticipantPattern[] = [];
    for (const venue of venues) {
      await nextTurn();
      patterns.push(...(await this.venuePatterns(venue.id, sessions)));
    }
    return patterns;
  }

  private async venuePatterns(venueId: string, sessions: number): Promise<ParticipantPattern[]> {
    const patterns: ParticipantPattern[] = [];
    let current: ParticipantPattern | undefined;
    for (const row of await memberPatternRows(this.reader, [venueId], sessions)) {
      if (current?.participantId !== row.participantId || current.venueId !== row.venueId) {
        current = {
          participantId: row.participantId,
          displayName: row.displayName,
          kana: row.kana,
          venueId: row.venueId,
          venueName: row.venueName,
          recent: [],
        };
        patterns.push(current);
      }
      if (row.sessionId && row.date) current.recent.push({ sessionId: row.sessionId, date: row.date, mode: row.mode });
    }
    return patterns;
  }
}
