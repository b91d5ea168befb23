import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEndReason, IncomingCall } from '../../../server/src/phone/types';
import { local, startEndpoint, stopAll } from './sippHarness';

const dirs: string[] = [];
afterEach(async () => {
  await stopAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A headless baresip (Debian baresip-core: g711 and aufile modules) that dials `uri` and quits after `seconds`. */
function baresipDial(uri: string, seconds: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kayoi-baresip-'));
  dirs.push(dir);
  const tone = join(dir, 'tone.wav');
  spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', tone, 'synth', String(seconds + 2), 'sine', '1000']);
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      'sip_listen 127.0.0.1:0',
      `audio_player aufile,${join(dir, 'heard.wav')}`,
      `audio_source aufile,${tone}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module_app account.so',
      'module_app menu.so',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), '<sip:0312345678@127.0.0.1>;regint=0;audio_codecs=PCMA,PCMU\n');
  const child = spawn('baresip', ['-f', dir, '-e', `/dial ${uri}`, '-t', String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(output)));
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
});
