import { useEffect, useMemo, useRef } from 'react';
import { logFailure } from '../../lib/log';

interface RemoteAudioProps {
  peerId: string;
  track: MediaStreamTrack;
  /** Speaker chosen on the venue tablet, applied with setSinkId where the browser can. */
  sinkId: string | null;
  /** Called when the browser refused to start sound without a tap. */
  onBlocked: () => void;
  /** 0..1 (some browsers, e.g. Safari on iPad, ignore it). */
  volume?: number;
}

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Plays one peer's voice through an `<audio autoplay>` element. */
export function RemoteAudio({ peerId, track, sinkId, onBlocked, volume = 1 }: RemoteAudioProps) {
  const ref = useRef<SinkAudio>(null);
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
    if (!audio || !sinkId || typeof audio.setSinkId !== 'function') return;
    // An unplugged speaker: the default one plays.
    audio.setSinkId(sinkId).catch(logFailure(`choosing speaker ${sinkId} for ${peerId}`));
  }, [sinkId, stream]);

  useEffect(() => {
    if (ref.current) ref.current.volume = volume;
  }, [volume, stream]);

  return <audio ref={ref} autoPlay data-kayoi-audio="" data-peer-id={peerId} data-volume={volume} />;
}
