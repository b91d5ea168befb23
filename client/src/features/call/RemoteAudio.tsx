import { memo, useEffect, useMemo, useRef } from 'react';
import { logFailure } from '../../lib/log';
import { attachPlaybackVolume, playVoicesOn, resumeVoicesOnTap, type PlaybackVolume } from '../../call/audio/PlaybackVolume';

// From page load: on iPad/iPhone the voices' sound starts only inside a tap, and 参加する comes before any voice.
resumeVoicesOnTap();

interface RemoteAudioProps {
  peerId: string;
  track: MediaStreamTrack;
  /** Speaker chosen on the venue tablet, applied with setSinkId where the browser can. */
  sinkId: string | null;
  /** Called when the browser refused to start sound without a tap. */
  onBlocked: () => void;
  /** 0..1: the element's volume, or a Web Audio gain where the browser ignores it (Safari on iPad). */
  volume?: number;
}

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Plays one peer's voice through an `<audio autoplay>` element (and Web Audio where volume needs it). */
export const RemoteAudio = memo(function RemoteAudio({ peerId, track, sinkId, onBlocked, volume = 1 }: RemoteAudioProps) {
  const ref = useRef<SinkAudio>(null);
  const playback = useRef<PlaybackVolume | null>(null);
  const stream = useMemo(() => new MediaStream([track]), [track]);

  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = stream;
    audio.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') onBlocked();
    });
  }, [stream, onBlocked]);

  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    const attached = attachPlaybackVolume(audio, stream, peerId, onBlocked);
    playback.current = attached;
    return () => {
      attached.close();
      playback.current = null;
    };
  }, [stream, peerId, onBlocked]);

  // After the effect above, and again whenever it attaches anew.
  useEffect(() => {
    playback.current?.set(volume);
  }, [volume, stream, peerId, onBlocked]);

  useEffect(() => {
    playVoicesOn(sinkId);
    const audio = ref.current;
    if (!audio || !sinkId || typeof audio.setSinkId !== 'function') return;
    // An unplugged speaker: the default one plays.
    audio.setSinkId(sinkId).catch(logFailure(`choosing speaker ${sinkId} for ${peerId}`));
  }, [sinkId, stream, peerId]);

  return <audio ref={ref} autoPlay data-kayoi-audio="" data-peer-id={peerId} data-volume={volume} />;
});
