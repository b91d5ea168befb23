import alawmulaw from 'alawmulaw';
import type { G711Codec } from '../types';

/** G.711 on the line (npm alawmulaw: plain JS, the ITU tables, no native build). 8 kHz, one byte per sample. */
export function encodeG711(codec: G711Codec, samples: Int16Array): Uint8Array {
  return codec === 'PCMU' ? alawmulaw.mulaw.encode(samples) : alawmulaw.alaw.encode(samples);
}

export function decodeG711(codec: G711Codec, payload: Uint8Array): Int16Array {
  return codec === 'PCMU' ? alawmulaw.mulaw.decode(payload) : alawmulaw.alaw.decode(payload);
}

/** The static payload types of RFC 3551. */
export const G711_STATIC_PAYLOAD_TYPE: Record<G711Codec, number> = { PCMU: 0, PCMA: 8 };
