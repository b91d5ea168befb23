import http from 'node:http';

/**
 * Client addresses for benchmarks that need many: on Linux the whole 127.0.0.0/8 is the loopback, so a client
 * may bind any 127.b.x.y as its local address and the server (listening on 127.0.0.1) sees a different client
 * address for each. Each user of this class takes its own `block` (the b), so homes and attackers never share one.
 */
export class LoopbackAddresses {
  private index = 0;

  constructor(private readonly block: number) {
    if (!Number.isInteger(block) || block < 1 || block > 254) throw new Error(`loopback block must be 1..254, not ${block}`);
  }

  /** A new address each time (127.block.x.y, y from 1 to 254). */
  next(): string {
    const n = this.index++;
    const x = Math.floor(n / 254);
    if (x > 254) throw new Error(`loopback block ${this.block} has no addresses left`);
    return `127.${this.block}.${x}.${(n % 254) + 1}`;
  }

  /** `count` new addresses. */
  take(count: number): string[] {
    return Array.from({ length: count }, () => this.next());
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP request on a new connection from `localAddress` (as a first page load from a home, or an attacker that
 * does not keep connections open). Rejects on a network error or after `timeoutMs`.
 */
export function httpFrom(
  url: string,
  request: { method: 'GET' | 'POST'; path: string; json?: unknown; localAddress: string; timeoutMs?: number },
): Promise<HttpAnswer> {
  const target = new URL(request.path, url);
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        localAddress: request.localAddress,
        agent: false,
        timeout: request.timeoutMs ?? 10_000,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${request.timeoutMs ?? 10_000} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
