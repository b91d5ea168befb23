import { z } from 'zod';
import { CLUSTER_LIMITS } from './limits';

/** Every error a client can receive, in an acknowledgement or an HTTP body. */
export const ErrorCode = z.enum([
  'INVALID_PAYLOAD',
  'UNKNOWN_EVENT',
  'NOT_FOUND',
  'INVALID_TOKEN',
  'SESSION_NOT_FOUND',
  'SESSION_ENDED',
  'NO_ACTIVE_SESSION',
  'ALREADY_JOINED',
  'NOT_JOINED',
  'NOT_ALLOWED',
  /** A state-changing request from a page of another site (Origin / Sec-Fetch-Site). */
  'CROSS_ORIGIN',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'CONFLICT',
  'NO_CONSENT',
  'NOT_IN_SESSION',
  'TOO_LARGE',
  'UNSUPPORTED_TYPE',
  'RATE_LIMITED',
  /** Too many wrong passwords for this account: signing in waits until the lock expires or an organiser lifts it. */
  'ACCOUNT_LOCKED',
  /** An organiser stopped this account. */
  'ACCOUNT_DISABLED',
  /** The server is too busy for this right now (e.g. the password queue is full); try again shortly. */
  'SERVER_BUSY',
  /** The host removed this person from the session: they may come back only when the host lets them in again. */
  'REMOVED',
  /** The session was cancelled (typhoon, 祝日 …): nobody can join it. */
  'SESSION_CANCELLED',
  /** Too early: homes may join from a set time before the start (the message says when). */
  'NOT_YET_OPEN',
  /** This server has no telephone (SIP) configured. */
  'PHONE_OFF',
  /** Multi-node: another node serves this session; `nodeUrl` says where the device joins instead. */
  'WRONG_NODE',
  'TRANSPORT_NOT_FOUND',
  'PRODUCER_NOT_FOUND',
  'CONSUMER_NOT_FOUND',
  'CANNOT_CONSUME',
  'MEDIA_ERROR',
  'TIMEOUT',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  ok: z.literal(false),
  code: ErrorCode,
  message: z.string(),
  /** For INVALID_PAYLOAD: which field was wrong, as a dotted path. */
  field: z.string().optional(),
  /** For WRONG_NODE: the address of the node that serves the session (its KAYOI_PUBLIC_URL). */
  nodeUrl: z.string().max(CLUSTER_LIMITS.url).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export type Ack<T> = { ok: true; data: T } | ErrorBody;

/** Formats the first zod issue as {field, message} for an INVALID_PAYLOAD answer. */
export function describeZodError(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '', message: 'invalid payload' };
  const field = issue.path.map(String).join('.');
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}
