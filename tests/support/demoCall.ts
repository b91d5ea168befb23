import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Room } from '../../server/src/call/Room';
import { clientPool, joinWithCamera, joinWithMicrophone, type SignallingClient } from './callClient';
import { startTestServer, type TestServer, type TestServerOptions } from './testServer';

type MediaKind = 'audio' | 'video';

/** A device in the call: its signalling client and its peer id. */
export interface Device {
  client: SignallingClient;
  peerId: string;
}

/**
 * A test file's calls on the demo session: one real server for the file with the demo host signed in; after each
 * test the file's signalling clients are closed and the live program is disposed (it outlives the room on purpose),
 * so each test starts from an empty room and a fresh program.
 */
export function demoCall(options: TestServerOptions = {}) {
  let server: TestServer | undefined;
  let hostCookie = '';
  const { connect, closeAll } = clientPool(() => call.server.url);

  beforeAll(async () => {
    server = await startTestServer(options);
    hostCookie = await server.login('host');
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await closeAll();
    server?.live.dispose(server.demo.sessionId);
  });

  const venue = () => ({ role: 'venue' as const, sessionId: call.server.demo.sessionId });
  const home = (i: number) => ({ role: 'home' as const, token: call.server.demo.invites[i]!.token });

  /** What the server sends `peerId` of `fromPeerId`'s audio or video: accepted by the device, paused, its priority (undefined: no such consumer yet). */
  async function consumerFrom(peerId: string, fromPeerId: string, kind: MediaKind = 'audio') {
    const consumer = (await call.room())
      .getPeer(peerId)
      ?.listConsumers()
      .find((c) => c.appData.producerPeerId === fromPeerId && c.kind === kind);
    return consumer ? { accepted: consumer.appData.accepted, paused: consumer.paused, priority: consumer.priority } : undefined;
  }

  /** Whether `peerId` is sent `fromPeerId`'s audio or video now (undefined: no such consumer yet). */
  async function flowing(peerId: string, fromPeerId: string, kind: MediaKind): Promise<boolean | undefined> {
    const consumer = await consumerFrom(peerId, fromPeerId, kind);
    return consumer ? consumer.accepted && !consumer.paused : undefined;
  }

  const call = {
    get server(): TestServer {
      if (!server) throw new Error('the test server is not started yet');
      return server;
    },
    get hostCookie(): string {
      return hostCookie;
    },
    connect,
    closeAll,
    venue,
    home,
    /** The venue tablet joins (no media). */
    joinVenue: async (): Promise<SignallingClient> => {
      const client = await connect(hostCookie);
      await client.ok('call:join', { credentials: venue(), clientId: 'venue-tablet' });
      return client;
    },
    /** Home participant `i` joins (no media). */
    joinHome: async (i: number) => {
      const client = await connect();
      const joined = await client.ok('call:join', { credentials: home(i), clientId: `home-tab-${i}` });
      return { client, joined, peerId: joined.self.id };
    },
    venueWithMic: async () => {
      const client = await connect(hostCookie);
      return { client, ...(await joinWithMicrophone(client, venue(), 'venue-tablet')) };
    },
    homeWithMic: async (i: number) => {
      const client = await connect();
      return { client, ...(await joinWithMicrophone(client, home(i), `home-tab-${i}`)) };
    },
    venueWithCamera: async (): Promise<Device> => {
      const client = await connect(hostCookie);
      return { client, ...(await joinWithCamera(client, venue(), 'venue-tablet')) };
    },
    homeWithCamera: async (i: number, clientId = `home-tab-${i}`): Promise<Device> => {
      const client = await connect();
      return { client, ...(await joinWithCamera(client, home(i), clientId)) };
    },
    /** The demo session's room on the server (it must be open). */
    room: async (): Promise<Room> => {
      return (await call.server.rooms.find(call.server.demo.sessionId))!;
    },
    consumerFrom,
    flowing,
    /** Every device receives every other device's media of `kinds`, accepted and flowing. */
    everyoneReceivesEveryone: async (devices: Device[], kinds: MediaKind[] = ['audio']): Promise<void> => {
      for (const to of devices) {
        for (const from of devices) {
          if (to === from) continue;
          for (const kind of kinds) await expect.poll(() => flowing(to.peerId, from.peerId, kind)).toBe(true);
        }
      }
    },
  };
  return call;
}
