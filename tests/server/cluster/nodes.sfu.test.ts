import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainNode } from '../../../server/src/cluster/admin';
import { ClusterDevice } from '../../support/clusterDevice';
import { startTestCluster, type ClusterTestNode, type TestCluster } from '../../support/clusterNodes';
import { loginCookie } from '../../support/testServer';

/**
 * Three real nodes (separate processes, one Redis) and a venue tablet and a home, both entering through node c (in
 * production the load balancer's address): the session is placed on one node and both devices end there; a drained
 * node sends them on; a killed node's devices come back through the entry and are placed on a live node.
 * The nodes share a PostgreSQL started for the test (KAYOI_CLUSTER_TEST_DATABASE=sqlite: one SQLite file instead).
 */
describe('a session on a cluster of nodes', () => {
  let cluster: TestCluster;
  const nodes: Record<string, ClusterTestNode> = {};
  const devices: ClusterDevice[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster(['a', 'b', 'c']);
    for (const node of cluster.nodes) nodes[node.id] = node;
  }, 300_000);

  afterAll(async () => {
    for (const device of devices) device.close();
    await cluster?.stop();
  });

  it('puts the venue and the home on one node, moves them on a drain and after a crash, one attendance row each', async () => {
    const demo = nodes.a!.demo!;
    const host = demo.newAccounts.find((account) => account.role === 'host')!;
    const entry = nodes.c!.url;
    const venue = new ClusterDevice(
      entry,
      { role: 'venue', sessionId: demo.sessionId },
      'venue-tab',
      await loginCookie(entry, host.email, host.password),
    );
    devices.push(venue);
    // Placed once, on the least-loaded node (all idle: the first by id), and the two devices followed it there. The
    // home comes once the venue is in the room, so that its join's answer has the venue among the peers.
    await venue.until(() => venue.node !== undefined, 'the venue joined');
    const home = new ClusterDevice(entry, { role: 'home', token: demo.invites[0]!.token }, 'home-tab');
    devices.push(home);
    await home.until(() => home.node !== undefined, 'the home joined');
    expect([venue.node, home.node]).toEqual([nodes.a!.url, nodes.a!.url]);
    expect(home.joins.at(-1)!.answer.peers.map((peer) => peer.role)).toContain('venue');

    // 困りごと from the home reaches the venue tablet (on the same node by placement).
    await request(home, 'checkin:submit', { answers: { mood: 'bad' }, trouble: true });
    await venue.until(() => venue.notices.some((n) => n.event === 'checkin:troubleRequested'), 'the 困りごと notice');

    // drain-node a: both are asked to move and rejoin on another live node.
    expect(await drainNode(cluster.redis!.url, 'a')).toEqual([demo.sessionId]);
    await venue.until(() => venue.node === nodes.b!.url, 'the venue on b after the drain');
    await home.until(() => home.node === nodes.b!.url, 'the home on b after the drain');

    // Node b crashes: within 10 s both are joined again, through the entry, on the node still taking sessions.
    const noticesBeforeCrash = home.notices.length;
    nodes.b!.kill();
    const killedAt = Date.now();
    await venue.until(() => venue.node === nodes.c!.url, 'the venue on c after b died');
    await home.until(() => home.node === nodes.c!.url, 'the home on c after b died');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // The two rejoin side by side: the home meets the venue in its join's answer, or is told when the venue comes.
    await home.until(
      () =>
        home.joins.at(-1)!.answer.peers.some((peer) => peer.role === 'venue') ||
        home.notices
          .slice(noticesBeforeCrash)
          .some((n) => n.event === 'call:peerJoined' && (n.notice as { role?: string }).role === 'venue'),
      'the home sees the venue on c',
    );

    // Attendance: one row for the home's participant, however many nodes served them (the venue has none).
    const rows = await attendanceRows(cluster, demo.sessionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.mode).toBe('online');
  }, 90_000);
});

async function request(device: ClusterDevice, event: 'checkin:submit', payload: object): Promise<void> {
  const answer = (await device.socket.timeout(10_000).emitWithAck(event, payload as never)) as { ok: boolean };
  expect(answer.ok).toBe(true);
}

/** The session's attendance rows, once the nodes' batched writes have landed. */
async function attendanceRows(cluster: TestCluster, sessionId: string): Promise<{ participant_id: string; mode: string }[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await cluster.attendanceRows(sessionId);
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
