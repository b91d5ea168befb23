import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton';
import { logFailure } from '../../lib/log';

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

let chimeUrl: string | null = null;

/** A short "ding-dong" as a WAV file, made once. */
function chime(): string {
  if (chimeUrl) return chimeUrl;
  const rate = 22_050;
  const notes = [
    { freq: 880, start: 0, length: 0.45 },
    { freq: 660, start: 0.45, length: 0.7 },
  ];
  const total = Math.ceil(rate * 1.2);
  const data = new DataView(new ArrayBuffer(44 + total * 2));
  const text = (offset: number, s: string) => [...s].forEach((c, i) => data.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  data.setUint32(4, 36 + total * 2, true);
  text(8, 'WAVEfmt ');
  data.setUint32(16, 16, true);
  data.setUint16(20, 1, true);
  data.setUint16(22, 1, true);
  data.setUint32(24, rate, true);
  data.setUint32(28, rate * 2, true);
  data.setUint16(32, 2, true);
  data.setUint16(34, 16, true);
  text(36, 'data');
  data.setUint32(40, total * 2, true);
  for (let i = 0; i < total; i++) {
    const t = i / rate;
    let v = 0;
    for (const n of notes) {
      if (t >= n.start && t < n.start + n.length) {
        const age = t - n.start;
        v += Math.sin(2 * Math.PI * n.freq * age) * Math.exp(-4 * age) * Math.min(1, age * 200);
      }
    }
    data.setInt16(44 + i * 2, Math.max(-1, Math.min(1, v * 0.6)) * 32767, true);
  }
  chimeUrl = URL.createObjectURL(new Blob([data.buffer], { type: 'audio/wav' }));
  return chimeUrl;
}

/** Plays a chime through the chosen speaker, so the staff can hear that the right one is on. */
export function SpeakerTestButton({ sinkId }: { sinkId: string | null }) {
  const { t } = useTranslation();
  const audioRef = useRef<SinkAudio | null>(null);
  const play = async () => {
    const audio: SinkAudio = audioRef.current ?? new Audio();
    audioRef.current = audio;
    audio.src = chime();
    if (sinkId && typeof audio.setSinkId === 'function')
      await audio.setSinkId(sinkId).catch(logFailure('choosing the speaker for the test chime'));
    audio.currentTime = 0;
    await audio.play().catch(logFailure('playing the test chime'));
  };
  return <BigButton label={t('venue.speakerTest')} icon="speaker" variant="light" onClick={() => void play()} data-testid="speaker-test" />;
}
