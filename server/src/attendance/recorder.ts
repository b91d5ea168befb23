import type { RoomRegistry } from '../call/RoomRegistry';
import type { Logger } from '../core/logger';
import { newId } from '../db/ids';
import type { NodeFilter } from '../db/nodes';
import type { CallFactQueue } from './callFactQueue';

const HEARTBEAT_MS = 30_000;

/**
 * Records online and phone attendance from the call itself: every peer of a participant that joins opens a
 * connection stretch, and its leaving closes it. Reconnects add stretches to the same row.
 * The facts keep the moment they happened but are written in batches, after the join has been answered.
 */
export class AttendanceRecorder {
  private readonly timer: NodeJS.Timeout;

  /**
   * At start, before any room opens: stretches the previous run left open are closed first; `stale` says whose
   * (a node of a cluster: only its own, never a live node's; a server alone: all, the default).
   */
  static async start(rooms: RoomRegistry, queue: CallFactQueue, logger: Logger, stale: NodeFilter = {}): Promise<AttendanceRecorder> {
    const closed = await queue.closeStaleConnections(stale);
    if (closed > 0) logger.info({ closed }, 'closed call connections left open by the previous run');
    return new AttendanceRecorder(rooms, queue);
  }

  private constructor(
    rooms: RoomRegistry,
    private readonly queue: CallFactQueue,
  ) {
    rooms.on('roomCreated', (room) => {
      const openConnections = new Map<object, string>();
      room.on('peerJoined', (peer) => {
        if (!peer.participantId) return;
        const connectionId = newId('con');
        openConnections.set(peer, connectionId);
        const mode = peer.kind === 'phone' ? 'phone' : 'online';
        this.queue.push({
          kind: 'opened',
          connectionId,
          sessionId: room.sessionId,
          participantId: peer.participantId,
          at: peer.joinedAt,
          mode,
        });
      });
      room.on('peerLeft', (peer) => {
        const connectionId = openConnections.get(peer);
        if (!connectionId) return;
        openConnections.delete(peer);
        this.queue.push({ kind: 'closed', connectionId, at: new Date() });
      });
    });
    this.timer = setInterval(() => this.queue.push({ kind: 'seen', at: new Date() }), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** No more heartbeats. (The queue's owner stops it: leaves that still arrive while rooms close are written at once.) */
  stop(): void {
    clearInterval(this.timer);
  }
}
