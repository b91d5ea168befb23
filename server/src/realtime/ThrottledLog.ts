import type { Logger } from '../core/logger';

/** Kinds are fixed strings of this module's callers, never taken from a message, so the map stays small. */
export type ThrottledKind =
  | 'unknown-event'
  | 'no-acknowledgement'
  | 'invalid-payload'
  | 'rate-limited'
  | 'flood'
  | 'strikes'
  | 'join-deadline'
  | 'handshake-origin'
  | 'handshake-rate'
  | 'socket-error'
  | 'staff-socket-message'
  | 'connection-error'
  | 'ack-failed'
  | 'request-failed'
  | 'internal';

/**
 * Writes at most one line per kind per interval, however often it happens (a flood must not flood the log);
 * the next line written says how many were left out.
 */
export class ThrottledLog {
  private readonly lastWritten = new Map<ThrottledKind, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(kind: ThrottledKind, details: Record<string, unknown>, message: string): void {
    this.write('warn', kind, details, message);
  }

  error(kind: ThrottledKind, details: Record<string, unknown>, message: string): void {
    this.write('error', kind, details, message);
  }

  private write(level: 'warn' | 'error', kind: ThrottledKind, details: Record<string, unknown>, message: string): void {
    const now = this.now();
    const last = this.lastWritten.get(kind);
    if (last && now - last.at < this.intervalMs) {
      last.suppressed += 1;
      return;
    }
    this.lastWritten.set(kind, { at: now, suppressed: 0 });
    this.logger[level]({ ...details, kind, suppressedSinceLast: last?.suppressed ?? 0 }, message);
  }
}
