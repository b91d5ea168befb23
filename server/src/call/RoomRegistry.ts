import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../core/logger';
import { mediaCodecs } from './mediaConfig';
import { Room } from './Room';
import type { WorkerPool } from './WorkerPool';

/**
 * The live rooms, one per session. Creation goes through one promise per session so that two
 * devices joining at once share a room; a closed room is forgotten at once.
 */
export class RoomRegistry extends EventEmitter<{ roomCreated: [room: Room] }> {
  private readonly rooms = new Map<string, Promise<Room>>();
  private capabilities: Promise<types.RtpCapabilities> | undefined;
  /** Multi-node (server/src/cluster): throws WrongNodeError when another node serves the session. */
  private admit: (sessionId: string) => Promise<void> = async () => undefined;
  /** Multi-node: the same answer without placing the session (a page that follows a session without joining it). */
  private locate: (sessionId: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly pool: WorkerPool,
    private readonly logger: Logger,
  ) {
    super();
  }

  /**
   * Multi-node: every getOrCreate asks `admit` first (ClusterNode places the session); `servedHere` asks `locate`
   * (whether another node holds the session now).
   */
  gateWith(admit: (sessionId: string) => Promise<void>, locate: (sessionId: string) => Promise<void>): void {
    this.admit = admit;
    this.locate = locate;
  }

  /**
   * Throws WrongNodeError when another node holds the session now; places nothing (a caption writer's page may open
   * before any device joins: the session is placed by the first join, and the writer follows at its next line).
   */
  async servedHere(sessionId: string): Promise<void> {
    await this.locate(sessionId);
  }

  async getOrCreate(sessionId: string): Promise<Room> {
    await this.admit(sessionId);
    const existing = this.rooms.get(sessionId);
    if (existing) {
      const room = await existing;
      if (!room.closed) return room;
    }
    const creating = this.pool.pick().then((worker) => Room.create(sessionId, worker, this.logger));
    this.rooms.set(sessionId, creating);
    try {
      const room = await creating;
      room.once('closed', () => {
        if (this.rooms.get(sessionId) === creating) this.rooms.delete(sessionId);
      });
      this.emit('roomCreated', room);
      return room;
    } catch (error) {
      this.rooms.delete(sessionId);
      throw error;
    }
  }

  /**
   * The router capabilities a device needs before joining this session (the lobby's `call:prepare`): its room's
   * when it is open; otherwise those of a router made once for this and closed at once (every router has the
   * same media codecs, so the same capabilities). No room is made for someone who may never join.
   */
  async rtpCapabilities(sessionId: string): Promise<types.RtpCapabilities> {
    const room = await this.find(sessionId).catch(() => undefined);
    if (room) return room.rtpCapabilities;
    const reading = (this.capabilities ??= this.pool.pick().then(async ({ worker }) => {
      const router = await worker.createRouter({ mediaCodecs });
      const capabilities = router.rtpCapabilities;
      router.close();
      return capabilities;
    }));
    reading.catch(() => {
      if (this.capabilities === reading) this.capabilities = undefined;
    });
    return reading;
  }

  async find(sessionId: string): Promise<Room | undefined> {
    const room = await this.rooms.get(sessionId);
    return room && !room.closed ? room : undefined;
  }

  async list(): Promise<Room[]> {
    const rooms = await Promise.all(this.rooms.values());
    return rooms.filter((room) => !room.closed);
  }

  async closeAll(): Promise<void> {
    for (const room of await this.list()) room.close();
  }
}
