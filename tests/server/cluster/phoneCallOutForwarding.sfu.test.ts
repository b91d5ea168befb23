import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallAllResult, CallOutResult, PhoneRegulars } from '@shared/phone/schemas';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import { RedisOutboundLines } from '../../../server/src/cluster/RedisOutboundLines';
import { FORWARDED_BY_HEADER } from '../../../server/src/cluster/requestForwarding';
import { systemClock } from '../../../server/src/core/clock';
import { DEFAULT_MAX_OUTBOUND_CALLS } from '../../../server/src/phone/callOut';
import { eq } from 'drizzle-orm';
import { invites } from '../../../server/src/db/schema';
import { SignallingClient } from '../../support/callClient';
import { api, rawRequest } from '../../support/http';
import type { TestServer } from '../../support/testServer';
import { freeUdpPort, startSipp } from '../phone/sippHarness';
import { PhoneNodes } from './phoneNodes';

/**
 * 「電話をかける」 in a cluster (issue #17): two real nodes (one Redis, one SQLite file), each with its telephone and
 * its own trunk. Node 1 holds the session (the venue joined there); the host's requests reach node 2, which
 * forwards them to node 1: the person is rung once, from node 1's trunk, and the roster reads the same through
 * either node. A request already forwarded is answered where it arrives, never forwarded again.
 */
let cluster: PhoneNodes;
let holder: TestServer;
let other: TestServer;
let hostCookie: string;
let holderTrunkPort: number;
/** Node 2's trunk: a bare UDP socket that counts what node 2 sends it (nothing, if every call rings from node 1). */
let otherTrunk: Socket;
let otherTrunkDatagrams = 0;
/** The member the first test rings. */
let rungPerson: string;

beforeAll(async () => {
  cluster = await PhoneNodes.start('callout-nodes');
  holderTrunkPort = await freeUdpPort();
  otherTrunk = createSocket('udp4');
  otherTrunk.on('message', () => (otherTrunkDatagrams += 1));
  await new Promise<void>((resolve) => otherTrunk.bind(0, '127.0.0.1', resolve));
  holder = await cluster.addNode('node-1', { rtpMin: 41500, trunkPort: holderTrunkPort });
  other = await cluster.addNode('node-2', { rtpMin: 41550, trunkPort: otherTrunk.address().port });
  await cluster.joinVenue(holder);
  const host = holder.demo.newAccounts.find((account) => account.role === 'host')!;
  hostCookie = await other.signIn(host);
  // Node 1 takes node 2's page origin as its own from its next heartbeat (every 2 s) after node 2 announced itself.
  const tookOtherOrigin = async () =>
    (
      await rawRequest(holder.url, 'POST', `/api/venue-sessions/${holder.demo.sessionId}/phone-calls`, {
        headers: { cookie: hostCookie, origin: new URL(other.url).origin, 'content-type': 'application/json' },
        body: JSON.stringify({ participantId: 'par_nobody' }),
      })
    ).status === 409;
  await vi.waitFor(async () => expect(await tookOtherOrigin()).toBe(true), { timeout: 10_000, interval: 200 });
}, 120_000);

afterAll(async () => {
  await cluster?.close();
  otherTrunk?.close();
});

const memberIds = () => cluster.memberIds(holder);

const roster = async (node: TestServer, headers: Record<string, string> = {}) => {
  const answer = await rawRequest<PhoneRegulars>(node.url, 'GET', `/api/venue-sessions/${holder.demo.sessionId}/phone-regulars`, {
    headers: { cookie: hostCookie, ...headers },
  });
  expect(answer.status).toBe(200);
  return answer.body;
};

