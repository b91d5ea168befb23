import { EventEmitter } from 'node:events';

export interface StaffLiveChangeMap {
  /** A check-in's 「困りごとがある」 was asked, asked again, withdrawn or handled (committed). */
  trouble: [sessionId: string, participantId: string];
  /** A host marked, unmarked or corrected someone's attendance, or added a walk-in (committed). */
  attendance: [sessionId: string];
}

/**
 * What the services say after a change staff pages show live; StaffLivePublisher listens and tells the pages of the
 * session's venue (on every node). The call's own joins and leaves it follows from the rooms.
 */
export class StaffLiveChanges extends EventEmitter<StaffLiveChangeMap> {}
