import { randomBytes } from 'node:crypto';

/** A random id with a readable prefix, e.g. `ven_3kH…`; 96 bits of randomness. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** An unguessable secret for links (invite tokens, session ids): 192 bits. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}
