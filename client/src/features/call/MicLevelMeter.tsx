import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { logFailure } from '../../lib/log';

type AudioContextCtor = typeof AudioContext;

/** A green bar that moves with the microphone's loudness, to check a speakerphone at a glance. */
export function MicLevelMeter({ track }: { track: MediaStreamTrack | null }) {
  const { t } = useTranslation();
  const barRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const Ctor: AudioContextCtor | undefined =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext;
    if (!track || !Ctor) return;
    const context = new Ctor();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const draw = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      const level = Math.min(1, rms * 6);
      if (barRef.current) barRef.current.style.transform = `scaleX(${level.toFixed(3)})`;
      frame = requestAnimationFrame(draw);
    };
    void context.resume().catch(logFailure('starting the microphone level meter'));
    draw();
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close().catch(logFailure('closing the microphone level meter'));
    };
  }, [track]);
  return (
    <div className="mic-level">
      <div className="mic-level__track" aria-hidden="true">
        <div ref={barRef} className="mic-level__bar" />
      </div>
      <p className="mic-level__hint">{t('venue.micLevel')}</p>
    </div>
  );
}
