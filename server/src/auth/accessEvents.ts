import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';

export interface AccessEventMap {
  /** A sign-in session ended (signed out): devices connected with that token lose their sign-in. */
  sessionEnded: [tokenHash: string];
  /** An account changed what it may do: password changed (other sessions ended), stopped, or its venues changed. */
  userChanged: [userId: string];
  /** A participant's invite link was stopped or replaced: devices in the call with a link that no longer works leave. */
  inviteRevoked: [participantId: string];
}

/** The listeners' work started by one request's changes of access: its answer waits for this, and only this. */
export class AccessWork {
  private pending: Set<Promise<void>> | undefined;

  add(work: Promise<void>): void {
    const pending = (this.pending ??= new Set());
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  /** Resolves once the work is done (on PostgreSQL the re-checks take round trips to the database). */
  async settled(): Promise<void> {
    while (this.pending && this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/**
 * What the services say after a change of access has been committed; the realtime side
 * (realtime/revocation.ts) listens and acts on the open connections.
 */
export class AccessEvents extends EventEmitter<AccessEventMap> {
  private readonly current = new AsyncLocalStorage<AccessWork>();

  /** Runs `fn` (and all it awaits or starts) for one request: the listeners' work tracked meanwhile goes to `work`. */
  runFor<T>(work: AccessWork, fn: () => T): T {
    return this.current.run(work, fn);
  }

  /**
   * A listener's work under way (it must not reject): the answer to the request that made the change waits for it.
   * Work started outside a request (a socket's handler, a job) holds no answer.
   */
  track(work: Promise<void>): void {
    this.current.getStore()?.add(work);
  }
}
