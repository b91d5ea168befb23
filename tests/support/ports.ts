import dgram from 'node:dgram';
import net from 'node:net';

function tcpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * Where test media ports are chosen: below the kernel's ephemeral range (32768–60999: Chromium's and clients' own
 * sockets, SIPp's ports are above it) and the telephone tests' fixed RTP ranges (40000–41999), so that a port found
 * free here is not taken by a browser or phone test running beside (vite.config.ts) before its server binds it.
 */
const MEDIA_PORTS = { min: 20_000, max: 32_000 };

/** A run of `count` ports free on both UDP and TCP, for the media workers' WebRtcServers (and the phone lines' RTP). */
export async function findFreeMediaPorts(count = 1): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = MEDIA_PORTS.min + Math.floor(Math.random() * (MEDIA_PORTS.max - MEDIA_PORTS.min));
    let free = true;
    for (let port = base; port < base + count && free; port++) {
      free = (await tcpPortIsFree(port)) && (await udpPortIsFree(port));
    }
    if (free) return base;
  }
  throw new Error('no free media port found');
}

/** A TCP port free on 127.0.0.1 now, for a server that must come back on the same port after a restart. */
export function findFreeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
