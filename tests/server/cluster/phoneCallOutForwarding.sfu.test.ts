import { createSocket, type Socket } from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallAllResult, CallOutResult, PhoneRegulars } from '@shared/phone/schemas';
import { FORWARDED_BY_HEADER } from '../../../server/src/cluster/requestForwarding';
import { venueMembers } from '../../../server/src/db/schema';
import { SignallingClient } from '../../support/callClient';
import { api, rawRequest } from '../../support/http';
import { findFreeTcpPort } from '../../support/ports';
import { startRedis, type RedisServer } from '../../support/redis';
import { startTestServer, type TestServer } from '../../support/testServer';
import { freeUdpPort, killAllSipp, sipConfig, startSipp } from '../phone/sippHarness';

/**
 * 「電話をかける」 in a cluster (issue #17): two real nodes (one Redis, one SQLite file), each with its telephone and
 * its own trunk. Node 1 holds the session (the venue joined there); the host's requests reach node 2, which
 * forwards them to node 1: the person is rung once, from node 1's trunk, and the roster reads the same through
 * either node. A request already forwarded is answered where it arrives, never forwarded again.
 */
const SECRET = 'test-handoff-secret-0123456789abcdef';

let redis: RedisServer;
let dataDir: string;
let holder: TestServer;
let other: TestServer;
let venue: SignallingClient;
let hostCookie: string;
let holderTrunkPort: number;
/** Node 2's trunk: a bare UDP socket that counts what node 2 sends it (nothing, if every call rings from node 1). */
let otherTrunk: Socket;
let otherTrunkDatagrams = 0;
/** The member the first test rings. */
let rungPerson: string;

const startNode = async (nodeId: string, rtpMin: number, trunkPort: number) => {
  const port = await findFreeTcpPort();
  return startTestServer({
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    dataDir,
    cluster: { redisUrl: redis.url, nodeId },
    sip: sipConfig({
      rtpPortRange: { min: rtpMin, max: rtpMin + 49 },
      handOffSecret: SECRET,
      trunk: { host: '127.0.0.1', port: trunkPort, transport: 'udp' as const },
    }),
  });
};

beforeAll(async () => {
  redis = await startRedis();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-callout-nodes-'));
  holderTrunkPort = await freeUdpPort();
  otherTrunk = createSocket('udp4');
  otherTrunk.on('message', () => (otherTrunkDatagrams += 1));
  await new Promise<void>((resolve) => otherTrunk.bind(0, '127.0.0.1', resolve));
  // One after the other: the first migrates and seeds the shared file.
  holder = await startNode('node-1', 41500, holderTrunkPort);
  other = await startNode('node-2', 41550, otherTrunk.address().port);
  const host = holder.demo.newAccounts.find((account) => account.role === 'host')!;
  venue = await new SignallingClient(holder.url, await holder.signIn(host)).connected();
  await venue.ok('call:join', { credentials: { role: 'venue', sessionId: holder.demo.sessionId }, clientId: 'venue-tab' });
  hostCookie = await other.signIn(host);
}, 120_000);

afterAll(async () => {
  killAllSipp();
  venue?.close();
  await other?.close();
  await holder?.close();
  await redis?.stop();
  otherTrunk?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The demo venue's members in a fixed order. */
const memberIds = async () =>
  (await holder.db.db.select().from(venueMembers).where(eq(venueMembers.venueId, 'ven_demo'))).map((m) => m.participantId).sort();

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

  it('answers a request already forwarded where it arrives (node 2 has rung nobody), never forwarding it again', async () => {
    const served = await roster(other, { [FORWARDED_BY_HEADER]: 'node-1' });
    expect(served.people.find((p) => p.participantId === rungPerson)?.call).toBeNull();
    expect((await roster(holder)).people.find((p) => p.participantId === rungPerson)?.call).toBe('busy');
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
});
