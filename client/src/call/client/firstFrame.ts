import type { Transport } from 'mediasoup-client/types';

const STEP_MS = 100;
const GIVE_UP_MS = 5_000;

export interface FirstFrameWatch {
  /** The receive transport of this join. */
  transport: Transport | null;
  /** A remote camera is being received now (a consumer whose producer is not paused). */
  expectsVideo(): boolean;
  /** The join this belongs to is over (left, or rejoining). */
  isStale(): boolean;
}

/**
 * Resolves once this device has decoded its first remote video frame (the receive transport's inbound video
 * statistics say so), at once when it receives no remote camera, and at the latest after 5 s. Never rejects.
 */
export async function firstRemoteFrame(watch: FirstFrameWatch, giveUpMs = GIVE_UP_MS): Promise<void> {
  const deadline = Date.now() + giveUpMs;
  while (Date.now() < deadline) {
    const { transport } = watch;
    if (watch.isStale() || !watch.expectsVideo() || !transport || transport.closed) return;
    if (await hasDecodedVideo(transport)) return;
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
}

async function hasDecodedVideo(transport: Transport): Promise<boolean> {
  let decoded = false;
  try {
    (await transport.getStats()).forEach((stat: { type?: string; kind?: string; framesDecoded?: number }) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video' && (stat.framesDecoded ?? 0) > 0) decoded = true;
    });
  } catch {
    return false; // closed meanwhile: the loop sees it
  }
  return decoded;
}
