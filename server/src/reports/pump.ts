import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Where an export's rows go, and how it tells that it is full. */
export interface RowSink<T> {
  /** The stream the client reads; destroyed when the client goes away. */
  out: Writable;
  write(row: T): void;
  /** True while the consumer cannot take more. */
  full(): boolean;
  /** The events after which `full()` may have turned false, e.g. a 'drain'. */
  wakeUps(): [EventEmitter, string][];
  /**
   * For a sink that gathers rows and writes them in batches: writes what it holds. Called at the end of every
   * turn (`rowsPerTurn` rows or `turnMs`), before checking `full()`, and after the last row.
   */
  flush?(): void;
}

export interface PumpOptions {
  /** Rows written between two turns of the event loop, so that calls and other requests keep running. */
  rowsPerTurn: number;
  /** The longest a turn may hold the thread: a slow sink (XLSX) yields after this many milliseconds, whatever the rows. */
  turnMs: number;
  /** A consumer that stays full this long is given up on: `out` is destroyed with an error. */
  stallTimeoutMs: number;
}

/**
 * Writes the rows (batches of them, as a snapshot reads them) to the sink as fast as it takes them: waits while it is
 * full, yields to the event loop regularly, and stops when `out` is destroyed. Resolves true when every row was
 * written. However the loop is left, the batches' iterator is closed (for await…of calls `return()`), which ends the
 * snapshot's open statement or cursor.
 */
export async function pumpRows<T>(batches: AsyncIterable<readonly T[]>, sink: RowSink<T>, options: PumpOptions): Promise<boolean> {
  let sinceTurn = 0;
  let turnStarted = performance.now();
  for await (const batch of batches) {
    for (const row of batch) {
      if (sink.out.destroyed) return false;
      sink.write(row);
      const turn = ++sinceTurn >= options.rowsPerTurn || performance.now() - turnStarted >= options.turnMs;
      if (turn) sink.flush?.();
      if (sink.full()) {
        await whileFull(sink, options.stallTimeoutMs);
      } else if (turn) {
        await nextTurn();
      } else {
        continue;
      }
      sinceTurn = 0;
      turnStarted = performance.now();
    }
  }
  if (sink.out.destroyed) return false;
  sink.flush?.();
  return true;
}

async function whileFull(sink: RowSink<unknown>, stallTimeoutMs: number): Promise<void> {
  while (sink.full() && !sink.out.destroyed) {
    const woken = await firstOf([...sink.wakeUps(), [sink.out, 'close']], stallTimeoutMs);
    if (!woken) sink.out.destroy(new Error(`export stalled: nothing was read for ${stallTimeoutMs} ms`));
  }
}

/** Resolves true at the first of the events, false after `timeoutMs` without any. */
function firstOf(events: [EventEmitter, string][], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (woken: boolean) => {
      clearTimeout(timer);
      for (const [emitter, name] of events) emitter.removeListener(name, onEvent);
      resolve(woken);
    };
    const onEvent = () => finish(true);
    const timer = setTimeout(() => finish(false), timeoutMs);
    for (const [emitter, name] of events) emitter.on(name, onEvent);
  });
}
