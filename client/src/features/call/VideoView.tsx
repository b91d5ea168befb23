import { useEffect, useRef, type VideoHTMLAttributes } from 'react';
import { consoleDebug, logFailure } from '../../lib/log';

interface VideoViewProps extends Omit<VideoHTMLAttributes<HTMLVideoElement>, 'src'> {
  stream: MediaStream | null;
  fit?: 'cover' | 'contain';
  mirrored?: boolean;
  [dataAttribute: `data-${string}`]: string | undefined;
}

/** A muted, inline, autoplaying `<video>` showing a MediaStream (sound goes through `<audio>`). */
export function VideoView({ stream, fit = 'cover', mirrored = false, className, ...rest }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    // Muted video may always play; a play() cut short by the next stream is harmless.
    if (stream) video.play().catch(logFailure('playing a video', consoleDebug));
  }, [stream]);
  const classes = ['video-view', `video-view--${fit}`, mirrored ? 'video-view--mirrored' : '', className].filter(Boolean).join(' ');
  return <video ref={ref} className={classes} autoPlay playsInline muted disablePictureInPicture {...rest} />;
}
