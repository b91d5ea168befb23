import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreeMediaPorts, findFreeTcpPort } from '../../support/ports';
import { startTestApp, type TestApp } from '../../support/testApp';

const run = promisify(execFile);
const repoRoot = process.cwd();
const UNITS = ['kayoi.service', 'kayoi-health.service', 'kayoi-health.timer'];

async function healthcheck(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/healthcheck.mjs', ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('operations: the systemd unit and the health check', () => {
  let server: TestApp | undefined;
  afterAll(async () => server?.close());

  it('the README’s systemd units verify cleanly with this checkout in place of /opt/kayoi', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-units-'));
    for (const unit of UNITS) {
      const text = fs.readFileSync(path.join('scripts/systemd', unit), 'utf8').replaceAll('/opt/kayoi', repoRoot);
      fs.writeFileSync(path.join(dir, unit), text);
    }
    const { stdout, stderr } = await run('systemd-analyze', ['verify', ...UNITS.map((u) => path.join(dir, u))], {
      env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' },
    }).catch((error: { stdout: string; stderr: string }) => error);
    // Users and the environment file exist only on a real host; everything else must be clean.
    const problems = `${stdout}${stderr}`.split('\n').filter((line) => line.trim() && !/kayoi\.env|user|group/i.test(line));
    expect(problems).toEqual([]);
    const service = fs.readFileSync('scripts/systemd/kayoi.service', 'utf8');
    expect(service).toMatch(/^Restart=always$/m);
    expect(service).toMatch(/^ExecStartPost=.*healthcheck\.mjs/m);
  });

  it('the production build (what npm start and the unit run) starts, migrates a new database and answers', async () => {
    await run(process.execPath, ['scripts/build.mjs', '--if-changed', 'server']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-bundle-'));
    const port = await findFreeTcpPort();
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAYOI_DB_PATH: path.join(dir, 'k.sqlite'),
      KAYOI_SEED_DEMO: 'false',
      MEDIA_PORT: String(await findFreeMediaPorts(1)),
      MEDIASOUP_WORKERS: '1',
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.mjs'], { env, stdio: 'inherit' });
    try {
      const started = await healthcheck(['--url', `http://127.0.0.1:${port}/api/health`, '--wait-s', '60']);
      expect(started.code).toBe(0);
      const openapi = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toContain('/api/auth/login');
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
      expect(code).toBe(0);
    }
  });

  it('the health check fails when nothing answers, and passes against a running server', async () => {
    const nobody = await healthcheck(['--url', 'http://127.0.0.1:9/api/health', '--timeout-ms', '1000']);
    expect(nobody.code).toBe(1);
    expect(nobody.output).toMatch(/unhealthy/);

    server = await startTestApp();
    const healthy = await healthcheck(['--url', `${await server.listen()}/api/health`]);
    expect(healthy.code).toBe(0);
    expect(healthy.output).toMatch(/healthy/);
  });
});
