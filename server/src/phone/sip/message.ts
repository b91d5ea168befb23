/**
 * SIP messages (RFC 3261 §7): a bounded parser and a serializer. The parser never throws: anything it cannot
 * read is a `ParseFailure` saying whether the message got far enough to be answered with 400.
 */

export const SipLimits = {
  /** The largest UDP datagram we read; bigger ones are dropped (a trunk's INVITE with SDP is ~1–2 KiB). */
  maxUdpBytes: 8 * 1024,
  /** The largest message (headers and body) on a TCP connection, and so the per-connection buffer cap. */
  maxTcpMessageBytes: 16 * 1024,
  maxHeaders: 64,
  maxHeaderLineBytes: 2048,
  maxBodyBytes: 8 * 1024,
} as const;

export type Header = [name: string, value: string];

interface MessageBase {
  headers: Header[];
  body: Buffer;
}
export interface SipRequest extends MessageBase {
  kind: 'request';
  method: string;
  uri: string;
}
export interface SipResponse extends MessageBase {
  kind: 'response';
  status: number;
  reason: string;
}
export type SipMessage = SipRequest | SipResponse;

export type ParseResult =
  | { ok: true; message: SipMessage }
  /** answerable: the request's Via, Call-ID, From, To and CSeq were readable, so a 400 can be sent back. */
  | { ok: false; reason: string; answerable: SipRequest | null };

const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
  x: 'session-expires',
  e: 'content-encoding',
};
const CANONICAL: Record<string, string> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  contact: 'Contact',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  'max-forwards': 'Max-Forwards',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
  'session-expires': 'Session-Expires',
  'min-se': 'Min-SE',
  'record-route': 'Record-Route',
};

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'];

export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** Parses one whole message (a UDP datagram, or one framed message from a TCP stream). */
export function parseMessage(data: Buffer): ParseResult {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return fail('no end of headers');
  const head = data.subarray(0, end).toString('utf8');
  const lines = unfold(head.split('\r\n'));
  const startLine = lines.shift() ?? '';
  if (lines.length > SipLimits.maxHeaders) return fail('too many headers');
  const headers: Header[] = [];
  for (const line of lines) {
    if (line.length > SipLimits.maxHeaderLineBytes) return fail('header line too long');
    const colon = line.indexOf(':');
    if (colon <= 0) return fail('malformed header line');
    const name = line.slice(0, colon).trim();
    if (!TOKEN.test(name)) return fail('malformed header name');
    headers.push([normalizeName(name), line.slice(colon + 1).trim()]);
  }
  const start = parseStartLine(startLine);
  if (!start) return fail('malformed start line');
  const message: SipMessage = { ...start, headers, body: Buffer.alloc(0) };
  const answerable = message.kind === 'request' && REQUIRED.every((h) => header(message, h) !== undefined) ? message : null;
  const missing = REQUIRED.find((h) => header(message, h) === undefined);
  if (missing) return { ok: false, reason: `missing ${missing}`, answerable: null };
  if (!parseCSeq(header(message, 'cseq') ?? '')) return { ok: false, reason: 'malformed CSeq', answerable };
  const rest = data.subarray(end + 4);
  const lengthText = header(message, 'content-length');
  let length = rest.length;
  if (lengthText !== undefined) {
    if (!/^\d{1,6}$/.test(lengthText)) return { ok: false, reason: 'malformed Content-Length', answerable };
    length = Number(lengthText);
    if (length > rest.length) return { ok: false, reason: 'truncated body', answerable };
  }
  if (length > SipLimits.maxBodyBytes) return { ok: false, reason: 'body too large', answerable };
  message.body = Buffer.from(rest.subarray(0, length));
  return { ok: true, message };
}

function fail(reason: string): ParseResult {
  return { ok: false, reason, answerable: null };
}

function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 0) out[out.length - 1] += ' ' + line.trim();
    else out.push(line);
  }
  return out;
}

function parseStartLine(
  line: string,
): Pick<SipRequest, 'kind' | 'method' | 'uri'> | Pick<SipResponse, 'kind' | 'status' | 'reason'> | null {
  const response = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/.exec(line);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '' };
  const request = /^([A-Za-z]{1,20}) (\S{1,1024}) SIP\/2\.0$/.exec(line);
  if (request && /^(sips?|tel):/i.test(request[2]!)) return { kind: 'request', method: request[1]!.toUpperCase(), uri: request[2]! };
  return null;
}

