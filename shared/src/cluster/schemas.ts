import { z } from 'zod';
import { CLUSTER_LIMITS } from '../limits';

/** A node's name (KAYOI_NODE_ID): letters, digits and `-`, as it is part of Redis keys and log lines. */
export const NodeId = z
  .string()
  .min(1)
  .max(CLUSTER_LIMITS.nodeId)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'use letters, digits and -');
export type NodeId = z.infer<typeof NodeId>;

const count = z.number().int().min(0).max(CLUSTER_LIMITS.loadCount);

/** What a node is carrying: its rooms, and the consumers on each of its media workers. */
export const NodeLoad = z.object({
  rooms: count,
  consumersPerWorker: z.array(count).min(1).max(CLUSTER_LIMITS.workersPerNode),
});
export type NodeLoad = z.infer<typeof NodeLoad>;

/** Where a node's telephone (SIP) listens (KAYOI_SIP_PUBLIC_ADDRESS and its port): callers are handed over there. */
export const NodeSipAddress = z.object({
  host: z.union([z.ipv4(), z.ipv6()]),
  port: z.number().int().min(1).max(65535),
});
export type NodeSipAddress = z.infer<typeof NodeSipAddress>;

/** A node's heartbeat: who it is, where its devices reach it (and its telephone, when on), its load. */
export const NodeAnnouncement = z.object({
  id: NodeId,
  publicUrl: z.url({ protocol: /^https?$/ }).max(CLUSTER_LIMITS.url),
  sip: NodeSipAddress.optional(),
  load: NodeLoad,
});
export type NodeAnnouncement = z.infer<typeof NodeAnnouncement>;
