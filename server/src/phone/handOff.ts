import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../core/clock';
import type { CallOutStates } from './callOutStates';
import type { OutboundLines } from './outboundSlots';

/**
 * A telephone caller handed from the node their call reached to the node that holds their session (issue #17): the
 * first node transfers the call (REFER) to `sip:kayoi-<token>@<other node>`, and the other node starts the caller
 * straight in the session from the token. The token says who joins which session; it is signed with the secret
 * every node shares (KAYOI_SIP_HANDOFF_SECRET), lives a minute, and is taken once: an unsigned, altered, expired or
 * replayed user part is refused.
 */
export interface HandOff {
  sessionId: string;
  participantId: string;
  /** The caller has heard the greeting (and keyed their number) already: the other node says only 「入りました」. */
  greeted: boolean;
  /**
   * The caller's microphone is off (they keyed `*6`, or the host muted them): they join the other node muted, as a
   * browser rejoins with its microphone off, and `*6` there turns it on.
   */
  muted: boolean;
}

export type HandOffRefusal = 'malformed' | 'forged' | 'expired' | 'replayed';

/** What marks a dialled user part as a hand-off rather than a venue's number. */
export const HAND_OFF_PREFIX = 'kayoi-';
export const HAND_OFF_TTL_MS = 60_000;
/** A user part longer than this is not one of ours (ours are about 200 characters). */
const MAX_TOKEN_LENGTH = 400;
/** Tokens remembered as taken at most (a minute's worth of hand-offs, far above any trunk's channels). */
const MAX_TAKEN = 10_000;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const Payload = z.object({
  s: id,
  p: id,
  g: z.boolean(),
  // Optional: a node not yet updated (a rolling upgrade drains one node at a time) signs tokens without it.
  m: z.boolean().optional(),
  e: z.number().int().positive(),
  n: z.string().regex(/^[A-Za-z0-9_-]{8,32}$/),
});

export class HandOffTokens {
  /** Nonces of tokens taken, with their expiry: each token starts one call. */
  private readonly taken = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly clock: Clock = systemClock,
    private readonly ttlMs = HAND_OFF_TTL_MS,
  ) {}

  /** The SIP user part naming this hand-off. */
  sign(handOff: HandOff): string {
    const payload = Payload.parse({
      s: handOff.sessionId,
      p: handOff.participantId,
      g: handOff.greeted,
      m: handOff.muted,
      e: this.clock.now().getTime() + this.ttlMs,
      n: randomBytes(9).toString('base64url'),
    });
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${HAND_OFF_PREFIX}${body}.${this.mac(body)}`;
  }

  /** The hand-off a dialled user part names, or why it is refused; a valid one is taken (a second use is refused). */
  take(user: string): HandOff | { refused: HandOffRefusal } {
    if (!user.startsWith(HAND_OFF_PREFIX) || user.length > MAX_TOKEN_LENGTH) return { refused: 'malformed' };
    const [body, mac, ...rest] = user.slice(HAND_OFF_PREFIX.length).split('.');
    if (!body || !mac || rest.length > 0) return { refused: 'malformed' };
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'forged' };
    const parsed = Payload.safeParse(parseJson(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success) return { refused: 'malformed' };
    const payload = parsed.data;
    const now = this.clock.now().getTime();
    if (payload.e <= now) return { refused: 'expired' };
    this.forgetExpired(now);
    if (this.taken.has(payload.n) || this.taken.size >= MAX_TAKEN) return { refused: 'replayed' };
    this.taken.set(payload.n, payload.e);
    return { sessionId: payload.s, participantId: payload.p, greeted: payload.g, muted: payload.m ?? false };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`kayoi-handoff-v1.${body}`).digest('base64url');
  }

  private forgetExpired(now: number): void {
    for (const [nonce, expires] of this.taken) if (expires <= now) this.taken.delete(nonce);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Where a caller's session is held, as the cluster says (ClusterNode.phoneHolderOf). */
export type SessionHolder = { here: true } | { here: false; nodeId: string; sip: { host: string; port: number } | undefined };

/** What the telephone needs of the node's cluster (ClusterNode), without loading the cluster's code on one node. */
export interface PhoneCluster {
  phoneHolderOf(sessionId: string): Promise<SessionHolder>;
  /** This node's telephone listens here: announced with the node. */
  announceSip(address: { host: string; port: number }): Promise<void>;
  /** The trunk's `max` lines for outgoing calls, counted across the nodes. */
  outboundLines(max: number): OutboundLines;
  /** The roster's call states, shared by the nodes. */
  callOutStates(): CallOutStates;
}

/** A caller this node cannot take: the SIP URI of the node that holds their session, with a signed hand-off. */
export interface HandOverTarget {
  uri: string;
  nodeId: string;
}

/**
 * The telephone's side of several nodes: whether a caller's session is held here or elsewhere (and then where to
 * transfer them), and the hand-offs other nodes send here. Absent on a single node.
 */
export class CallerHandOver {
  constructor(
    private readonly tokens: HandOffTokens,
    private readonly holderOf: (sessionId: string) => Promise<SessionHolder>,
  ) {}

  /** null when this node holds the session; throws when the holder has no telephone to take the caller. */
  async targetFor(handOff: HandOff): Promise<HandOverTarget | null> {
    const holder = await this.holderOf(handOff.sessionId);
    if (holder.here) return null;
    if (!holder.sip) throw new Error(`node ${holder.nodeId} holds the session but announces no telephone (KAYOI_SIP_PORT)`);
    const host = holder.sip.host.includes(':') ? `[${holder.sip.host}]` : holder.sip.host;
    return { uri: `sip:${this.tokens.sign(handOff)}@${host}:${holder.sip.port}`, nodeId: holder.nodeId };
  }

  /** A dialled user part this node was handed: who joins which session, or why it is refused. */
  take(user: string): HandOff | { refused: HandOffRefusal } {
    return this.tokens.take(user);
  }
}
