import type { CallStatus } from '../types';

/**
 * An immutable value plus listeners, shaped for React's `useSyncExternalStore`. The value is current at once; the
 * listeners are told once per task, after it: a join changes the snapshot a dozen times in a row (the room, each
 * consumer offered, each peer's update…), and `useSyncExternalStore` renders synchronously on every notice, so on a
 * slow tablet the renders, not the network, held back the answers the server waits for (a consumer's
 * acknowledgement is sent after the consumer is made, and the next consumer is made only after the render).
 */
export class SnapshotStore<T> {
  private readonly listeners = new Set<() => void>();
  private noticeQueued = false;
  private readonly nextTask = newTaskQueue(() => this.notify());

  constructor(private snapshot: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): T => this.snapshot;

  /** Replaces the value; every listener hears of it once, in a task of its own after this one. */
  set(next: T): void {
    this.snapshot = next;
    if (this.noticeQueued) return;
    this.noticeQueued = true;
    this.nextTask();
  }

  clear(): void {
    this.listeners.clear();
  }

  private notify(): void {
    this.noticeQueued = false;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Runs `run` in a new task (a MessageChannel message: not clamped like nested timers, nor throttled to once a second
 * like timers in a hidden tab).
 */
function newTaskQueue(run: () => void): () => void {
  if (typeof MessageChannel === 'undefined') return () => void setTimeout(run, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = run;
  // Outside a browser (Node), a listening port would keep the process alive.
  (channel.port1 as { unref?: () => void }).unref?.();
  return () => channel.port2.postMessage(null);
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
