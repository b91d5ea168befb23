import { and, eq, isNull, or, gte } from 'drizzle-orm';
import { inList } from '../db/dialect';
import { addDays, japanInstant, japanToday } from '@shared/japanTime';
import type { Db } from '../db/client';
import { participantPauses } from '../db/schema';

/** A participant's pause (入院 …) as an interval of instants: [from, to), `to` undefined while it has no end. */
export interface PauseInterval {
  from: number;
  to: number | undefined;
}

type PauseRow = typeof participantPauses.$inferSelect;

/** Where a pause ends: when they came back, or at the end of its last day (Japan time), whichever is first. */
export function pauseInterval(row: Pick<PauseRow, 'startedAt' | 'until' | 'endedAt'>): PauseInterval {
  const untilEnd = row.until ? japanInstant(addDays(row.until, 1), '00:00').getTime() : undefined;
  const ended = row.endedAt?.getTime();
  const to = ended === undefined ? untilEnd : untilEnd === undefined ? ended : Math.min(ended, untilEnd);
  return { from: row.startedAt.getTime(), to };
}

export const duringPause = (pauses: readonly PauseInterval[], at: Date) =>
  pauses.some((p) => at.getTime() >= p.from && (p.to === undefined || at.getTime() < p.to));

/** Every pause of these people, as intervals, by participant. */
export async function pausesOf(db: Pick<Db, 'select'>, participantIds: readonly string[]): Promise<Map<string, PauseInterval[]>> {
  const byParticipant = new Map<string, PauseInterval[]>();
  if (participantIds.length === 0) return byParticipant;
  const rows = await db.select().from(participantPauses).where(inList(participantPauses.participantId, participantIds));
  for (const row of rows) {
    const list = byParticipant.get(row.participantId) ?? [];
    list.push(pauseInterval(row));
    byParticipant.set(row.participantId, list);
  }
  return byParticipant;
}

/** The pause under way now (not ended, its last day not passed), if any. */
export async function currentPause(db: Pick<Db, 'select'>, participantId: string, now: Date): Promise<PauseRow | undefined> {
  return (
    await db
      .select()
      .from(participantPauses)
      .where(
        and(
          eq(participantPauses.participantId, participantId),
          isNull(participantPauses.endedAt),
          or(isNull(participantPauses.until), gte(participantPauses.until, japanToday(now))),
        ),
      )
      .limit(1)
  )[0];
}
