import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import type { Redis } from '../../server/src/cluster/redis';
import { findFreeTcpPort } from './ports';

/** A throwaway Debian `redis-server`: its own folder and loopback port, nothing saved to disk. */
export interface RedisServer {
  port: number;
  url: string;
  /** A connected client; stop() closes every client made here. */
  connect(): Promise<Redis>;
  /** Closes the clients, stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Starts redis-server on a free 127.0.0.1 port (no RDB, no AOF) and waits until it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-redis-'));
  const port = await findFreeTcpPort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  const server = spawn('redis-server', [...args, '--logfile', path.join(dir, 'redis.log')], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  const connect = async () => {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };
  try {
    await waitForPing(connect, server);
  } catch (error) {
    server.kill('SIGKILL');
    const log = path.join(dir, 'redis.log');
    const detail = fs.existsSync(log) ? `\nredis.log:\n${fs.readFileSync(log, 'utf8')}` : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`redis-server did not start: ${String(error)}${detail}`, { cause: error });
  }
  return {
    port,
    url,
    connect,
    async stop() {
      for (const client of clients) if (client.isOpen) await client.close();
      await new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(connect: () => Promise<Redis>, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`exited with ${server.exitCode}`);
    try {
      const client = await connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
