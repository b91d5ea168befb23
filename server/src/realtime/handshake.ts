import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { clientAddress, peerIsTrustedProxy, type ProxyTrust } from '../http/proxyTrust';
import type { ThrottledLog } from './ThrottledLog';
import type { WindowLimiter } from './RequestLimiter';

export type AllowRequest = (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void;

export interface HandshakeOptions {
  /** The configured public address (config.publicUrl); a page there may connect. */
  publicUrl: string;
  /** Which proxies' X-Forwarded-For (the client's address) and X-Forwarded-Proto (the scheme) are believed. */
  trustProxy: ProxyTrust;
  /** New connections per client address. */
  connections: WindowLimiter;
  log: ThrottledLog;
  /** Multi-node: the other nodes' public origins (a page from one node moves its socket to the node of its session). */
  clusterOrigins?: () => ReadonlySet<string>;
}

/**
 * socket.io's `allowRequest`, run once per new connection before anything else of it:
 * - a browser page on another origin may not open a signalling connection (it would carry a signed-in organiser's
 *   cookie: cross-site WebSocket hijacking). With an Origin header it must be the public URL's origin or the
 *   request's own (scheme + Host); without one (not a browser) it is allowed;
 * - one address may open only so many connections per window.
 */
export function createHandshakeCheck(options: HandshakeOptions): AllowRequest {
  const publicOrigin = new URL(options.publicUrl).origin;
  return (req, callback) => {
    const origin = req.headers.origin;
    const known = origin === publicOrigin || origin === ownOrigin(req, options.trustProxy) || options.clusterOrigins?.().has(origin!);
    if (origin !== undefined && !known) {
      options.log.warn('handshake-origin', { origin: origin.slice(0, 200) }, 'signalling connection from another origin refused');
      callback('This page may not open a call connection', false);
      return;
    }
    const address = clientAddress(req, options.trustProxy);
    options.connections
      .admit(address)
      .then(
        (retryAfterMs) => {
          if (retryAfterMs === undefined) return callback(null, true);
          options.log.warn('handshake-rate', { address }, 'too many new signalling connections from one address');
          callback('Too many connections: try again in a few seconds', false);
        },
        (error: unknown) => {
          options.log.error('internal', { err: error }, 'connection limit could not be checked');
          callback('The server could not check this connection', false);
        },
      )
      .catch((error: unknown) => options.log.error('connection-error', { err: error }, 'handshake answer failed'));
  };
}

/** The origin a page served by this very request's host has: `http(s)://` + the Host header. */
function ownOrigin(req: IncomingMessage, trustProxy: ProxyTrust): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  const encrypted = req.socket instanceof TLSSocket;
  const forwardedProto = peerIsTrustedProxy(req, trustProxy) ? firstHeaderValue(req.headers['x-forwarded-proto']) : undefined;
  const scheme = encrypted || forwardedProto === 'https' ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined; // a Host header that is no host: no origin can match it
  }
}

function firstHeaderValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim().toLowerCase() || undefined;
}
