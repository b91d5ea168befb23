import type { CallStatus } from '../types';

/** An immutable value plus listeners, shaped for React's `useSyncExternalStore`. */
export class SnapshotStore<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private snapshot: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): T => this.snapshot;

  /** Replaces the value and tells every listener. */
  set(next: T): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  clear(): void {
    this.listeners.clear();
  }
}

const RECOVERED_NOTICE_MS = 4_000;

/** 「つながりました」: shown for a few seconds after the call came back from `reconnecting`. */
export class RecoveredNotice {
  private shown = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `onExpired` is called when the notice should disappear (rebuild the snapshot then). */
  constructor(private readonly onExpired: () => void) {}

  /** Follows one status change; returns whether the notice shows now. */
  follow(previous: CallStatus | undefined, status: CallStatus): boolean {
    if (previous === 'reconnecting' && status === 'connected') this.show();
    if (status !== 'connected') this.shown = false;
    return this.shown;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private show(): void {
    this.shown = true;
    this.dispose();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.shown = false;
      this.onExpired();
    }, RECOVERED_NOTICE_MS);
  }
}
