import type { Logger } from '../core/logger';
import type { NodeFilter } from '../db/nodes';
import type { CallFact, CallFactWriter } from './callFacts';

export interface BatchOptions {
  /** A queued fact is written at most this long after it happened. */
  batchMs: number;
  /** This many queued facts are written at once, without waiting. */
  maxBatch: number;
}

export const DEFAULT_BATCH: BatchOptions = { batchMs: 100, maxBatch: 500 };

/**
 * Keeps attendance writes off the join and leave path: facts are queued as they happen and written in order,
 * one transaction (one fsync) per batch instead of one per join. A crash loses at most the last `batchMs`.
 * The recorder pushes what the call says; whoever reads presence or changes attendance flushes first
 * (AttendanceService and CheckinService are given the queue in their constructors).
 */
export class CallFactQueue {
  private queued: CallFact[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The batches being written, one after another (a batch never fails: see writeBatch). */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly writer: CallFactWriter,
    private readonly logger: Logger,
    private readonly options: BatchOptions = DEFAULT_BATCH,
  ) {}

  get pending(): number {
    return this.queued.length;
  }

  push(fact: CallFact): void {
    this.queued.push(fact);
    if (this.stopped || this.queued.length >= this.options.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.batchMs);
  }

  /** Writes everything queued, in order; resolves when it (and every batch before it) is written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued.length === 0) return this.writing;
    const batch = this.queued;
    this.queued = [];
    this.writing = this.writing.then(() => this.writeBatch(batch));
    return this.writing;
  }

  private async writeBatch(batch: CallFact[]): Promise<void> {
    try {
      await this.writer.writeAll(batch);
    } catch (error) {
      // One fact that cannot be written (say its participant was deleted meanwhile) must not lose the others.
      this.logger.warn({ err: error, facts: batch.length }, 'call attendance batch failed; writing its facts one by one');
      for (const failed of await this.writer.writeEach(batch))
        this.logger.error({ err: failed.error, fact: failed.fact }, 'call attendance fact not recorded');
    }
  }

  /** Stretches a run that ended left open (it crashed) are closed at the moment they were last seen (see the writer). */
  async closeStaleConnections(nodes: NodeFilter = {}): Promise<number> {
    await this.flush();
    return await this.writer.closeStaleConnections(nodes);
  }

  /** Writes what is queued; facts that still come (rooms closing at shutdown) are then written at once (await flush()). */
  stop(): Promise<void> {
    this.stopped = true;
    return this.flush();
  }
}
