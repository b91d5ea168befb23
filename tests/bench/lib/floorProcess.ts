import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FloorAddLightPeer, FloorReady } from './floorServer';
import type { LightPeerStreams } from './lightPeer';

const SCRIPT = fileURLToPath(new URL('./floorServer.ts', import.meta.url));

/** The bare mediasoup floor (floorServer.ts) in a process of its own, as the product's server is (serverProcess.ts). */
export async function startFloorProcess(): Promise<
  FloorReady & { addLightPeer(peerId: string, streams: LightPeerStreams): Promise<number>; close(): Promise<void> }
> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<FloorReady>((resolve, reject) => {
    child.once('message', (message: FloorReady) => resolve(message));
    void exited.then(() => reject(new Error('the mediasoup floor exited before it was ready')));
  });
  let nextId = 1;
  const pending = new Map<number, (answer: { port?: number; error?: string }) => void>();
  child.on('message', (message: { id?: number; port?: number; error?: string }) => {
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  return {
    ...ready,
    addLightPeer: (peerId, streams) =>
      new Promise<number>((resolve, reject) => {
        const request: FloorAddLightPeer = { cmd: 'addLightPeer', id: nextId++, peerId, streams };
        pending.set(request.id, ({ port, error }) => {
          pending.delete(request.id);
          if (port === undefined) reject(new Error(`the floor's light peer: ${error}`));
          else resolve(port);
        });
        child.send(request);
      }),
    async close() {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
