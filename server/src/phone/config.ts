import net from 'node:net';
import { z } from 'zod';
import type { SipConfig } from './types';

const port = z.coerce.number().int().min(1).max(65535);

/** host[:port][;transport=tcp|udp]; a bare IPv6 address in brackets: [2001:db8::1]:5060. */
const Trunk = z
  .string()
  .trim()
  .transform((value, context): NonNullable<SipConfig['trunk']> => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:;transport=(udp|tcp))?$/i.exec(value);
    const portNumber = match?.[2] === undefined ? 5060 : Number(match[2]);
    if (!match || portNumber < 1 || portNumber > 65535) {
      context.addIssue({ code: 'custom', message: 'expected host[:port][;transport=tcp], e.g. sip.example.jp:5060;transport=udp' });
      return z.NEVER;
    }
    const host = match[1]!.replace(/^\[|\]$/g, '');
    return { host, port: portNumber, transport: (match[3]?.toLowerCase() ?? 'udp') as 'udp' | 'tcp' };
  });

/** Comma-separated addresses, CIDRs (IPv4 or IPv6) or host names (the trunk's, resolved by the SIP endpoint). */
const AllowFrom = z
  .string()
  .default('')
  .transform((value, context) => {
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.find((e) => !isCidr(e) && !isHostName(e));
    if (bad === undefined) return entries;
    context.addIssue({ code: 'custom', message: `"${bad}" is not an address, CIDR or host name (e.g. 203.0.113.0/24, sip.example.jp)` });
    return z.NEVER;
  });

const PhoneEnv = z.object({
  KAYOI_SIP_PORT: port.optional(),
  KAYOI_SIP_BIND_ADDRESS: z
    .string()
    .trim()
    .refine((a) => net.isIP(a) !== 0, 'expected an IP address')
    .default('0.0.0.0'),
  KAYOI_SIP_PUBLIC_ADDRESS: z
    .string()
    .trim()
    .refine((a) => net.isIP(a) !== 0, 'expected the server’s public IP address')
    .optional(),
  KAYOI_SIP_TRUNK: Trunk.optional(),
  KAYOI_SIP_USERNAME: z.string().min(1).max(200).optional(),
  KAYOI_SIP_PASSWORD: z.string().min(1).max(200).optional(),
  KAYOI_SIP_REALM: z.string().min(1).max(200).optional(),
  KAYOI_SIP_ALLOW_FROM: AllowFrom,
  KAYOI_SIP_MAX_OUTBOUND_CALLS: z.coerce.number().int().min(1).max(64).default(4),
  /** Signs the hand-off of a caller to the node holding their session (multi-node); the same on every node. */
  KAYOI_SIP_HANDOFF_SECRET: z
    .string()
    .min(32, 'use at least 32 characters (e.g. openssl rand -base64 32)')
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
  KAYOI_REDIS_URL: z.string().optional(),
  KAYOI_RTP_PORT_MIN: port.default(41000),
  KAYOI_RTP_PORT_MAX: port.default(41999),
});

/**
 * The telephone's settings from the environment: null (off, the default) unless KAYOI_SIP_PORT is set. When on, the
 * public address and at least one allowed trunk address are required (calls are accepted from nowhere else); a
 * username needs a password; the RTP range must hold at least 2 ports; several nodes (KAYOI_REDIS_URL) need the
 * hand-off secret. Throws one clear message otherwise.
 */
export function loadSipConfig(env: NodeJS.ProcessEnv = process.env): SipConfig | null {
  const parsed = PhoneEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  if (e.KAYOI_SIP_PORT === undefined) return null;
  const fail = (message: string) => new Error(`Invalid configuration: ${message}`);
  if (!e.KAYOI_SIP_PUBLIC_ADDRESS) throw fail('KAYOI_SIP_PUBLIC_ADDRESS is required when KAYOI_SIP_PORT is set');
  if (e.KAYOI_SIP_ALLOW_FROM.length === 0)
    throw fail('KAYOI_SIP_ALLOW_FROM is required when KAYOI_SIP_PORT is set (the SIP provider’s addresses)');
  if (Boolean(e.KAYOI_SIP_USERNAME) !== Boolean(e.KAYOI_SIP_PASSWORD))
    throw fail('KAYOI_SIP_USERNAME and KAYOI_SIP_PASSWORD must be given together');
  if (e.KAYOI_SIP_USERNAME && !e.KAYOI_SIP_TRUNK) throw fail('KAYOI_SIP_USERNAME needs KAYOI_SIP_TRUNK (where to register)');
  if (e.KAYOI_REDIS_URL && !e.KAYOI_SIP_HANDOFF_SECRET)
    throw fail('KAYOI_SIP_HANDOFF_SECRET is required when KAYOI_SIP_PORT and KAYOI_REDIS_URL are set (the same on every node)');
  if (e.KAYOI_RTP_PORT_MAX - e.KAYOI_RTP_PORT_MIN < 1) throw fail('KAYOI_RTP_PORT_MAX must be above KAYOI_RTP_PORT_MIN');
  if (e.KAYOI_SIP_PORT >= e.KAYOI_RTP_PORT_MIN && e.KAYOI_SIP_PORT <= e.KAYOI_RTP_PORT_MAX)
    throw fail('KAYOI_SIP_PORT must be outside KAYOI_RTP_PORT_MIN..KAYOI_RTP_PORT_MAX');
  return {
    bindAddress: e.KAYOI_SIP_BIND_ADDRESS,
    port: e.KAYOI_SIP_PORT,
    publicAddress: e.KAYOI_SIP_PUBLIC_ADDRESS,
    trunk: e.KAYOI_SIP_TRUNK ?? null,
    credentials:
      e.KAYOI_SIP_USERNAME && e.KAYOI_SIP_PASSWORD
        ? { username: e.KAYOI_SIP_USERNAME, password: e.KAYOI_SIP_PASSWORD, ...(e.KAYOI_SIP_REALM ? { realm: e.KAYOI_SIP_REALM } : {}) }
        : null,
    allowFrom: e.KAYOI_SIP_ALLOW_FROM,
    rtpPortRange: { min: e.KAYOI_RTP_PORT_MIN, max: e.KAYOI_RTP_PORT_MAX },
    maxOutboundCalls: e.KAYOI_SIP_MAX_OUTBOUND_CALLS,
    ...(e.KAYOI_SIP_HANDOFF_SECRET ? { handOffSecret: e.KAYOI_SIP_HANDOFF_SECRET } : {}),
  };
}

function isCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** A DNS name (letters, digits, hyphens; dot-separated labels; not all digits, so a mistyped address is not taken for one). */
export function isHostName(entry: string): boolean {
  if (entry.length > 253 || /^[\d.]+$/.test(entry)) return false;
  return entry.split('.').every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}
