import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./guardedChild.ts', import.meta.url));

async function runChild(mode: 'reject' | 'throw'): Promise<{ code: number | null; lines: Record<string, unknown>[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines };
}

describe('process guards', () => {
  it('logs an unhandled rejection with its error and keeps the process running', async () => {
    const { code, lines } = await runChild('reject');
    const logged = lines.find((l) => l.event === 'unhandledRejection');
    expect(logged?.level).toBe(50);
    expect((logged?.err as { message?: string }).message).toBe('stray rejection');
    expect(lines.some((l) => l.stillRunning === true)).toBe(true);
    expect(code).toBe(0);
  });

  it('logs an uncaught exception as fatal, closes the server and exits with status 1 for a restart', async () => {
    const { code, lines } = await runChild('throw');
    const logged = lines.find((l) => l.event === 'uncaughtException');
    expect(logged?.level).toBe(60);
    expect((logged?.err as { message?: string; stack?: string }).message).toBe('boom in a timer');
    expect((logged?.err as { stack?: string }).stack).toContain('guardedChild.ts');
    expect(lines).toContainEqual({ closedFor: 'uncaughtException' });
    expect(lines.some((l) => l.stillRunning === true)).toBe(false);
    expect(code).toBe(1);
  });
});
