import type { z } from 'zod';
import * as s from './schemas';

/** The staff pages' socket.io namespace (a signed-in staff cookie only); pages send nothing on it. */
export const STAFF_NAMESPACE = '/staff';

/** Notices to the staff pages of the session's venue (any node of a cluster sends them through the Redis adapter). */
export const staffNotices = {
  /** Someone pressed 「困りごとがある」 (handled: false), or a staff member pressed 対応した (handled: true). */
  'staff:trouble': s.StaffTrouble,
  /** A session's attendance changed: someone arrived (venue, online, telephone) or left the call. */
  'staff:attendance': s.SessionAttendanceCounts,
} as const;

export type StaffNotices = typeof staffNotices;
export type StaffNoticeName = keyof StaffNotices;
export type StaffNoticeOf<E extends StaffNoticeName> = z.output<StaffNotices[E]>;

export type StaffServerToClientEvents = { [E in StaffNoticeName]: (notice: StaffNoticeOf<E>) => void };
/** Staff pages only listen. */
export type StaffClientToServerEvents = Record<never, never>;
