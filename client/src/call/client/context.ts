import type { CallSocket } from '../socket';
import type { Log } from '../../lib/log';

/**
 * What every part of a CallClient shares: the signalling socket, the log, a way to say the
 * picture changed, and the join attempt counter. Every (re)join gets a new generation; async
 * work that started under an older one finds itself stale and stops.
 */
export interface CallContext {
  readonly socket: CallSocket;
  readonly log: Log;
  /** Something users can see changed: rebuild the snapshot and tell subscribers. */
  changed(): void;
  /** The generation of the join attempt running now. */
  generation(): number;
  /** True when `generation` is not the current join attempt, or the call was left. */
  isStale(generation: number): boolean;
}
