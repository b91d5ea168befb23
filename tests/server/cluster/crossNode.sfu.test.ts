import { eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptionsState } from '@shared/captions/schemas';
import { STAFF_NAMESPACE, type StaffServerToClientEvents } from '@shared/staffLive/events';
import type { StaffTrouble } from '@shared/staffLive/schemas';
import { moveSocket, request, socketAddress, type CallSocket } from '../../../client/src/call/socket';
import type { CallError } from '../../../client/src/lib/errors';
import { drainNode } from '../../../server/src/cluster/admin';
import { participants, users } from '../../../server/src/db/schema';
import { ClusterDevice } from '../../support/clusterDevice';
import { api } from '../../support/http';
import { startRedis, type RedisServer } from '../../support/redis';
import { StaffClient } from '../../support/staffClient';
import { startInProcessNode } from '../../support/inProcessNodes';
import { loginCookie, type TestServer } from '../../support/testServer';

const origin = (url: string) => new URL(url).origin;

/** A caption writer's page at the signalling level, with the client's own socket code (a staff sign-in). */
class Writer {
  readonly socket: CallSocket;
  latest: CaptionsState | undefined;

  constructor(url: string, cookie: string) {
    this.socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    this.socket.on('caption:state', (state) => (this.latest = state));
  }

  async connected(): Promise<this> {
    if (!this.socket.connected) await new Promise((resolve) => this.socket.once('connect', () => resolve(undefined)));
    return this;
  }

  /** The answer's error (a refusal), or undefined when it succeeded. */
  async refusal(what: Promise<unknown>): Promise<CallError | undefined> {
    return await what.then(
      () => undefined,
      (error: unknown) => error as CallError,
    );
  }

