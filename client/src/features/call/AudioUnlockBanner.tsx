import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton';
import { logFailure } from '../../lib/log';

/** Shown when the browser would not start sound by itself: one tap starts every voice. */
export function AudioUnlockBanner({ onUnlocked }: { onUnlocked: () => void }) {
  const { t } = useTranslation();
  const unlock = () => {
    const plays = Array.from(document.querySelectorAll<HTMLAudioElement>('audio[data-kayoi-audio]')).map((a) =>
      a.play().catch(logFailure('playing a voice after the tap')),
    );
    void Promise.all(plays).then(onUnlocked);
  };
  return (
    <div className="audio-unlock" role="alert">
      <p>{t('call.unlockAudioHint')}</p>
      <BigButton label={t('call.unlockAudio')} icon="speaker" variant="primary" onClick={unlock} data-testid="unlock-audio" />
    </div>
  );
}
