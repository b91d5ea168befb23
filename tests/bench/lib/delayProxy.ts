import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk `oneWayMs` before passing it on, in both directions: a home
 * line's round trip (2 × oneWayMs) in front of a server, for the page's HTTP and its socket.io connection (media
 * goes to the SFU directly and is not delayed). Order is kept (equal delays, timers fire in order); the end of
 * a stream is passed on after the same delay. The TCP handshake with the proxy itself is not delayed (the
 * kernel accepts it), so opening a connection costs no round trip here, while a real line adds one.
 */
export interface DelayProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: string, oneWayMs: number): Promise<DelayProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  const later = (action: () => void) => setTimeout(action, oneWayMs);
  const pipe = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => later(() => !to.destroyed && to.write(chunk)));
    from.on('end', () => later(() => !to.destroyed && to.end()));
    from.on('error', () => later(() => to.destroy()));
    from.on('close', () => later(() => to.destroy()));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(targetPort), hostname);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
