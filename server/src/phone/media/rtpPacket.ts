/**
 * RTP packets as the bridge reads and writes them (RFC 3550), with bounds: anything that is not a version-2 RTP
 * packet of sane size is refused (null), never thrown on, because anyone on the internet can send us datagrams.
 */

/** Bigger datagrams are refused unread: G.711 at 60 ms is 480 bytes, Opus at 20 ms is far below 1,000. */
export const MAX_RTP_PACKET_BYTES = 1500;
const HEADER_BYTES = 12;

export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** RTCP shares the port when rtcp-mux is on (RFC 5761): its second byte is a packet type 192–223. */
export function isRtcp(datagram: Buffer): boolean {
  return datagram.length >= 2 && datagram[1]! >= 192 && datagram[1]! <= 223;
}

export function parseRtp(datagram: Buffer): RtpPacket | null {
  if (datagram.length < HEADER_BYTES || datagram.length > MAX_RTP_PACKET_BYTES) return null;
  const first = datagram[0]!;
  if (first >> 6 !== 2 || isRtcp(datagram)) return null;
  const csrcCount = first & 0x0f;
  let offset = HEADER_BYTES + csrcCount * 4;
  if (first & 0x10) {
    if (datagram.length < offset + 4) return null;
    offset += 4 + datagram.readUInt16BE(offset + 2) * 4;
  }
  let end = datagram.length;
  if (first & 0x20) {
    const padding = datagram[end - 1]!;
    if (padding === 0) return null;
    end -= padding;
  }
  if (offset > end) return null;
  return {
    payloadType: datagram[1]! & 0x7f,
    marker: (datagram[1]! & 0x80) !== 0,
    sequenceNumber: datagram.readUInt16BE(2),
    timestamp: datagram.readUInt32BE(4),
    ssrc: datagram.readUInt32BE(8),
    payload: datagram.subarray(offset, end),
  };
}

export interface RtpHeader {
  payloadType: number;
  marker?: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
}

/** One-byte header extension elements (RFC 8285): id 1–14, 1–16 bytes of data each. */
export function buildRtp(header: RtpHeader, payload: Uint8Array, extensions: readonly { id: number; data: Uint8Array }[] = []): Buffer {
  let extensionBytes = 0;
  if (extensions.length > 0) {
    const elements = extensions.reduce((sum, e) => sum + 1 + e.data.length, 0);
    extensionBytes = 4 + Math.ceil(elements / 4) * 4;
  }
  const packet = Buffer.alloc(HEADER_BYTES + extensionBytes + payload.length);
  packet[0] = 0x80 | (extensionBytes > 0 ? 0x10 : 0);
  packet[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  packet.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
  if (extensionBytes > 0) {
    packet.writeUInt16BE(0xbede, HEADER_BYTES);
    packet.writeUInt16BE((extensionBytes - 4) / 4, HEADER_BYTES + 2);
    let offset = HEADER_BYTES + 4;
    for (const { id, data } of extensions) {
      packet[offset++] = (id << 4) | (data.length - 1);
      packet.set(data, offset);
      offset += data.length;
    }
  }
  packet.set(payload, HEADER_BYTES + extensionBytes);
  return packet;
}

/** Is sequence number `a` after `b`, with 16-bit wrap-around (RFC 1982 style). */
export function isNewerSequence(a: number, b: number): boolean {
  const diff = (a - b) & 0xffff;
  return diff !== 0 && diff < 0x8000;
}
