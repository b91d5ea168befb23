/**
 * The SDP the bridge speaks (RFC 4566, offer/answer RFC 3264): one audio stream, G.711 (PCMU or PCMA) and
 * RFC 4733 telephone-event. Parsing never throws; an offer without G.711 gives null (the caller answers 488).
 */
import type { G711Codec, LocalMedia, RemoteMedia } from '../types';

const STATIC: Record<number, G711Codec> = { 0: 'PCMU', 8: 'PCMA' };
/** PCMU first: the codec Japanese 050 trunks use, and the one every SIP device speaks. */
const PREFERENCE: G711Codec[] = ['PCMU', 'PCMA'];

interface AudioOffer {
  address: string;
  port: number;
  /** Payload types in the order of the m= line. */
  formats: number[];
  rtpmap: Map<number, string>;
  ptime: number;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
}

function parseAudio(sdp: string): AudioOffer | null {
  if (sdp.length > 8192) return null;
  const lines = sdp.split(/\r?\n/);
  let sessionAddress: string | null = null;
  let audio: AudioOffer | null = null;
  let mediaAddress: string | null = null;
  let inAudio = false;
  let sessionDirection: AudioOffer['direction'] = 'sendrecv';
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (audio) break; // only the first audio stream
      const m = /^m=audio (\d{1,5})(?:\/\d+)? RTP\/S?AVPF? ([\d ]+)$/.exec(line.trim());
      inAudio = m !== null;
      if (m) {
        audio = {
          address: '',
          port: Number(m[1]),
          formats: m[2]!.trim().split(/\s+/).map(Number).slice(0, 32),
          rtpmap: new Map(),
          ptime: 20,
          direction: sessionDirection,
        };
      }
      continue;
    }
    const c = /^c=IN IP[46] ([0-9A-Fa-f:.]+)/.exec(line);
    if (c) {
      if (audio && inAudio) mediaAddress = c[1]!;
      else if (!audio) sessionAddress = c[1]!;
      continue;
    }
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line);
    if (direction) {
      if (audio && inAudio) audio.direction = direction[1] as AudioOffer['direction'];
      else if (!audio) sessionDirection = direction[1] as AudioOffer['direction'];
      continue;
    }
    if (!audio || !inAudio) continue;
    const rtpmap = /^a=rtpmap:(\d{1,3}) ([A-Za-z0-9_.-]+)\/(\d+)/.exec(line);
    if (rtpmap) audio.rtpmap.set(Number(rtpmap[1]), `${rtpmap[2]!.toLowerCase()}/${rtpmap[3]}`);
    const ptime = /^a=ptime:(\d{1,3})/.exec(line);
    if (ptime) audio.ptime = Math.min(Math.max(Number(ptime[1]), 10), 60);
  }
  if (!audio) return null;
  const address = mediaAddress ?? sessionAddress;
  if (!address) return null;
  audio.address = address;
  return audio;
}

function codecOf(offer: AudioOffer, pt: number): G711Codec | 'telephone-event' | null {
  const mapped = offer.rtpmap.get(pt);
  if (mapped === 'pcmu/8000') return 'PCMU';
  if (mapped === 'pcma/8000') return 'PCMA';
  if (mapped === 'telephone-event/8000') return 'telephone-event';
  if (mapped === undefined) return STATIC[pt] ?? null;
  return null;
}

/**
 * What the other side's offer (or answer) says, with the codec we pick: the first of PCMU, PCMA it offers.
 * Null when there is no audio stream, no address, or no G.711.
 */
export function parseRemoteMedia(sdp: string): RemoteMedia | null {
  const offer = parseAudio(sdp);
  if (!offer) return null;
  let chosen: { codec: G711Codec; pt: number } | null = null;
  for (const wanted of PREFERENCE) {
    const pt = offer.formats.find((f) => codecOf(offer, f) === wanted);
    if (pt !== undefined) {
      chosen = { codec: wanted, pt };
      break;
    }
  }
  if (!chosen) return null;
  const dtmf = offer.formats.find((f) => codecOf(offer, f) === 'telephone-event');
  return {
    address: offer.address,
    port: offer.port,
    codec: chosen.codec,
    payloadType: chosen.pt,
    telephoneEventPayloadType: dtmf ?? null,
    ptime: offer.ptime,
  };
}

export interface SdpOrigin {
  sessionId: string;
  version: number;
}

function header(local: LocalMedia, origin: SdpOrigin): string[] {
  const ip = local.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=kayoi ${origin.sessionId} ${origin.version} IN ${ip} ${local.address}`,
    's=Kayoi',
    `c=IN ${ip} ${local.address}`,
    't=0 0',
  ];
}

/** Our answer: one G.711 codec (the one parseRemoteMedia chose) and telephone-event when the offer had it. */
export function buildAnswer(local: LocalMedia, remote: RemoteMedia, origin: SdpOrigin): string {
  const formats = [remote.payloadType, ...(remote.telephoneEventPayloadType === null ? [] : [remote.telephoneEventPayloadType])];
  const lines = [
    ...header(local, origin),
    `m=audio ${local.port} RTP/AVP ${formats.join(' ')}`,
    `a=rtpmap:${remote.payloadType} ${remote.codec}/8000`,
  ];
  if (remote.telephoneEventPayloadType !== null) {
    lines.push(`a=rtpmap:${remote.telephoneEventPayloadType} telephone-event/8000`, `a=fmtp:${remote.telephoneEventPayloadType} 0-15`);
  }
  lines.push(`a=ptime:${remote.ptime}`, 'a=sendrecv');
  return lines.join('\r\n') + '\r\n';
}

/** Our offer for an outbound call: PCMU, PCMA and telephone-event (101), 20 ms. */
export function buildOffer(local: LocalMedia, origin: SdpOrigin): string {
  return (
    [
      ...header(local, origin),
      `m=audio ${local.port} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-15',
      'a=ptime:20',
      'a=sendrecv',
    ].join('\r\n') + '\r\n'
  );
}

export function sameMedia(a: RemoteMedia, b: RemoteMedia): boolean {
  return (
    a.address === b.address &&
    a.port === b.port &&
    a.codec === b.codec &&
    a.payloadType === b.payloadType &&
    a.telephoneEventPayloadType === b.telephoneEventPayloadType &&
    a.ptime === b.ptime
  );
}
