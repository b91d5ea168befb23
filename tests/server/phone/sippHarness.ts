/** Runs the real SIPp (Debian sip-tester) against a SipEndpoint, and makes endpoints for tests. */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SipEndpoint, type SipEndpointOptions } from '../../../server/src/phone/sip';
import type { SipConfig } from '../../../server/src/phone/types';

export const scenarioDir = join(import.meta.dirname, 'sipp');

export interface SippResult {
  code: number | null;
  /** Every SIP message SIPp sent and received (-trace_msg). */
  messages: string;
  output: string;
}

export interface Sipp {
  port: number;
  done: Promise<SippResult>;
  kill(): void;
}

export interface SippOptions {
  /** A built-in scenario name (uac, uas), an XML file in tests/server/phone/sipp/, or an absolute path to one. */
  scenario: string;
  /** host:port to call (UAC scenarios). */
  target?: string;
  localIp?: string;
  transport?: 'udp' | 'tcp';
  service?: string;
  timeoutSeconds?: number;
  /** SIPp's own port (a free one by default). */
  port?: number;
  /** How many calls SIPp handles before it exits (1 by default). */
  calls?: number;
  /** `-key name value` pairs: [name] in the scenario becomes value. */
  keys?: Record<string, string>;
}

const running = new Set<Sipp>();

/** Starts sipp for one call; for a UAS scenario resolves once it listens. */
export async function startSipp(options: SippOptions, attempt = 1): Promise<Sipp> {
  const port = options.port ?? (await freeUdpPort());
  const mediaPort = await freeUdpPort();
  const dir = mkdtempSync(join(tmpdir(), 'kayoi-sipp-'));
  const messageFile = join(dir, 'messages.log');
  const file = options.scenario.startsWith('/') ? options.scenario : join(scenarioDir, options.scenario);
  const scenario = options.scenario.endsWith('.xml') ? ['-sf', file] : ['-sn', options.scenario];
  const args = [
    ...scenario,
    ...(options.target ? [options.target] : []),
    ...['-i', options.localIp ?? '127.0.0.1', '-p', String(port), '-mp', String(mediaPort)],
    ...['-t', options.transport === 'tcp' ? 't1' : 'u1', '-m', String(options.calls ?? 1), '-s', options.service ?? '0501234567'],
    ...Object.entries(options.keys ?? {}).flatMap(([name, value]) => ['-key', name, value]),
    ...['-timeout', `${options.timeoutSeconds ?? 20}s`, '-timeout_error', '-nostdin', '-trace_msg', '-message_file', messageFile],
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      let messages: string;
      try {
        messages = readFileSync(messageFile, 'utf8');
      } catch {
        messages = '';
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, messages, output });
    });
  });
  const sipp: Sipp = { port, done, kill: () => child.kill('SIGKILL') };
  running.add(sipp);
  void done.then(() => running.delete(sipp));
  if (!options.target) {
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    try {
      await waitUntilBound(port, options.transport ?? 'udp', exited, () => output);
    } catch (error) {
      // The free port it was given can be taken by another test's process before sipp binds it: try another.
      if (!exited() || options.port !== undefined || attempt >= 3) throw error;
      return startSipp(options, attempt + 1);
    }
  }
  return sipp;
}

export function killAllSipp(): void {
  for (const sipp of running) sipp.kill();
}

/**
 * A UDP port free now, above the kernel's ephemeral range (32768–60999) and the tests' RTP and media ranges, so that a
 * port left free between a trunk going down and coming back is not handed to another test's socket meanwhile.
 */
export async function freeUdpPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 61_000 + Math.floor(Math.random() * 4_000);
    const socket = createSocket('udp4');
    const bound = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => (bound ? socket.close(() => resolve()) : resolve()));
    if (bound) return port;
  }
  throw new Error('no free UDP port found for sipp');
}

/**
 * sipp is listening once its port cannot be bound any more. On a busy machine it can take seconds to start, so the
 * wait is long; a sipp that exits meanwhile (a port taken by another process) fails at once, with what it printed.
 */
async function waitUntilBound(port: number, transport: 'udp' | 'tcp', exited: () => boolean, output: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (exited()) throw new Error(`sipp exited before listening on ${port}: ${output()}`);
    const free = await new Promise<boolean>((resolve) => {
      if (transport === 'tcp') {
        const server = createServer();
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
        return;
      }
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (!free) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sipp did not start listening on ${port} within 30 s: ${output()}`);
}

export const silentLogger = pino({ level: 'silent' });

export function sipConfig(overrides: Partial<SipConfig> = {}): SipConfig {
  return {
    bindAddress: '127.0.0.1',
    port: 0,
    publicAddress: '127.0.0.1',
    trunk: null,
    credentials: null,
    allowFrom: ['127.0.0.1'],
    rtpPortRange: { min: 40000, max: 40999 },
    ...overrides,
  };
}

const endpoints = new Set<SipEndpoint>();

export async function startEndpoint(config: Partial<SipConfig> = {}, options: Partial<SipEndpointOptions> = {}): Promise<SipEndpoint> {
  const endpoint = new SipEndpoint(sipConfig(config), silentLogger, undefined, options);
  await endpoint.start();
  endpoints.add(endpoint);
  return endpoint;
}

export async function stopAll(): Promise<void> {
  killAllSipp();
  for (const endpoint of endpoints) await endpoint.stop();
  endpoints.clear();
}

export const local = { address: '127.0.0.1', port: 40000 };
