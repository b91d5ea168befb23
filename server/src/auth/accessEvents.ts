import { EventEmitter } from 'node:events';

export interface AccessEventMap {
  /** A sign-in session ended (signed out): devices connected with that token lose their sign-in. */
  sessionEnded: [tokenHash: string];
  /** An account changed what it may do: password changed (other sessions ended), stopped, or its venues changed. */
  userChanged: [userId: string];
  /** A participant's invite link was stopped or replaced: devices in the call with a link that no longer works leave. */
  inviteRevoked: [participantId: string];
}

/**
 * What the services say after a change of access has been committed; the realtime side
 * (realtime/revocation.ts) listens and acts on the open connections.
 */
export class AccessEvents extends EventEmitter<AccessEventMap> {
  private readonly pending = new Set<Promise<void>>();

  /** A listener's work under way (it must not reject): the answer to the request that made the change waits for it. */
  track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once the listeners' work is done (on PostgreSQL their re-checks take round trips to the database). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
