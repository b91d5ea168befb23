import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invites, venueMembers } from '../../server/src/db/schema';
import { baresipCall, heardByBaresip } from '../support/baresip';
import { launchChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { medianToneShare } from '../support/goertzel';
import { api } from '../support/http';
import { startTestServer, type TestServer } from '../support/testServer';
import { sipConfig } from '../server/phone/sippHarness';
import { expectCallState, inviteUrl, sessionCookie } from './callHarness';

/**
 * The telephone with everything real: baresip dials the venue's number from a registered phone and sends a 1 kHz
 * tone; a home page and the venue page in Chromium send 440 Hz (Chromium's fake microphone reads a WAV file). The
 * browser hears the phone's tone; the phone hears the browsers' tone and not its own (N−1).
 */
const VENUE_NUMBER = '0501234567';
const CALLER = '0312345678';
/**
 * baresip writes the machine's own address into its SDP and sends RTP from it, and the bridge takes RTP only from
 * the address the SDP names: the call runs over that address rather than loopback.
 */
const HOST_ADDRESS =
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-telephone-'));
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const browserTone = path.join(dir, 'browser-440.wav');
  expect(
    spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', browserTone, 'synth', '30', 'sine', '440', 'vol', '0.5']).status,
  ).toBe(0);
  server = await startTestServer({
    clientDistDir: requireTestClientBuild(),
    sip: sipConfig({
      bindAddress: '0.0.0.0',
      publicAddress: HOST_ADDRESS,
      allowFrom: ['127.0.0.1', HOST_ADDRESS],
      rtpPortRange: { min: 41200, max: 41299 },
    }),
  });
  browser = await launchChromium([`--use-file-for-fake-audio-capture=${browserTone}`]);
  const organiser = await server.login('organiser');
  expect(
    (await api(server.url, 'PUT', '/api/venues/ven_demo/phone-line', { cookie: organiser, body: { number: VENUE_NUMBER } })).status,
  ).toBe(200);
  const added = await api(server.url, 'POST', `/api/participants/${phoneParticipant()}/phone/numbers`, {
    cookie: organiser,
    body: { number: CALLER, label: 'home' },
  });
  expect(added.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A member of the demo venue who is not the home page's person (invite 0). */
function phoneParticipant(): string {
  const home = server.db.db.select().from(invites).where(eq(invites.token, server.demo.invites[0]!.token)).get()!.participantId;
  const members = server.db.db.select().from(venueMembers).where(eq(venueMembers.venueId, 'ven_demo')).all();
  return members.map((m) => m.participantId).find((id) => id !== home)!;
}

async function openAndJoin(url: string, signedIn: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  if (signedIn) await context.addCookies([sessionCookie(await server.login('host'), server.url)]);
  const page = await context.newPage();
  await page.goto(`${server.url}${url}`);
  await page.getByTestId('join-button').click();
  await expectCallState(page, 'connected');
  return page;
}

/**
 * What the page receives from the phone peer over about a second, read from the decoded track itself
 * (MediaStreamTrackProcessor): the share of its energy at `frequency` (Goertzel), and its RMS.
 */
function toneInPhoneVoice(page: Page, frequency: number): Promise<{ share: number; rms: number } | null> {
  return page.evaluate(async (hz) => {
    const peer = window.__kayoi?.client.getSnapshot().peers.find((p) => p.phone && p.audioTrack);
    if (!peer?.audioTrack) return null;
    const track = peer.audioTrack.clone();
    const Processor = (
      window as unknown as { MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream } }
    ).MediaStreamTrackProcessor;
    const reader = new Processor({ track }).readable.getReader() as ReadableStreamDefaultReader<{
      numberOfFrames: number;
      sampleRate: number;
      copyTo(destination: Float32Array, options: { planeIndex: number; format: string }): void;
      close(): void;
    }>;
    const chunks: Float32Array[] = [];
    let sampleRate = 48000;
    let frames = 0;
    while (frames < 48000) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      const chunk = new Float32Array(value.numberOfFrames);
      value.copyTo(chunk, { planeIndex: 0, format: 'f32-planar' });
      sampleRate = value.sampleRate;
      frames += value.numberOfFrames;
      chunks.push(chunk);
      value.close();
    }
    await reader.cancel();
    track.stop();
    const samples = new Float32Array(frames);
    let at = 0;
    for (const chunk of chunks) {
      samples.set(chunk, at);
      at += chunk.length;
    }
    const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
    let previous = 0;
    let beforePrevious = 0;
    let energy = 0;
    for (const sample of samples) {
      const current = sample + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
      energy += sample * sample;
    }
    const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    return { share: energy === 0 ? 0 : power / ((samples.length / 2) * energy), rms: Math.sqrt(energy / Math.max(1, samples.length)) };
  }, frequency);
}

describe('a telephone caller and the browsers in one gathering', () => {
  it('the browser hears the phone’s 1 kHz; the phone hears the browsers’ 440 Hz and not its own tone', async () => {
    const venue = await openAndJoin(`/venue/${server.demo.sessionId}`, true);
    const home = await openAndJoin(inviteUrl(server, 0), false);

    const call = baresipCall({
      dir,
      uri: `sip:${VENUE_NUMBER}@${HOST_ADDRESS}:${server.phone!.sip.port}`,
      caller: CALLER,
      address: HOST_ADDRESS,
      toneHz: 1000,
      seconds: 28,
    });
    await expect
      .poll(() => home.evaluate(() => window.__kayoi?.client.getSnapshot().peers.some((p) => p.phone) ?? false), { timeout: 25_000 })
      .toBe(true);
    await expect.poll(() => home.getByTestId('phone-mark').count()).toBe(1);
    await expect.poll(() => venue.getByTestId('phone-mark').count()).toBe(1);
    await expect
      .poll(async () => (await toneInPhoneVoice(home, 1000))?.share ?? 0, { timeout: 15_000, interval: 500 })
      .toBeGreaterThan(0.3);
    // …and it is the phone's tone, not the browsers' own 440 Hz coming back.
    expect((await toneInPhoneVoice(home, 440))!.share).toBeLessThan(0.05);

    const output = await call;
    expect(output).toMatch(/Call established/i);
    const heard = heardByBaresip(dir);
    expect(heard, 'baresip recorded what it heard').not.toBeNull();
    const { samples, sampleRate } = heard!;
    // The last seconds of the call: the greeting is long over, the caller is in the room.
    const tail = samples.subarray(Math.max(0, samples.length - 5 * sampleRate), samples.length - sampleRate);
    expect(tail.length).toBeGreaterThan(sampleRate * 3);
    // Per quarter second (the median): a loss concealed on a busy machine breaks one long block's phase, not most short ones'.
    expect(medianToneShare(tail, sampleRate, 440)).toBeGreaterThan(0.2);
    expect(medianToneShare(tail, sampleRate, 1000)).toBeLessThan(0.02);
  }, 90_000);
});
