import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '@shared/program/live';
import type { ExerciseVideo } from '@shared/program/videos';
import { videoHasEnded, videoPositionAt } from '@shared/program/videoSync';
import type { CallClient } from '../../../../call/CallClient';
import { BigButton } from '../../../../ui/BigButton';
import { errorKeys } from '../../../../lib/errors';
import { useResource } from '../../../../lib/useResource';
import { useSignedInUser } from '../../../auth';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../../../lib/api';
import { LetterChoices, useReadyLetters } from './LetterChoices';
import { useHostT } from './text';
import type { HostAction } from './useHostAction';

interface VideoTabProps {
  client: CallClient;
  live: LiveState;
  sessionId: string;
  action: HostAction;
}

const SKIP_SEC = 10;

/**
 * The organisation's exercise videos and the venue's finished video letters; the one picked plays on every screen at
 * the same moment.
 */
export function VideoTab({ client, live, sessionId, action }: VideoTabProps) {
  const { t } = useHostT();
  const { t: tMain } = useTranslation();
  const user = useSignedInUser();
  const [videos] = useResource(`videos:${user.organisationId}`, (signal) =>
    apiCall(programRoutes.videos, { params: { organisationId: user.organisationId }, signal }),
  );
  const letters = useReadyLetters(sessionId);
  const segment = live.segments[live.clock.index];
  const plannedId = segment?.content?.videoId ?? null;
  const [picked, setPicked] = useState<string | null>(null);
  // A new part of the program brings its own video: start from that one again.
  useEffect(() => setPicked(null), [segment?.id]);
  // With a single video there is nothing to choose.
  const onlyVideo = videos.status === 'ok' && videos.data.videos.length === 1 ? videos.data.videos[0]!.id : null;
  const chosen = picked ?? live.video?.videoId ?? plannedId ?? onlyVideo;
  const loaded = live.video;
  const playingChosen = loaded !== null && loaded.videoId === chosen && loaded.playing;
  // At its end the video waits: ▶ becomes もう一度 (the server plays an ended video from the start), or 閉じる.
  const ended = loaded !== null && loaded.videoId === chosen && videoHasEnded(loaded);

  const send = (what: string, ...requests: Parameters<CallClient['live']['video']>[0][]) =>
    void action.run(`video ${what}`, async () => {
      for (const request of requests) await client.live.video(request);
    });
  const play = () => {
    if (!chosen) return;
    if (loaded?.videoId === chosen) send('play', { action: 'play' });
    else if (letters.some((letter) => letter.id === chosen)) send('play', { action: 'loadLetter', letterId: chosen }, { action: 'play' });
    else send('play', { action: 'load', videoId: chosen }, { action: 'play' });
  };
  const seekBy = (deltaSec: number) => {
    if (!loaded) return;
    const now = videoPositionAt(loaded, client.live.serverNow());
    send('seek', { action: 'seek', positionSec: Math.max(0, now + deltaSec) });
  };

  return (
    <div className="host-tab">
      <h3 className="host-heading">{t('video.title')}</h3>
      {loaded && (
        <p className="host-status" data-testid="video-status" data-playing={String(loaded.playing)} data-ended={String(ended)}>
          {loaded.playing
            ? `▶ ${t('video.nowPlaying', { title: loaded.title })}`
            : ended
              ? `■ ${t('video.ended', { title: loaded.title })} ${t('video.endedHint')}`
              : `⏸ ${t('video.paused', { title: loaded.title })}`}
        </p>
      )}
      <div className="host-row host-row--wrap">
        <BigButton
          label={ended ? `↻ ${t('video.again')}` : `▶ ${t('video.play')}`}
          variant="primary"
          disabled={!chosen || playingChosen}
          onClick={play}
          data-testid="video-play"
        />
        <BigButton
          label={`⏸ ${t('video.pause')}`}
          variant="neutral"
          disabled={!loaded?.playing}
          onClick={() => send('pause', { action: 'pause' })}
          data-testid="video-pause"
        />
        <BigButton
          label={t('video.back10')}
          variant="neutral"
          disabled={!loaded}
          onClick={() => seekBy(-SKIP_SEC)}
          data-testid="video-back"
        />
        <BigButton
          label={t('video.forward10')}
          variant="neutral"
          disabled={!loaded}
          onClick={() => seekBy(SKIP_SEC)}
          data-testid="video-forward"
        />
        <BigButton
          label={t('video.close')}
          variant="neutral"
          disabled={!loaded}
          onClick={() => send('close', { action: 'close' })}
          data-testid="video-close"
        />
      </div>
      {videos.status === 'loading' && <p className="host-note">{t('video.loading')}</p>}
      {videos.status === 'error' && (
        <p className="host-error" role="alert">
          {videos.error.code === 'NOT_ALLOWED' ? t('video.staffOnly') : tMain(errorKeys(videos.error.code).title)}
        </p>
      )}
      {videos.status === 'ok' && videos.data.videos.length === 0 && letters.length === 0 && <p className="host-note">{t('video.none')}</p>}
      {videos.status === 'ok' && <VideoList videos={videos.data.videos} chosen={chosen} plannedId={plannedId} onPick={setPicked} />}
      <LetterChoices letters={letters} chosen={chosen} onPick={setPicked} />
    </div>
  );
}

function VideoList({
  videos,
  chosen,
  plannedId,
  onPick,
}: {
  videos: readonly ExerciseVideo[];
  chosen: string | null;
  plannedId: string | null;
  onPick: (id: string) => void;
}) {
  const { t } = useHostT();
  const ordered = plannedId ? [...videos].sort((a, b) => Number(b.id === plannedId) - Number(a.id === plannedId)) : videos;
  return (
    <div className="host-list" role="radiogroup" aria-label={t('video.title')}>
      {ordered.map((video) => (
        <button
          key={video.id}
          type="button"
          role="radio"
          aria-checked={video.id === chosen}
          className="host-choice host-choice--wide"
          onClick={() => onPick(video.id)}
          data-testid="video-pick"
          data-video-id={video.id}
        >
          <span>{video.title}</span>
          {video.id === plannedId && <span className="host-choice__tag">{t('video.planned')}</span>}
        </button>
      ))}
    </div>
  );
}
