import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface BaresipCallOptions {
  /** A folder of its own for the config, the tone and the recording. */
  dir: string;
  /** The SIP URI it dials. */
  uri: string;
  /** The calling number (its account). */
  caller: string;
  /** The address it listens on and names in its SDP. */
  address: string;
  /** The tone it sends as its microphone, in Hz. */
  toneHz: number;
  /** It hangs up and quits after this long. */
  seconds: number;
  /** Codecs it offers, in its order of preference. */
  codecs?: string;
  /** A TCP port on 127.0.0.1 where it takes commands (its ctrl_tcp module): pressKeys keys digits in its call. */
  controlPort?: number;
}

/**
 * A headless baresip (Debian baresip-core: g711, aufile, sndfile) that dials, sends a tone, and records what it
 * hears (sndfile's `dump-…-dec.wav` in `dir`); resolves with what it printed once it has quit.
 */
export function baresipCall(options: BaresipCallOptions): Promise<string> {
  const { dir, uri, caller, address, toneHz, seconds, codecs = 'PCMU', controlPort } = options;
  const tone = path.join(dir, 'tone.wav');
  spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', tone, 'synth', String(seconds + 2), 'sine', String(toneHz), 'vol', '0.5']);
  fs.writeFileSync(
    path.join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen ${address}:0`,
      `audio_player aufile,${path.join(dir, 'player.wav')}`,
      `audio_source aufile,${tone}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module sndfile.so',
      `snd_path ${dir}`,
      'module_app account.so',
      'module_app menu.so',
      ...(controlPort ? ['module_app ctrl_tcp.so', `ctrl_tcp_listen 127.0.0.1:${controlPort}`] : []),
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'accounts'), `<sip:${caller}@${address}>;regint=0;audio_codecs=${codecs}\n`);
  const child = spawn('baresip', ['-f', dir, '-e', `/dial ${uri}`, '-t', String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(output)));
}

/**
 * Keys digits in the call of the baresip listening on `controlPort` (RFC 4733 telephone events), one key at a time
 * as a person presses them: each is its own `sndcode` command, answered before the next.
 */
export async function pressKeys(controlPort: number, digits: string): Promise<void> {
  for (const digit of digits) {
    await baresipCommand(controlPort, 'sndcode', digit);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Sends one command to baresip's ctrl_tcp (a JSON netstring) and resolves with its answer's data. */
function baresipCommand(controlPort: number, command: string, params: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(controlPort, '127.0.0.1');
    const json = JSON.stringify({ command, params, token: 'test' });
    let received = '';
    const timer = setTimeout(() => fail(new Error(`baresip did not answer ${command} ${params}`)), 5_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.on('error', fail);
    socket.on('connect', () => socket.write(`${Buffer.byteLength(json)}:${json},`));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      // Netstrings: `<length>:<json>,`; events may come before the answer.
      for (let colon = received.indexOf(':'); colon > 0; colon = received.indexOf(':')) {
        const length = Number(received.slice(0, colon));
        if (received.length < colon + 1 + length + 1) return;
        const message = JSON.parse(received.slice(colon + 1, colon + 1 + length)) as { response?: boolean; ok?: boolean; data?: string };
        received = received.slice(colon + 1 + length + 1);
        if (!message.response) continue;
        clearTimeout(timer);
        socket.end();
        if (message.ok) resolve(message.data ?? '');
        else reject(new Error(`baresip refused ${command} ${params}: ${message.data ?? ''}`));
        return;
      }
    });
  });
}

/** What baresip heard in its call (sndfile dumps the decoded audio as `dump-…-dec.wav`), or null if nothing. */
export function heardByBaresip(dir: string): { samples: Int16Array; sampleRate: number } | null {
  const dump = fs.readdirSync(dir).find((name) => name.startsWith('dump-') && name.endsWith('-dec.wav'));
  return dump ? readWav(path.join(dir, dump)) : null;
}

/** What baresip heard in its longest call: a caller transferred (REFER) has two, the short first one and the new one. */
export function heardInLongestCall(dir: string): { samples: Int16Array; sampleRate: number } | null {
  const dumps = fs.readdirSync(dir).filter((name) => name.startsWith('dump-') && name.endsWith('-dec.wav'));
  const size = (name: string) => fs.statSync(path.join(dir, name)).size;
  const longest = dumps.sort((a, b) => size(b) - size(a))[0];
  return longest ? readWav(path.join(dir, longest)) : null;
}

/** What baresip heard in its last call (the one a transfer made, however long the first one was), or null. */
export function heardInLastCall(dir: string): { samples: Int16Array; sampleRate: number } | null {
  const dumps = fs.readdirSync(dir).filter((name) => name.startsWith('dump-') && name.endsWith('-dec.wav'));
  // Each dump is last written when its call ends.
  const ended = (name: string) => fs.statSync(path.join(dir, name)).mtimeMs;
  const last = dumps.sort((a, b) => ended(b) - ended(a))[0];
  return last ? readWav(path.join(dir, last)) : null;
}

/** A 16-bit PCM WAV file's first channel. */
function readWav(file: string): { samples: Int16Array; sampleRate: number } {
  const bytes = fs.readFileSync(file);
  let offset = 12;
  let sampleRate = 0;
  let channels = 1;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      channels = bytes.readUInt16LE(offset + 10);
      sampleRate = bytes.readUInt32LE(offset + 12);
    }
    if (id === 'data') {
      const count = Math.floor(Math.min(size, bytes.length - offset - 8) / (2 * channels));
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) samples[i] = bytes.readInt16LE(offset + 8 + i * 2 * channels);
      return { samples, sampleRate };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${file} has no data chunk`);
}