  /** Follows a WRONG_NODE answer as the page does: the same socket reconnects at the node named. */
  async moveTo(nodeUrl: string): Promise<void> {
    const reconnected = new Promise((resolve) => this.socket.once('connect', () => resolve(undefined)));
    expect(moveSocket(this.socket, nodeUrl)).toBe(true);
    await reconnected;
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** A staff page's `/staff` socket that reconnects only when told (so that a notice is sent while it is away). */
class DroppingStaffPage {
  readonly socket: Socket<StaffServerToClientEvents>;
  readonly troubles: StaffTrouble[] = [];
  /** Every packet that reached the page since its last drop, listened to or not (socket.io-client buffers events before `connect`). */
  readonly wire: string[] = [];

  constructor(url: string, cookie: string) {
    this.socket = io(`${url}${STAFF_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
      reconnection: false,
      extraHeaders: { cookie },
    });
    this.socket.on('staff:trouble', (trouble) => this.troubles.push(trouble));
    this.socket.io.on('packet', (packet) => this.wire.push(JSON.stringify(packet.data ?? null)));
  }

  /** Connects (again); rejects with the server's refusal. */
  async connect(): Promise<void> {
    const connected = new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => reject(error));
    });
    this.socket.connect();
    await connected;
  }

  /** The network drops (the transport closes under the page); socket.io keeps the session for a while. */
  async drop(): Promise<void> {
    const gone = new Promise((resolve) => this.socket.once('disconnect', resolve));
    this.socket.io.engine.close();
    await gone;
    this.wire.length = 0;
  }

  close(): void {
    this.socket.close();
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Issue #17 (left 1 and 4): two servers on one Redis and one SQLite file. A caption writer opening on the node that
 * does not hold the session is sent to the one that does, and its lines reach the room there; a change of access made
 * through one node closes or downgrades the open sockets on the other.
 */
describe('caption writers and access changes across two nodes', () => {
  let redis: RedisServer;
  let nodeA: TestServer;
  let nodeB: TestServer;
  let venue: ClusterDevice;
  let venueCookie: string;
  const closing: { close(): void }[] = [];
  const account = (role: 'organiser' | 'host') => nodeA.demo.newAccounts.find((a) => a.role === role)!;
  const hostCookie = () => loginCookie(nodeA.url, account('host').email, account('host').password);
  const sessionId = () => nodeA.demo.sessionId;

  beforeAll(async () => {
    redis = await startRedis();
    nodeA = await startInProcessNode(redis, 'node-a');
    nodeB = await startInProcessNode(redis, 'node-b', nodeA.dataDir);
  }, 90_000);

  afterAll(async () => {
    for (const client of closing) client.close();
    await nodeB?.close();
    await nodeA?.close();
    await redis?.stop();
  });

  it('a writer page opened before the session was placed follows it to its node at the next line, and the line reaches the venue there', async () => {
    const writer = await new Writer(nodeB.url, await hostCookie()).connected();
    closing.push(writer);
    // Nobody holds the session yet: the page opens where it is.
    expect((await request(writer.socket, 'caption:open', { sessionId: sessionId() })).sessionId).toBe(sessionId());

    // The venue enters through node B; with both nodes idle placement takes node-a (the tie goes by id).
    venueCookie = await hostCookie();
    venue = new ClusterDevice(nodeB.url, { role: 'venue', sessionId: sessionId() }, 'venue-tablet', venueCookie);
    closing.push(venue);
    await venue.firstJoin;
    expect(origin(venue.node!)).toBe(origin(nodeA.url));

    const refused = await writer.refusal(request(writer.socket, 'caption:send', { text: '移る前の字幕' }));
    expect(refused).toMatchObject({ code: 'WRONG_NODE', nodeUrl: nodeA.url });
    await writer.moveTo(refused!.nodeUrl!);
    expect(socketAddress(writer.socket)).toBe(origin(nodeA.url));
    await request(writer.socket, 'caption:open', { sessionId: sessionId() });
    const line = await request(writer.socket, 'caption:send', { text: 'ノードAの字幕' });
    await venue.until(
      () => venue.notices.some((n) => n.event === 'caption:state' && (n.notice as CaptionsState).lines.some((l) => l.id === line.id)),
      'the line on the venue tablet',
    );
    await until(() => writer.latest?.lines.some((l) => l.id === line.id) === true, 'the line on the writer page');
  });

  it('a writer page opening on the other node is answered WRONG_NODE with the session’s node, and writes to its room there', async () => {
    const writer = await new Writer(nodeB.url, await hostCookie()).connected();
    closing.push(writer);
    const refused = await writer.refusal(request(writer.socket, 'caption:open', { sessionId: sessionId() }));
    expect(refused).toMatchObject({ code: 'WRONG_NODE', nodeUrl: nodeA.url });
    // Not opened on node B: a line from there is refused.
    expect(await writer.refusal(request(writer.socket, 'caption:send', { text: 'まだ' }))).toMatchObject({ code: 'NOT_ALLOWED' });

    await writer.moveTo(refused!.nodeUrl!);
    const opened = await request(writer.socket, 'caption:open', { sessionId: sessionId() });
    expect(opened.lines.map((l) => l.text)).toContain('ノードAの字幕');
    const line = await request(writer.socket, 'caption:send', { text: '二つ目の字幕' });
    await venue.until(
      () => venue.notices.some((n) => n.event === 'caption:state' && (n.notice as CaptionsState).lines.some((l) => l.id === line.id)),
      'the second line on the venue tablet',
    );
  });

  it('a sign-in ended through node B takes the venue tablet on node A out of the call', async () => {
    expect(origin(venue.node!)).toBe(origin(nodeA.url));
    expect((await api(nodeB.url, 'POST', '/api/auth/logout', { cookie: venueCookie })).status).toBeLessThan(300);
    await venue.until(
      () => venue.notices.some((n) => n.event === 'call:accessRevoked' && (n.notice as { reason: string }).reason === 'signed-out'),
      'call:accessRevoked on node A',
    );
  });

  it('a staff page on node B loses its socket when its sign-in ends, or its account changes, through node A', async () => {
    const signedOut = await hostCookie();
    const staffSignedOut = await new StaffClient(nodeB.url, signedOut).connected();
    const organiserCookie = await loginCookie(nodeA.url, account('organiser').email, account('organiser').password);
    const staffChanged = await new StaffClient(nodeB.url, await hostCookie()).connected();
    const bystander = await new StaffClient(nodeB.url, organiserCookie).connected();
    closing.push(staffSignedOut, staffChanged, bystander);

    expect((await api(nodeA.url, 'POST', '/api/auth/logout', { cookie: signedOut })).status).toBeLessThan(300);
    await until(() => !staffSignedOut.socket.connected, 'the signed-out staff socket on node B closed');
    expect(staffChanged.socket.connected).toBe(true);

    const [host] = await nodeA.db.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, account('host').email));
    const disabled = await api(nodeA.url, 'POST', `/api/staff/${host!.id}/disable`, { cookie: organiserCookie });
    expect(disabled.status).toBe(200);
    await until(() => !staffChanged.socket.connected, 'the stopped account’s staff socket on node B closed');
    await expect(new StaffClient(nodeB.url, signedOut).connected()).rejects.toThrow('unauthorised');
    // The organiser's own page stays.
    expect(bystander.socket.connected).toBe(true);
  });

  describe('a staff page’s socket that drops for a moment (connection-state recovery)', () => {
    const organiserCookie = () => loginCookie(nodeA.url, account('organiser').email, account('organiser').password);
    /** Someone at home on the session's node presses 「困りごとがある」. */
    async function troubleFrom(name: string): Promise<void> {
      const token = nodeA.demo.invites.find((i) => i.displayName === name)!.token;
      const home = new ClusterDevice(nodeA.url, { role: 'home', token }, `home-${name}`);
      closing.push(home);
      await home.firstJoin;
      await request(home.socket, 'checkin:submit', { answers: { mood: 'bad' }, trouble: true });
    }

    /** 対応した for someone's 困りごと, through a node's REST API: a notice to the venue's staff pages. */
    async function handledThrough(node: TestServer, name: string, cookie: string): Promise<void> {
      const [person] = await node.db.db
        .select({ id: participants.id })
        .from(participants)
        .where(eq(participants.displayName, name))
        .limit(1);
      const handled = await api(node.url, 'POST', `/api/sessions/${sessionId()}/checkins/${person!.id}/handled`, { cookie });
      expect(handled.status).toBe(200);
    }

    it('comes back on node B recovered, with the 困りごと sent on node A meanwhile', async () => {
      const page = new DroppingStaffPage(nodeB.url, await organiserCookie());
      const watcher = await new StaffClient(nodeB.url, await organiserCookie()).connected();
      closing.push(page, watcher);
      await page.connect();
      // socket.io recovers from the last notice the page received: it has had one before the drop.
      await troubleFrom('山田 花子');
      await until(() => page.troubles.some((t) => t.displayName === '山田 花子'), 'the first notice');

      await page.drop();
      await troubleFrom('佐藤 一郎');
      await watcher.waitFor('staff:trouble', (t) => t.displayName === '佐藤 一郎');
      expect(page.troubles.map((t) => t.displayName)).not.toContain('佐藤 一郎');

      await page.connect();
      expect(page.socket.recovered).toBe(true);
      expect(page.wire.join()).toContain('佐藤 一郎');
      await until(() => page.troubles.some((t) => t.displayName === '佐藤 一郎'), 'the notice missed during the drop');
    });

    it('is not recovered when its sign-in ended while it was away: refused, and nothing of the gap is sent to it', async () => {
      const cookie = await organiserCookie();
      const page = new DroppingStaffPage(nodeB.url, cookie);
      const watcher = await new StaffClient(nodeB.url, await organiserCookie()).connected();
      closing.push(page, watcher);
      await page.connect();
      await handledThrough(nodeA, '山田 花子', cookie);
      await until(() => page.troubles.some((t) => t.displayName === '山田 花子' && t.handled), 'the first notice');

      const socketId = page.socket.id!;
      await page.drop();
      // Node B has seen the drop (else the sign-out closes the socket there, as for any connected page).
      await until(() => !nodeB.io.of(STAFF_NAMESPACE).sockets.has(socketId), 'node B seeing the drop');
      expect((await api(nodeA.url, 'POST', '/api/auth/logout', { cookie })).status).toBeLessThan(300);
      await handledThrough(nodeA, '佐藤 一郎', await organiserCookie());
      await watcher.waitFor('staff:trouble', (t) => t.displayName === '佐藤 一郎' && t.handled);

      await expect(page.connect()).rejects.toThrow('unauthorised');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(page.troubles.filter((t) => t.handled).map((t) => t.displayName)).toEqual(['山田 花子']);
      expect(page.wire.join()).not.toContain('佐藤 一郎');
    });
  });

  it('a drained node asks its writer pages to open again with its devices; opened again, the line reaches the venue on the next node', async () => {
    const organiser = await loginCookie(nodeA.url, account('organiser').email, account('organiser').password);
    const writer = await new Writer(nodeA.url, organiser).connected();
    const tablet = new ClusterDevice(nodeA.url, { role: 'venue', sessionId: sessionId() }, 'venue-tablet-organiser', organiser);
    closing.push(writer, tablet);
    await tablet.firstJoin;
    expect(origin(tablet.node!)).toBe(origin(nodeA.url));
    await request(writer.socket, 'caption:open', { sessionId: sessionId() });
    const asked = new Promise((resolve) => writer.socket.once('call:rejoin', resolve));

    expect(await drainNode(redis.url, 'node-a')).toEqual([sessionId()]);
    expect(await asked).toEqual({ reason: 'node-moved' });
    await tablet.until(() => tablet.node !== undefined && origin(tablet.node) === origin(nodeB.url), 'the tablet on node B');
    const refused = await writer.refusal(request(writer.socket, 'caption:open', { sessionId: sessionId() }));
    expect(refused).toMatchObject({ code: 'WRONG_NODE', nodeUrl: nodeB.url });
    await writer.moveTo(refused!.nodeUrl!);
    await request(writer.socket, 'caption:open', { sessionId: sessionId() });
    const line = await request(writer.socket, 'caption:send', { text: 'ノードBの字幕' });
    await tablet.until(
      () => tablet.notices.some((n) => n.event === 'caption:state' && (n.notice as CaptionsState).lines.some((l) => l.id === line.id)),
      'the line on the tablet on node B',
    );
  });
});
