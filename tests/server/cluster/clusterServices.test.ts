import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../support/postgres';
import { findFreeTcpPort } from '../../support/ports';

const run = promisify(execFile);
const SCRIPT = path.join('scripts', 'cluster-services.sh');

describe('scripts/cluster-services.sh: PostgreSQL and Redis from Debian for a local multi-node try-out', () => {
  // Readable by others: as root, PostgreSQL runs as the postgres user, which must reach its data folder.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-cluster-'));
  fs.chmodSync(parent, 0o755);
  let env: NodeJS.ProcessEnv;
  const script = (command: string) => run('bash', [SCRIPT, command], { env, timeout: 120_000 });
  const redisPing = (port: number) =>
    run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']).then(
      ({ stdout }) => stdout.trim(),
      () => 'no answer',
    );

  beforeAll(async () => {
    const [pgPort, redisPort] = [await findFreeTcpPort(), await findFreeTcpPort()];
    env = {
      ...process.env,
      KAYOI_CLUSTER_DIR: path.join(parent, 'cluster'),
      KAYOI_CLUSTER_PG_PORT: String(pgPort),
      KAYOI_CLUSTER_REDIS_PORT: String(redisPort),
    };
  });

  afterAll(async () => {
    await script('clean').catch(() => undefined);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('starts both, prints the URLs to use, answers status, and stops both', async () => {
    const { stdout } = await script('start');
    const urls = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split('=') as [string, string]),
    );
    const redisPort = Number(env.KAYOI_CLUSTER_REDIS_PORT);
    expect(urls).toEqual({
      KAYOI_DATABASE_URL: `postgres://kayoi@127.0.0.1:${env.KAYOI_CLUSTER_PG_PORT}/kayoi`,
      KAYOI_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    expect(fs.readFileSync(path.join(env.KAYOI_CLUSTER_DIR!, 'env'), 'utf8')).toBe(stdout);

    expect(await redisPing(redisPort)).toBe('PONG');
    const database = await withClient(
      urls.KAYOI_DATABASE_URL!,
      async (client) => (await client.query<{ name: string }>('select current_database() as name')).rows[0],
    );
    expect(database).toEqual({ name: 'kayoi' });
    await expect(script('status')).resolves.toMatchObject({ stderr: expect.stringContaining('Redis running') });

    const again = await script('start');
    expect(again.stdout).toBe(stdout);
    expect(again.stderr).toContain('PostgreSQL already running');

    await script('stop');
    expect(await redisPing(redisPort)).toBe('no answer');
    await expect(script('status')).rejects.toMatchObject({ code: 3, stderr: expect.stringContaining('PostgreSQL stopped') });
  });
});
