import type { RoomRegistry } from '../call/RoomRegistry';
import type { Logger } from '../logger';
import type { AttendanceService } from './service';

const HEARTBEAT_MS = 30_000;

/**
 * Records online attendance from the call itself: every peer of a participant that joins opens a
 * connection stretch, and its leaving closes it. Reconnects add stretches to the same row.
 */
export class AttendanceRecorder {
  private readonly timer: NodeJS.Timeout;

  constructor(rooms: RoomRegistry, attendance: AttendanceService, logger: Logger) {
    const closed = attendance.closeStaleConnections();
    if (closed > 0) logger.info({ closed }, 'closed call connections left open by the previous run');
    rooms.on('roomCreated', (room) => {
      const openConnections = new Map<object, string>();
      room.on('peerJoined', (peer) => {
        if (peer.participantId) openConnections.set(peer, attendance.connectionOpened(room.sessionId, peer.participantId, peer.joinedAt));
      });
      room.on('peerLeft', (peer) => {
        const connectionId = openConnections.get(peer);
        if (!connectionId) return;
        openConnections.delete(peer);
        attendance.connectionClosed(connectionId, new Date());
      });
    });
    this.timer = setInterval(() => attendance.touchOpenConnections(new Date()), HEARTBEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
