import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../core/config';

/** Whether the hop at `address`, `hop` steps from this server, is a proxy whose forwarding headers are believed. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * KAYOI_TRUST_PROXY as one rule for the API (Fastify's trustProxy) and the signalling handshake:
 * false: no proxy, the socket's peer is the client; true: the one proxy in front of the server (its own
 * X-Forwarded-For entry, the last, is the client: entries before it are whatever the client sent);
 * a list: those proxy addresses or ranges, however many hops.
 */
export function proxyTrust(setting: TrustProxy): ProxyTrust {
  if (setting === false) return () => false;
  if (setting === true) return (_address, hop) => hop === 0;
  return proxyAddr.compile(setting);
}

/** The client's address under that rule (what Fastify gives as request.ip). */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust): string {
  return proxyAddr(req, trust);
}

/** Whether the immediate peer is a trusted proxy, so that its X-Forwarded-Proto may be read. */
export function peerIsTrustedProxy(req: IncomingMessage, trust: ProxyTrust): boolean {
  const peer = req.socket.remoteAddress;
  return peer !== undefined && trust(peer, 0);
}
