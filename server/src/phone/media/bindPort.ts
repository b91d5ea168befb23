import dgram from 'node:dgram';

/**
 * A UDP socket on a free even port of the range (RTP's custom, leaving the odd one for RTCP), starting at a random
 * place so that lines do not all fight over the first ports. Rejects when the whole range is taken.
 */
export async function bindInRange(address: string, range: { min: number; max: number }): Promise<dgram.Socket> {
  const first = range.min + (range.min % 2);
  const count = Math.floor((range.max - first) / 2) + 1;
  if (count <= 0) throw new Error(`RTP port range ${range.min}-${range.max} has no even port`);
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i++) {
    const port = first + ((start + i) % count) * 2;
    const socket = await bindOne(address, port);
    if (socket) return socket;
  }
  throw new Error(`No free RTP port in ${range.min}-${range.max}`);
}

/** A socket on any free port (the bridge's side of the room's PlainTransport, on loopback). */
export async function bindAny(address: string): Promise<dgram.Socket> {
  const socket = await bindOne(address, 0);
  if (!socket) throw new Error(`Could not bind a UDP socket on ${address}`);
  return socket;
}

function bindOne(address: string, port: number): Promise<dgram.Socket | null> {
  const family = address.includes(':') ? 'udp6' : 'udp4';
  return new Promise((resolve) => {
    const socket = dgram.createSocket(family);
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind(port, address, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
