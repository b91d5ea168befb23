import { eq } from 'drizzle-orm';
import type { StaffNoticeName, StaffNoticeOf } from '@shared/staffLive/events';
import type { Room } from '../call/Room';
import type { Logger } from '../core/logger';
import type { Db } from '../db/client';
import { sessions } from '../db/schema';
import type { StaffLiveChanges } from './changes';
import { attendanceCounts, troubleOf } from './queries';

/** Sends a notice to the staff pages that may see a venue (realtime/staffSockets.ts: through every node). */
export interface StaffBroadcast {
  toVenue<E extends StaffNoticeName>(venueId: string, event: E, notice: StaffNoticeOf<E>): void;
}

export interface StaffLivePublisherDeps {
  db: Db;
  changes: StaffLiveChanges;
  rooms: { on(event: 'roomCreated', listener: (room: Room) => void): unknown };
  callFacts: { flush(): Promise<void> };
  broadcast: StaffBroadcast;
  logger: Logger;
  /** A session's joins and leaves within this time make one attendance notice (10:00: everyone at once). */
  attendanceDebounceMs?: number;
}

const ATTENDANCE_DEBOUNCE_MS = 300;

/**
 * Tells the staff pages what changed, from the node where it happened: a 困りごと asked or handled, and a session's
 * attendance counts after a host's mark or the call's joins and leaves (gathered per session, at most one notice
 * per session per debounce window: the Redis stream stays small when a whole city joins at 10:00).
 */
export class StaffLivePublisher {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly logger: Logger;

  constructor(private readonly deps: StaffLivePublisherDeps) {
    this.logger = deps.logger.child({ feature: 'staff-live' });
    deps.changes.on('trouble', (sessionId, participantId) => this.safely(this.sendTrouble(sessionId, participantId)));
    deps.changes.on('attendance', (sessionId) => this.attendanceChanged(sessionId));
    deps.rooms.on('roomCreated', (room) => {
      const changed = (peer: { participantId?: string | null }) => {
        if (peer.participantId) this.attendanceChanged(room.sessionId);
      };
      room.on('peerJoined', changed);
      room.on('peerLeft', changed);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private attendanceChanged(sessionId: string): void {
    if (this.stopped) return;
    this.pending.add(sessionId);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.safely(this.sendAttendance());
    }, this.deps.attendanceDebounceMs ?? ATTENDANCE_DEBOUNCE_MS);
    this.timer.unref();
  }

  private async sendTrouble(sessionId: string, participantId: string): Promise<void> {
    const trouble = await troubleOf(this.deps.db, sessionId, participantId);
    if (trouble && !this.stopped) this.deps.broadcast.toVenue(trouble.venueId, 'staff:trouble', trouble);
  }

  private async sendAttendance(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    await this.deps.callFacts.flush();
    const list = [];
    for (const id of ids) {
      const [row] = await this.deps.db.select({ venueId: sessions.venueId }).from(sessions).where(eq(sessions.id, id)).limit(1);
      if (row) list.push({ id, venueId: row.venueId });
    }
    for (const counts of await attendanceCounts(this.deps.db, list)) {
      if (!this.stopped) this.deps.broadcast.toVenue(counts.venueId, 'staff:attendance', counts);
    }
  }

  /** The change itself is committed already: a failure here is logged, never thrown back into the service. */
  private safely(work: Promise<void>): void {
    work.catch((error: unknown) => this.logger.error({ err: error }, 'a live notice to staff pages failed'));
  }
}
