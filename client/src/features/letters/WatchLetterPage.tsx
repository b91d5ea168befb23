import { useCallback, useRef, useState } from 'react';
import { letterRoutes } from '@shared/letters/routes';
import type { LetterWatch } from '@shared/letters/schemas';
import { useLettersT } from '../../i18n/letters';
import { apiCall } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { BigButton } from '../../ui/BigButton';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';
import '../../styles/letters.css';

/**
 * `/l/:token`: a video letter for one person (or the venue's TV): the title, whom it is for, and one large ▶.
 * Opening the page counts one view (on the server: a count, not who).
 */
export default function WatchLetterPage({ token }: { token: string }) {
  const { t } = useLettersT();
  const load = useCallback((signal: AbortSignal) => apiCall(letterRoutes.watchLetter, { params: { token }, signal }), [token]);
  const [letter] = useResource<LetterWatch>(`letter:${token}`, load);
  const video = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  if (letter.status === 'loading') return <LoadingScreen />;
  if (letter.status === 'error')
    return (
      <MessageScreen title={t('watch.gone')} tone="warning" testId="letter-gone">
        <p>{t('watch.goneBody')}</p>
      </MessageScreen>
    );
  const { data } = letter;
  const play = () => {
    setPlaying(true);
    void video.current?.play();
  };
  return (
    <main className="letter-page letter-page--watch" data-testid="watch-letter-page">
      <h1 className="letter-page__title">{data.title}</h1>
      <p className="letter-page__to">{data.name ? t('watch.to', { name: data.name }) : data.venueName}</p>
      <div className="letter-player">
        <video
          ref={video}
          className="letter-player__video"
          src={data.videoUrl}
          controls={playing}
          playsInline
          preload="metadata"
          onPlay={() => setPlaying(true)}
          data-testid="letter-video"
        />
        {!playing && (
          // Over the picture until it plays; the button itself is the one thing to press.
          <div className="letter-player__overlay">
            <BigButton
              label={`▶\u00a0${t('watch.play')}`}
              variant="primary"
              size="huge"
              className="letter-player__play"
              onClick={play}
              data-testid="letter-play"
            />
          </div>
        )}
      </div>
    </main>
  );
}
