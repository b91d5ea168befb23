import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEndReason, IncomingCall } from '../../../server/src/phone/types';
import { baresipCall } from '../../support/baresip';
import { local, startEndpoint, stopAll } from './sippHarness';

const dirs: string[] = [];
afterEach(async () => {
  await stopAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function baresipDial(uri: string, seconds: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kayoi-baresip-'));
  dirs.push(dir);
  return baresipCall({ dir, uri, caller: '0312345678', address: '127.0.0.1', toneHz: 1000, seconds, codecs: 'PCMA,PCMU' });
}

describe('a call from baresip (a second, independent SIP stack)', () => {
  it('is answered in PCMU (our preference, though baresip lists PCMA first) and ends with its BYE when baresip quits', async () => {
    const endpoint = await startEndpoint();
    const incoming = new Promise<IncomingCall>((resolve) => endpoint.once('call', resolve));
    const baresip = baresipDial(`sip:0501234567@127.0.0.1:${endpoint.port}`, 3);
    const call = await incoming;
    expect(call.localNumber).toBe('0501234567');
    expect(call.remoteNumber).toBe('0312345678');
    expect(call.remoteMedia.codec).toBe('PCMU');
    const ended = new Promise<CallEndReason>((resolve) => call.on('ended', resolve));
    await call.answer(local);
    expect(await ended).toBe('remote-hangup');
    const output = await baresip;
    expect(output).toMatch(/Call established/i);
  });

  it('follows our REFER (blind transfer): it calls the Refer-To URI, and its NOTIFY tells us the new call was answered', async () => {
    const [first, second] = [await startEndpoint(), await startEndpoint()];
    const incoming = new Promise<IncomingCall>((resolve) => first.once('call', resolve));
    const transferred = new Promise<IncomingCall>((resolve) => second.once('call', resolve));
    const baresip = baresipDial(`sip:0501234567@127.0.0.1:${first.port}`, 6);
    const call = await incoming;
    await call.answer(local);
    const outcome = call.transfer(`sip:kayoi-handoff@127.0.0.1:${second.port}`);
    const target = await transferred;
    expect(target.localNumber).toBe('kayoi-handoff');
    expect(target.remoteNumber).toBe('0312345678');
    await target.answer({ address: '127.0.0.1', port: 40002 });
    expect(await outcome).toEqual({ outcome: 'transferred' });
    call.hangup();
    await baresip;
  });
});
