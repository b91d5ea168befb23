// Plain JavaScript on purpose: this file is the password worker thread's entry (piscina), and a worker
// thread must load it without a TypeScript loader (under tsx, vitest and `node --import tsx` alike).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** OWASP's scrypt baseline: N=2^17 would be stronger but costs 128 MiB per login on a small server. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

/** `scrypt$N$r$p$salt$hash`, base64url parts: the parameters travel with the hash. */
export function hashPassword(password) {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: MAX_MEMORY });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function verifyPassword(password, stored) {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  });
  return timingSafeEqual(key, expected);
}

/**
 * One task of the password pool. scryptSync is right here: this runs on the pool's own thread, so
 * it blocks neither the event loop nor libuv's shared thread pool (which async scrypt would use).
 */
export default function runPasswordTask(task) {
  return task.op === 'hash' ? hashPassword(task.password) : verifyPassword(task.password, task.stored);
}