/** First value of a header (by lower-case name), or undefined. */
export function header(message: MessageBase, name: string): string | undefined {
  const n = normalizeName(name);
  return message.headers.find(([h]) => h === n)?.[1];
}

/** All values of a header, comma-separated lists split (outside quotes and <>), e.g. Via, Record-Route. */
export function headerValues(message: MessageBase, name: string): string[] {
  const n = normalizeName(name);
  return message.headers.filter(([h]) => h === n).flatMap(([, v]) => splitList(v));
}

export function splitList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    if (ch === ',' && !quoted && !angle) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export function parseCSeq(value: string): { seq: number; method: string } | null {
  const match = /^(\d{1,10})\s+([A-Za-z]{1,20})$/.exec(value.trim());
  if (!match) return null;
  const seq = Number(match[1]);
  return seq < 2 ** 31 ? { seq, method: match[2]!.toUpperCase() } : null;
}

export function cseqOf(message: MessageBase): { seq: number; method: string } {
  return parseCSeq(header(message, 'cseq') ?? '') ?? { seq: 0, method: '' };
}

/** `;name=value` parameters after the first `;` (names lower-cased; flags map to ''). */
export function params(value: string): Map<string, string> {
  const map = new Map<string, string>();
  const afterAddress = value.includes('>') ? value.slice(value.lastIndexOf('>') + 1) : value;
  const parts = afterAddress.split(';').slice(1);
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name)
      map.set(
        name,
        eq < 0
          ? ''
          : part
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, ''),
      );
  }
  return map;
}

/** The URI inside a name-addr (`"Name" <sip:a@b>;tag=x`) or an addr-spec (`sip:a@b;tag=x`). */
export function addressUri(value: string): string {
  const angle = /<([^>]*)>/.exec(value);
  if (angle) return angle[1]!;
  return value.split(';')[0]!.trim();
}

export function tagOf(value: string): string | null {
  return params(value).get('tag') ?? null;
}

/** The user part of a sip: or tel: URI, e.g. the caller's number; null when withheld (anonymous). */
export function userOf(uri: string): string | null {
  const match = /^(?:sips?|tel):([^@;>]*)/i.exec(uri);
  const user = match?.[1] ? decodeURIComponent(match[1]) : null;
  if (!user || /^anonymous$/i.test(user)) return null;
  return user;
}

export interface SipUriTarget {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

/** Where a sip: URI points (host, port, transport parameter); null for a URI we cannot send to. */
export function uriTarget(uri: string): SipUriTarget | null {
  const match = /^sip:(?:[^@]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:;[^?]*)?)/i.exec(uri);
  if (!match) return null;
  const transport = /;transport=tcp/i.test(match[3] ?? '') ? 'tcp' : 'udp';
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: match[2] ? Number(match[2]) : 5060, transport };
}

export function serialize(message: SipMessage): Buffer {
  const start = message.kind === 'request' ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [start];
  for (const [name, value] of message.headers) {
    if (name === 'content-length') continue;
    lines.push(`${CANONICAL[name] ?? canonical(name)}: ${value}`);
  }
  lines.push(`Content-Length: ${message.body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), message.body]);
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  415: 'Unsupported Media Type',
  420: 'Bad Extension',
  422: 'Session Interval Too Small',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 300 ? 'OK' : 'Error');
}

/** A response to `request` (RFC 3261 §8.2.6): Via, From, To, Call-ID, CSeq copied; a To tag added when given. */
export function responseTo(request: SipRequest, status: number, toTag?: string, extra: Header[] = [], body?: Buffer): SipResponse {
  const copied = request.headers.filter(([name]) => ['via', 'from', 'call-id', 'cseq', 'record-route'].includes(name));
  let to = header(request, 'to') ?? '';
  if (toTag && !tagOf(to)) to += `;tag=${toTag}`;
  const headers: Header[] = [];
  for (const h of copied) {
    headers.push(h);
    if (h[0] === 'from') headers.push(['to', to]);
  }
  headers.push(['server', 'Kayoi'], ...extra);
  return { kind: 'response', status, reason: reasonPhrase(status), headers, body: body ?? Buffer.alloc(0) };
}
