import type { ConnectionState } from 'mediasoup-client/types';

type Totals = Record<'audio' | 'video', { bytes: number; packets: number }>;

export interface StatsSummary {
  sendState: ConnectionState | null;
  recvState: ConnectionState | null;
  outbound: Totals;
  inbound: Totals;
}

interface RtpStat {
  type?: string;
  kind?: string;
  bytesSent?: number;
  packetsSent?: number;
  bytesReceived?: number;
  packetsReceived?: number;
}

function emptyTotals(): Totals {
  return { audio: { bytes: 0, packets: 0 }, video: { bytes: 0, packets: 0 } };
}

/** Adds the audio and video RTP streams of `type` in `report` into `totals`. */
function addRtp(totals: Totals, report: RTCStatsReport | null, type: 'outbound-rtp' | 'inbound-rtp'): void {
  report?.forEach((s: RtpStat) => {
    if (s.type !== type || (s.kind !== 'audio' && s.kind !== 'video')) return;
    totals[s.kind].bytes += (type === 'outbound-rtp' ? s.bytesSent : s.bytesReceived) ?? 0;
    totals[s.kind].packets += (type === 'outbound-rtp' ? s.packetsSent : s.packetsReceived) ?? 0;
  });
}

/** Plain numbers from the transports' `getStats()` (serialisable, handy for end-to-end tests). */
export function summarizeStats(
  send: RTCStatsReport | null,
  recv: RTCStatsReport | null,
  states: Pick<StatsSummary, 'sendState' | 'recvState'>,
): StatsSummary {
  const summary: StatsSummary = { ...states, outbound: emptyTotals(), inbound: emptyTotals() };
  addRtp(summary.outbound, send, 'outbound-rtp');
  addRtp(summary.inbound, recv, 'inbound-rtp');
  return summary;
}
