import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { venueMembers } from '../../../server/src/db/schema';
import { baresipCall } from '../../support/baresip';
import { SignallingClient } from '../../support/callClient';
import { api } from '../../support/http';
import { findFreeTcpPort } from '../../support/ports';
import { startRedis, type RedisServer } from '../../support/redis';
import { startTestServer, type TestServer } from '../../support/testServer';
import { killAllSipp, sipConfig } from '../phone/sippHarness';

/** The demo venue's number, which the callers dial. */
export const VENUE_NUMBER = '0501234567';
/** The hand-off secret every node of the test cluster shares (KAYOI_SIP_HANDOFF_SECRET). */
export const HAND_OFF_SECRET = 'test-handoff-secret-0123456789abcdef';
/** baresip sends RTP from the machine's own address (telephone.e2e.test.ts): calls with baresip run over it. */
export const HOST_ADDRESS =
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';

export interface PhoneNodeOptions {
  /** The first of the node's 50 RTP ports. */
  rtpMin: number;
  /** The UDP port of the node's trunk (for calls it places). */
  trunkPort?: number;
  /** SIP over the machine's own address (baresip's calls), not loopback only (SIPp's). */
  overHostAddress?: boolean;
}

/**
 * Telephone nodes of one cluster (issue #17): one Redis, one SQLite file, each node with its SIP endpoint and the
 * shared hand-off secret. Nodes start one after the other (the first migrates and seeds the shared file).
 */
export class PhoneNodes {
  private readonly nodes: TestServer[] = [];
  private readonly dirs: string[] = [];
  private readonly clients: SignallingClient[] = [];

  private constructor(
    readonly redis: RedisServer,
    private readonly dataDir: string,
  ) {}

  static async start(name: string): Promise<PhoneNodes> {
    const redis = await startRedis();
    return new PhoneNodes(redis, fs.mkdtempSync(path.join(os.tmpdir(), `kayoi-${name}-`)));
  }

  async addNode(nodeId: string, { rtpMin, trunkPort, overHostAddress = false }: PhoneNodeOptions): Promise<TestServer> {
    const port = await findFreeTcpPort();
    const node = await startTestServer({
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      dataDir: this.dataDir,
      cluster: { redisUrl: this.redis.url, nodeId },
      // The tests of several nodes listen to the room, not to the prompts: each waits for what follows them.
      shortPrompts: true,
      sip: sipConfig({
        ...(overHostAddress ? { bindAddress: '0.0.0.0', publicAddress: HOST_ADDRESS, allowFrom: ['127.0.0.1', HOST_ADDRESS] } : {}),
        rtpPortRange: { min: rtpMin, max: rtpMin + 49 },
        handOffSecret: HAND_OFF_SECRET,
        ...(trunkPort ? { trunk: { host: '127.0.0.1', port: trunkPort, transport: 'udp' as const } } : {}),
      }),
    });
    this.nodes.push(node);
    return node;
  }

  /** The demo host's venue tablet joins the demo session on `node`, which then holds it. */
  async joinVenue(node: TestServer): Promise<SignallingClient> {
    const host = node.demo.newAccounts.find((account) => account.role === 'host')!;
    const venue = await new SignallingClient(node.url, await node.signIn(host)).connected();
    this.clients.push(venue);
    await venue.ok('call:join', { credentials: { role: 'venue', sessionId: node.demo.sessionId }, clientId: 'venue-tab' });
    expect(await node.rooms.find(node.demo.sessionId)).toBeDefined();
    return venue;
  }

  /** The demo venue gets its number (VENUE_NUMBER); answers the organiser's cookie. */
  async giveVenueItsNumber(node: TestServer): Promise<string> {
    const organiser = await node.login('organiser');
    const line = await api(node.url, 'PUT', '/api/venues/ven_demo/phone-line', { cookie: organiser, body: { number: VENUE_NUMBER } });
    expect(line.status).toBe(200);
    return organiser;
  }

  /** The demo venue's members in a fixed order. */
  async memberIds(node: TestServer): Promise<string[]> {
    return (await node.db.db.select().from(venueMembers).where(eq(venueMembers.venueId, 'ven_demo'))).map((m) => m.participantId).sort();
  }

  /** The demo venue's member at `index` (fixed order), given a calling number of their own. */
  async callerNumbered(node: TestServer, organiser: string, index: number, number: string): Promise<string> {
    const participantId = (await this.memberIds(node))[index]!;
    const added = await api(node.url, 'POST', `/api/participants/${participantId}/phone/numbers`, {
      cookie: organiser,
      body: { number, label: 'home' },
    });
    expect(added.status).toBe(201);
    return participantId;
  }

  /**
   * baresip dials the venue's number on `node` from `caller`, sending a tone; its recordings go to `dir`. With a
   * `controlPort` it takes keys there (pressKeys).
   */
  dial(node: TestServer, caller: string, toneHz: number, seconds: number, controlPort?: number): { dir: string; done: Promise<string> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-baresip-'));
    this.dirs.push(dir);
    const uri = `sip:${VENUE_NUMBER}@${HOST_ADDRESS}:${node.phone!.sip.port}`;
    return {
      dir,
      done: baresipCall({ dir, uri, caller, address: HOST_ADDRESS, toneHz, seconds, ...(controlPort ? { controlPort } : {}) }),
    };
  }

  async close(): Promise<void> {
    killAllSipp();
    for (const client of this.clients) client.close();
    for (const node of [...this.nodes].reverse()) await node.close();
    await this.redis.stop();
    for (const dir of [this.dataDir, ...this.dirs]) fs.rmSync(dir, { recursive: true, force: true });
  }
}
