/** The test nodes' cluster timing (clusterNodeMain.ts): a killed node is noticed in about a second. */
export const TEST_CLUSTER_TIMING = { heartbeatMs: 300, ttlMs: 1200, leaseMs: 2000 };

export { DEFAULT_CLUSTER_TIMING as PRODUCTION_CLUSTER_TIMING } from '../../server/src/cluster/timing';
