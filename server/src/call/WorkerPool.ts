import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../core/config';
import type { Logger } from '../core/logger';

export interface PooledWorker {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
}

const RESTART_DELAYS_MS = [200, 1000, 3000, 10_000];

/**
 * One mediasoup worker per slot (by default one per CPU core), each with a WebRtcServer on its own
 * UDP+TCP port (`config.port + index`). A worker that dies is replaced on the same port, and
 * `workerDied` tells the owner which rooms lost their router.
 */
export class WorkerPool extends EventEmitter<{ workerDied: [index: number]; workerReplaced: [index: number] }> {
  private readonly slots: (PooledWorker | undefined)[];
  private next = 0;
  private closed = false;

  private constructor(
    private readonly config: MediaConfig,
    private readonly logger: Logger,
  ) {
    super();
    this.slots = Array.from({ length: config.workers }, () => undefined);
  }

  static async start(config: MediaConfig, logger: Logger): Promise<WorkerPool> {
    const pool = new WorkerPool(config, logger);
    for (let index = 0; index < config.workers; index++) pool.slots[index] = await pool.startWorker(index);
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Round-robin over the workers that are alive. While every worker is being replaced (one worker
   * that just died), waits for a replacement rather than failing the join.
   */
  async pick(timeoutMs = 10_000): Promise<PooledWorker> {
    const alive = this.pickAlive();
    if (alive) return alive;
    if (this.closed) throw new Error('The worker pool is closed');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('workerReplaced', onReplaced);
        reject(new Error('No mediasoup worker came back in time'));
      }, timeoutMs);
      const onReplaced = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('workerReplaced', onReplaced);
    });
    return this.pick(timeoutMs);
  }

  private pickAlive(): PooledWorker | undefined {
    for (let tries = 0; tries < this.slots.length; tries++) {
      const slot = this.slots[this.next];
      this.next = (this.next + 1) % this.slots.length;
      if (slot) return slot;
    }
    return undefined;
  }

  get(index: number): PooledWorker | undefined {
    return this.slots[index];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) slot?.worker.close();
    this.slots.fill(undefined);
  }

  private async startWorker(index: number): Promise<PooledWorker> {
    const worker = await mediasoup.createWorker({ logLevel: this.config.logLevel });
    const port = this.config.port + index;
    const listen = { ip: this.config.listenIp, announcedIp: this.config.announcedIp, port };
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ...listen },
          { protocol: 'tcp', ...listen },
        ],
      });
    } catch (error) {
      worker.close();
      throw new Error(`Cannot listen for media on ${this.config.listenIp}:${port} (udp+tcp): ${String(error)}`, { cause: error });
    }
    worker.on('died', (error) => this.onWorkerDied(index, error));
    this.logger.info({ index, pid: worker.pid, port }, 'mediasoup worker started');
    return { index, worker, webRtcServer };
  }

  private onWorkerDied(index: number, error: Error): void {
    this.logger.error({ index, err: error }, 'mediasoup worker died; replacing it');
    this.slots[index] = undefined;
    this.emit('workerDied', index);
    void this.replaceWorker(index, 0);
  }

  private async replaceWorker(index: number, attempt: number): Promise<void> {
    if (this.closed) return;
    try {
      this.slots[index] = await this.startWorker(index);
      this.emit('workerReplaced', index);
    } catch (error) {
      const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)];
      this.logger.error({ index, err: error, retryInMs: delay }, 'could not restart mediasoup worker');
      setTimeout(() => void this.replaceWorker(index, attempt + 1), delay).unref();
    }
  }
}
