import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/testServer';

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
  let server: TestServer | undefined;
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
    const problems = `${stdout}${stderr}`
      .split('\n')
      .filter((line) => line.trim() && !/kayoi\.env|user|group/i.test(line));
    expect(problems).toEqual([]);
    const service = fs.readFileSync('scripts/systemd/kayoi.service', 'utf8');
    expect(service).toMatch(/^Restart=always$/m);
    expect(service).toMatch(/^ExecStartPost=.*healthcheck\.mjs/m);
  });

  it('the health check fails when nothing answers, and passes against a running server', async () => {
    const nobody = await healthcheck(['--url', 'http://127.0.0.1:9/api/health', '--timeout-ms', '1000']);
    expect(nobody.code).toBe(1);
    expect(nobody.output).toMatch(/unhealthy/);

    server = await startTestServer();
    const healthy = await healthcheck(['--url', `${server.url}/api/health`]);
    expect(healthy.code).toBe(0);
    expect(healthy.output).toMatch(/healthy/);
  });
});
