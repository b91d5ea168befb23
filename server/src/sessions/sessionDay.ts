import { JST_OFFSET_MS } from '@shared/japanTime';
import type { SessionDaySettings } from '../core/config';

const MINUTE = 60_000;

/** The moments of one session's day, from its planned start and end and the settings. */
export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
}

/** Homes may join from this moment (some minutes before the start). */
export function joinOpensAt(session: SessionTimes, settings: SessionDaySettings): Date {
  return new Date(session.startsAt.getTime() - settings.joinOpensMinutes * MINUTE);
}

/** Homes may join until this moment (the planned end plus the grace period). */
export function joinClosesAt(session: SessionTimes, settings: SessionDaySettings): Date {
  return new Date(session.endsAt.getTime() + settings.joinGraceMinutes * MINUTE);
}

/** A session still live at this moment is ended by the server. */
export function autoEndAt(session: SessionTimes, settings: SessionDaySettings): Date {
  return new Date(session.endsAt.getTime() + settings.autoEndMinutes * MINUTE);
}

/** The lobby and the join answer name the time in Japan, e.g. 9:30. */
export function japanClockTime(instant: Date): string {
  const local = new Date(instant.getTime() + JST_OFFSET_MS);
  return `${local.getUTCHours()}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}
