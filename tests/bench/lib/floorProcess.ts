import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FloorReady } from './floorServer';

const SCRIPT = fileURLToPath(new URL('./floorServer.ts', import.meta.url));

/** The bare mediasoup floor (floorServer.ts) in a process of its own, as the product's server is (serverProcess.ts). */
export async function startFloorProcess(): Promise<FloorReady & { close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<FloorReady>((resolve, reject) => {
    child.once('message', (message: FloorReady) => resolve(message));
    void exited.then(() => reject(new Error('the mediasoup floor exited before it was ready')));
  });
  return {
    ...ready,
    async close() {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
