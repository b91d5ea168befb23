/**
 * HTTP digest authentication as SIP uses it (RFC 2617, RFC 7616 / RFC 8760): answering a 401/407 challenge
 * with MD5 or SHA-256, with or without qop=auth.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  algorithm: 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';
  qop: 'auth' | null;
}

const ALGORITHMS = new Set(['MD5', 'MD5-SESS', 'SHA-256', 'SHA-256-SESS']);

/** Reads `Digest realm="…", nonce="…", …`; null for other schemes or algorithms we do not speak (auth-int). */
export function parseChallenge(value: string): DigestChallenge | null {
  const match = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!match) return null;
  const fields = new Map<string, string>();
  const re = /([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const m of match[1]!.matchAll(re)) fields.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
  const realm = fields.get('realm');
  const nonce = fields.get('nonce');
  if (realm === undefined || !nonce) return null;
  const algorithm = (fields.get('algorithm') ?? 'MD5').toUpperCase();
  if (!ALGORITHMS.has(algorithm)) return null;
  const qops = (fields.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  if (fields.has('qop') && !qops.includes('auth')) return null;
  return {
    realm,
    nonce,
    opaque: fields.get('opaque') ?? null,
    algorithm: algorithm.replace('SESS', 'sess') as DigestChallenge['algorithm'],
    qop: fields.has('qop') ? 'auth' : null,
  };
}

export interface DigestInput {
  challenge: DigestChallenge;
  username: string;
  password: string;
  method: string;
  uri: string;
  /** The nonce count for this nonce (1 for the first use). */
  nc?: number;
  cnonce?: string;
}

/** The Authorization / Proxy-Authorization header value answering the challenge. */
export function authorization(input: DigestInput): string {
  const { challenge, username, password, method, uri } = input;
  const hash = (text: string) =>
    createHash(challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
      .update(text)
      .digest('hex');
  const cnonce = input.cnonce ?? randomBytes(8).toString('hex');
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  let ha1 = hash(`${username}:${challenge.realm}:${password}`);
  if (challenge.algorithm.endsWith('sess')) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = hash(`${method}:${uri}`);
  const response =
    challenge.qop === 'auth' ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${quote(username)}"`,
    `realm="${quote(challenge.realm)}"`,
    `nonce="${quote(challenge.nonce)}"`,
    `uri="${quote(uri)}"`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (challenge.qop) parts.push('qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`);
  if (challenge.opaque !== null) parts.push(`opaque="${quote(challenge.opaque)}"`);
  return `Digest ${parts.join(', ')}`;
}

function quote(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
