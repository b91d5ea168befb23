/**
 * One node of a test cluster, as its own process (tests/support/clusterNodes.ts starts it with tsx): the real
 * server with KAYOI_REDIS_URL, KAYOI_NODE_ID, KAYOI_PUBLIC_URL, PORT and the shared database (KAYOI_DATABASE_URL, or
 * the SQLite file at KAYOI_DB_PATH) from the environment, a short heartbeat so that a killed node is noticed in about a
 * second (KAYOI_TEST_CLUSTER_TIMING=production: production's defaults instead, for a benchmark), and one line
 * `READY <json>` on stdout once it listens.
 * KAYOI_TEST_SEED=1 seeds the demo and prints it (the first node; the others share its database).
 * Without KAYOI_REDIS_URL it is the embedded single-node product (a benchmark's reference).
 * Over the IPC channel (when started with one): `addVenues` inserts venues with a session today into the shared
 * database and answers them (tests/support/clusterFixtures.ts); `addLightPeer` puts a benchmark's light peer
 * (tests/bench/lib/lightPeer.ts) into the call as the device these credentials join as, and answers its port.
 */
import type { JoinCredentials } from '@shared/call/schemas';
import { loadConfig, type Config } from '../../server/src/core/config';
import { createLogger } from '../../server/src/core/logger';
import { ensureDemo } from '../../server/src/demo/seed';
import { startServer } from '../../server/src/server';
import { joinLightPeer, type LightPeerStreams } from '../bench/lib/lightPeer';
import { addClusterVenues } from './clusterFixtures';
import { TEST_SESSION_DAY } from './clock';
import { findFreeMediaPorts } from './ports';
import { TEST_CLUSTER_TIMING } from './clusterTiming';

const base = loadConfig({ ...process.env, HOST: '127.0.0.1', KAYOI_SEED_DEMO: 'false', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
const config: Config = {
  ...base,
  sessionDay: TEST_SESSION_DAY,
  media: { ...base.media, workers: 1, port: await findFreeMediaPorts(1), listenIp: '127.0.0.1' },
};
const server = await startServer(config, createLogger(config.logLevel), {
  realtimeLimits: { connectionsPerAddress: { points: 100_000, seconds: 10 } },
  clusterTiming: process.env.KAYOI_TEST_CLUSTER_TIMING === 'production' ? undefined : TEST_CLUSTER_TIMING,
});
const demo = process.env.KAYOI_TEST_SEED === '1' ? await ensureDemo(server.db.db) : null;
process.stdout.write(`READY ${JSON.stringify({ url: server.url, demo })}\n`);

export type NodeCommand =
  { cmd: 'addVenues'; count: number; perVenue: number } | { cmd: 'addLightPeer'; credentials: JoinCredentials; streams: LightPeerStreams };

async function answer(command: NodeCommand): Promise<unknown> {
  if (command.cmd === 'addVenues') return addClusterVenues(server.db.db, command.count, command.perVenue);
  const identity = await server.services.sessions.resolveJoin(command.credentials);
  const room = await server.rooms.getOrCreate(identity.session.id);
  const { port } = await joinLightPeer(room, identity, command.streams);
  // As CallService.join: a session is live once a device has joined it.
  await server.services.sessions.markLive(identity.session.id);
  return port;
}

process.on('message', (message: { id: number } & NodeCommand) => {
  answer(message).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
const closeAndExit = () =>
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('SIGTERM', () => void closeAndExit());
// The test or benchmark that started this node has gone: do not outlive it.
process.on('disconnect', () => void closeAndExit());
