import type { CallStatus } from '../types';

/**
 * An immutable value plus listeners, shaped for React's `useSyncExternalStore`. The value is current at once; the
 * listeners are told at most once per frame, just before it is painted: a join changes the snapshot a dozen times in
 * as many tasks (the room, each consumer offered, each peer's update, each layer…), and `useSyncExternalStore` renders
 * the whole room synchronously on every notice, so on a slow tablet the renders, not the network, held back the
 * answers the server waits for (a consumer's acknowledgement, the next consumer's SDP). Told once per task, a join
 * still rendered the room ~12 times; once per frame, the messages that arrive while the page is busy share one render.
 */
export class SnapshotStore<T> {
  private readonly listeners = new Set<() => void>();
  private noticeQueued = false;
  private readonly nextFrame = newFrameQueue(() => this.notify());

  constructor(private snapshot: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): T => this.snapshot;

  /** Replaces the value; every listener hears of it once, before the next frame (with every other change until then). */
  set(next: T): void {
    this.snapshot = next;
    if (this.noticeQueued) return;
    this.noticeQueued = true;
    this.nextFrame();
  }

  clear(): void {
    this.listeners.clear();
  }

  private notify(): void {
    if (!this.noticeQueued) return; // the frame's and the fallback's, whichever came second
    this.noticeQueued = false;
    for (const listener of [...this.listeners]) listener();
  }
}

/** A hidden tab gets no frames: the listeners are told after this long all the same (timers there run once a second). */
const NO_FRAME_FALLBACK_MS = 100;

/**
 * Runs `run` before the next frame is painted (requestAnimationFrame), or after NO_FRAME_FALLBACK_MS when no frame
 * comes (a hidden tab); `run` is called for both and must ignore the second. Outside a browser (Node): in a new task.
 */
function newFrameQueue(run: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') return () => void setTimeout(run, 0);
  return () => {
    requestAnimationFrame(run);
    setTimeout(run, NO_FRAME_FALLBACK_MS);
  };
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
