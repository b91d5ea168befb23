import { EntityId } from '@shared/common';
import { NodeId } from '@shared/cluster/schemas';
import { AppError } from '../core/errors';

/**
 * Where the cluster lives in Redis, under one prefix (`kayoi:` unless a test or a second deployment gives another):
 * `nodes` (the set of announced ids), `node:<id>` (its announcement, expiring with its heartbeat), `draining:<id>`,
 * `session:<id>` (a hash: holder, expiresAt), `held:<nodeId>` (the sessions a node was given), `live:<id>` (a
 * session's live program) and `live-ended:<id>` (when its host ended it), `leader:<job>` (who runs it), `outbound-lines` (the trunk's lines taken, RedisOutboundLines), `call-out:<sessionId>` (the roster's call states, RedisCallOutStates), and the channels `session-endings` and `access-changes`. One Redis, not a
 * Redis Cluster: the scripts reach keys they derive from these names.
 */
export class ClusterKeys {
  constructor(readonly prefix = 'kayoi:') {}

  get nodes(): string {
    return `${this.prefix}nodes`;
  }
  node(id: string): string {
    return `${this.prefix}node:${id}`;
  }
  draining(id: string): string {
    return `${this.prefix}draining:${id}`;
  }
  session(id: string): string {
    return `${this.prefix}session:${id}`;
  }
  held(nodeId: string): string {
    return `${this.prefix}held:${nodeId}`;
  }
  liveState(sessionId: string): string {
    return `${this.prefix}live:${sessionId}`;
  }
  liveEnded(sessionId: string): string {
    return `${this.prefix}live-ended:${sessionId}`;
  }
  /** The pub/sub channel of sessions one node ended for the others (SessionEndings). */
  get sessionEndings(): string {
    return `${this.prefix}session-endings`;
  }
  /** The pub/sub channel of changes of access made on one node, for the open connections of the others (AccessRelay). */
  get accessChanges(): string {
    return `${this.prefix}access-changes`;
  }
  /** The trunk's lines taken by the nodes' outgoing calls: a sorted set of lines by the end of their lease. */
  get outboundLines(): string {
    return `${this.prefix}outbound-lines`;
  }
  /** A session's 「電話をかける」 call states: a hash of participant id → state and node. */
  callOutStates(sessionId: string): string {
    return `${this.prefix}call-out:${sessionId}`;
  }
  leader(job: string): string {
    return `${this.prefix}leader:${job}`;
  }
}

/** A node id from anywhere (configuration, the admin command, Redis): bounded and safe in a key, or a 400. */
export function checkNodeId(value: unknown, field = 'nodeId'): NodeId {
  const parsed = NodeId.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_PAYLOAD', `${field}: ${parsed.error.issues[0]?.message}`, field);
  return parsed.data;
}

/** A session id, bounded like every entity id. */
export function checkSessionId(value: unknown): string {
  const parsed = EntityId.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_PAYLOAD', `sessionId: ${parsed.error.issues[0]?.message}`, 'sessionId');
  return parsed.data;
}
