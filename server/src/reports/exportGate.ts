import type { Readable } from 'node:stream';
import { RetryLaterError } from '../core/errors';

export interface ExportGateLimits {
  /** Exports running at once on the whole server. */
  total: number;
  /** Exports running at once per user. */
  perUser: number;
  /** What a refused client is told to wait (Retry-After). */
  retryAfterSeconds: number;
}

/**
 * A ceiling on exports running at once (attendance and wellbeing, every format), server-wide and per user. An
 * export holds its read snapshot and a share of the CPU until its last byte is sent, so past the ceiling a new
 * one is refused with RATE_LIMITED (429, Retry-After) instead of slowing everyone's live calls.
 */
export class ExportGate {
  private running = 0;
  private readonly byUser = new Map<string, number>();

  constructor(private readonly limits: ExportGateLimits) {}

  /**
   * Runs `open` in a slot of `userId`'s and keeps the slot until the file's stream closes (sent, failed or
   * abandoned by the client). Throws RATE_LIMITED when no slot is free; a failing `open` frees its slot.
   */
  async run<T extends { stream: Readable }>(userId: string, open: () => Promise<T>): Promise<T> {
    const release = this.enter(userId);
    try {
      const file = await open();
      file.stream.once('close', release);
      return file;
    } catch (error) {
      release();
      throw error;
    }
  }

  private enter(userId: string): () => void {
    const mine = this.byUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser) {
      throw new RetryLaterError(
        'RATE_LIMITED',
        `You already have ${mine} export running; wait until it has downloaded`,
        this.limits.retryAfterSeconds * 1000,
      );
    }
    if (this.running >= this.limits.total) {
      throw new RetryLaterError(
        'RATE_LIMITED',
        `${this.running} exports are running on the server; try again shortly`,
        this.limits.retryAfterSeconds * 1000,
      );
    }
    this.running++;
    this.byUser.set(userId, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    };
  }
}
