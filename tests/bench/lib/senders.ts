/**
 * Stopping and restarting what a page sends, for the join benchmark's venue pages already in a call: the product's
 * call and the floor's call each have one sending Chromium page (the venue, 720p simulcast; the homes are light
 * peers, lightPeer.ts). While the product's joins are timed, the floor's venue sends nothing, and the other way round.
 *
 * Stopped means no work left in the page for what it sends: every RTCRtpSender's track is replaced by none (the
 * encoder gets no frames) and the track itself is stopped (the fake camera and microphone stop capturing). Restarted:
 * a new track from getUserMedia with the old one's constraints, put back on the same sender (same producer, same
 * simulcast encodings, no renegotiation). Both sides are stopped and restarted the same way.
 */
import type { Page } from 'playwright-core';

/** Init script (before the page's own scripts): keeps every RTCPeerConnection the page makes in `window.__peerConnections`. */
export function recordPeerConnections(): void {
  const w = window as unknown as { __peerConnections: RTCPeerConnection[] };
  w.__peerConnections = [];
  const Native = window.RTCPeerConnection;
  class Recorded extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      w.__peerConnections.push(this);
    }
  }
  window.RTCPeerConnection = Recorded;
}

/** Stops every track the page sends (see above); returns how many senders it stopped. */
export async function stopSending(page: Page): Promise<number> {
  return page.evaluate(async () => {
    interface Stopped {
      sender: RTCRtpSender;
      kind: string;
      constraints: MediaTrackConstraints;
    }
    const w = window as unknown as { __peerConnections?: RTCPeerConnection[]; __stoppedSenders?: Stopped[] };
    const stopped: Stopped[] = (w.__stoppedSenders ??= []);
    for (const pc of w.__peerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      for (const sender of pc.getSenders()) {
        const track = sender.track;
        if (!track) continue;
        stopped.push({ sender, kind: track.kind, constraints: track.getConstraints() });
        await sender.replaceTrack(null);
        track.stop();
      }
    }
    return stopped.length;
  });
}

/** Puts a new track on every sender stopSending stopped; returns how many. */
export async function resumeSending(page: Page): Promise<number> {
  return page.evaluate(async () => {
    interface Stopped {
      sender: RTCRtpSender;
      kind: string;
      constraints: MediaTrackConstraints;
    }
    const w = window as unknown as { __stoppedSenders?: Stopped[] };
    const stopped = w.__stoppedSenders ?? [];
    w.__stoppedSenders = [];
    for (const { sender, kind, constraints } of stopped) {
      const constraint = Object.keys(constraints).length > 0 ? constraints : true;
      const stream = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: constraint } : { video: constraint });
      await sender.replaceTrack(stream.getTracks()[0]!);
    }
    return stopped.length;
  });
}
