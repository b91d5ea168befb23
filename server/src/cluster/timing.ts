/**
 * Production's cluster timing: a node announces itself every 2 s and its announcement lasts 6 s, so a dead node's
 * sessions may be placed again about 6 s after its last heartbeat; a session's lease lasts 15 s without renewal.
 */
export const DEFAULT_CLUSTER_TIMING = { heartbeatMs: 2000, ttlMs: 6000, leaseMs: 15_000 } as const;