describe('「電話をかける」 asked of a node that does not hold the session', () => {
  it('rings once, from the node holding the session, and the roster is the same through either node', async () => {
    const withNumber = (await memberIds())[0]!;
    rungPerson = withNumber;
    const added = await api(holder.url, 'POST', `/api/participants/${withNumber}/phone/numbers`, {
      cookie: await holder.login('organiser'),
      body: { number: '0355556666', label: 'home' },
    });
    expect(added.status).toBe(201);
    const callee = await startSipp({ scenario: 'uas_busy.xml', port: holderTrunkPort, timeoutSeconds: 30 });

    const rung = await api<CallOutResult>(other.url, 'POST', `/api/venue-sessions/${holder.demo.sessionId}/phone-calls`, {
      cookie: hostCookie,
      body: { participantId: withNumber },
    });
    expect(rung.status).toBe(200);
    expect(rung.body.outcome).toBe('busy');
    const result = await callee.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages.match(/^INVITE /gm)).toHaveLength(1);
    expect(otherTrunkDatagrams).toBe(0);

    const throughOther = await roster(other);
    expect(throughOther.people.find((p) => p.participantId === withNumber)?.call).toBe('busy');
    expect(throughOther).toEqual(await roster(holder));
  }, 60_000);

  it('rings everyone from the node holding the session when 「みんなに電話をかける」 reaches node 2', async () => {
    const callee = await startSipp({ scenario: 'uas_busy.xml', port: holderTrunkPort, timeoutSeconds: 30 });
    const everyone = await api<CallAllResult>(other.url, 'POST', `/api/venue-sessions/${holder.demo.sessionId}/phone-calls/everyone`, {
      cookie: hostCookie,
    });
    expect(everyone.status).toBe(200);
    expect(everyone.body.calling.map((p) => p.participantId)).toEqual([rungPerson]);
    const result = await callee.done;
    expect(result.code, result.output).toBe(0);
    await expect.poll(async () => (await roster(other)).people.find((p) => p.participantId === rungPerson)?.call).toBe('busy');
    expect(otherTrunkDatagrams).toBe(0);
  }, 60_000);

  it('answers a request already forwarded where it arrives (node 2 has nobody in its room), never forwarding it again; the call states are the nodes’ shared ones', async () => {
    const [invite] = await holder.db.db.select({ token: invites.token }).from(invites).where(eq(invites.participantId, rungPerson));
    const home = await new SignallingClient(holder.url).connected();
    try {
      await home.ok('call:join', { credentials: { role: 'home', token: invite!.token }, clientId: 'home-roster' });
      const inCallThrough = async (node: TestServer, headers: Record<string, string> = {}) =>
        (await roster(node, headers)).people.find((p) => p.participantId === rungPerson)?.inCall;
      expect(await inCallThrough(holder)).toBe(true);
      expect(await inCallThrough(other)).toBe(true);
      // Node 2 answers itself: its room has nobody, and it reads the call node 1 made from the shared states.
      const served = await roster(other, { [FORWARDED_BY_HEADER]: 'node-1' });
      expect(served.people.find((p) => p.participantId === rungPerson)).toMatchObject({ inCall: false, call: 'busy' });
    } finally {
      home.close();
    }
    await expect.poll(async () => (await roster(holder)).people.find((p) => p.participantId === rungPerson)?.inCall).toBe(false);
  });

  it("takes a forwarded change from another node's page (its Origin, without Sec-Fetch-Site) as its own", async () => {
    const without = (await memberIds())[1]!;
    const answer = await rawRequest<{ code: string; field?: string }>(
      other.url,
      'POST',
      `/api/venue-sessions/${holder.demo.sessionId}/phone-calls`,
      {
        headers: { cookie: hostCookie, origin: new URL(other.url).origin, 'content-type': 'application/json' },
        body: JSON.stringify({ participantId: without }),
      },
    );
    // Node 1's own answer (nobody rung): this person has no number; not CROSS_ORIGIN.
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'CONFLICT', field: 'participantId' });
    expect(otherTrunkDatagrams).toBe(0);
  });

  it("counts the trunk's lines across the nodes: while other nodes ring on every line, the call waits its turn", async () => {
    // Another node of the cluster (the same code, its own Redis connection) rings on all the trunk's lines.
    const connection = await cluster.redis.connect();
    const elsewhere = new RedisOutboundLines(connection, new ClusterKeys(), {
      max: DEFAULT_MAX_OUTBOUND_CALLS,
      nodeId: 'node-3',
      clock: systemClock,
    });
    let hangUp!: () => void;
    const ringingElsewhere = new Promise<void>((resolve) => (hangUp = resolve));
    const held: Promise<void>[] = [];
    let holding = 0;
    for (let i = 0; i < DEFAULT_MAX_OUTBOUND_CALLS; i++) held.push(elsewhere.run(() => ((holding += 1), ringingElsewhere)));
    await expect.poll(() => holding).toBe(DEFAULT_MAX_OUTBOUND_CALLS);

    const callee = await startSipp({ scenario: 'uas_busy.xml', port: holderTrunkPort, timeoutSeconds: 30 });
    const rung = api<CallOutResult>(holder.url, 'POST', `/api/venue-sessions/${holder.demo.sessionId}/phone-calls`, {
      cookie: hostCookie,
      body: { participantId: rungPerson },
    });
    await expect.poll(async () => (await roster(holder)).people.find((p) => p.participantId === rungPerson)?.call).toBe('waiting');
    // Still waiting a few of the node's looks at Redis later: no line is free anywhere.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await roster(holder)).people.find((p) => p.participantId === rungPerson)?.call).toBe('waiting');

    hangUp();
    await Promise.all(held);
    const answer = await rung;
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('busy');
    const result = await callee.done;
    expect(result.code, result.output).toBe(0);
    expect(result.messages.match(/^INVITE /gm)).toHaveLength(1);
    await connection.quit();
  }, 60_000);
});
