import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { LiveVideo } from '@shared/program/live';
import { planVideoCorrection, SEEK_THRESHOLD_SEC, videoHasEnded, videoPositionAt } from '@shared/program/videoSync';
import type { CallClient } from '../../../call/CallClient';
import { exposeVideoProbe } from '../../../call/testHooks';
import { BigButton } from '../../../ui/BigButton';
import { useLiveT } from '../../../i18n/program/live';
import { logFailure } from '../../../lib/log';
import './live.css';

const CHECK_EVERY_MS = 500;

interface SyncedVideoProps {
  client: CallClient;
  video: LiveVideo;
  /** The venue may play it through the room's speaker; home plays it with sound. */
  muted?: boolean;
  /** The venue's player tells the server the file's length, so that the server ends the video on time for everyone. */
  reportsLength?: boolean;
}

/** A length already known within this is not sent again. */
const SAME_LENGTH_SEC = 0.5;

/**
 * The exercise video, at the same position on every screen: the server says where it was at a
 * moment of its clock, and every half second this player compares itself with that and corrects
 * (a jump when far off, slightly faster or slower when close). A late joiner starts where the
 * others are. When the browser will not start it with sound, one big button does.
 */
export function SyncedVideo({ client, video, muted = false, reportsLength = false }: SyncedVideoProps) {
  const { t } = useLiveT();
  const ref = useRef<HTMLVideoElement>(null);
  const timeline = useRef(video);
  const starting = useRef(false);
  const [blocked, setBlocked] = useState(false);
  useLayoutEffect(() => {
    timeline.current = video;
  }, [video]);

  const start = useCallback((element: HTMLVideoElement) => {
    if (starting.current) return;
    starting.current = true;
    element
      .play()
      .then(() => setBlocked(false))
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError') setBlocked(true);
        else logFailure('playing the exercise video')(error);
      })
      .finally(() => (starting.current = false));
  }, []);

  const follow = useCallback(
    (allowStart: boolean) => {
      const element = ref.current;
      if (!element || element.readyState < HTMLMediaElement.HAVE_METADATA || element.seeking) return;
      const want = Math.min(videoPositionAt(timeline.current, client.live.serverNow()), element.duration || Infinity);
      if (!timeline.current.playing) {
        if (!element.paused) element.pause();
        element.playbackRate = 1;
        if (Math.abs(element.currentTime - want) > SEEK_THRESHOLD_SEC) element.currentTime = want;
        return;
      }
      // At its end a player stays there; after the end the server's play starts it again from the beginning.
      if (want >= element.duration || (element.ended && want >= element.duration - SEEK_THRESHOLD_SEC)) return;
      if (element.paused) {
        // Not started yet, or the browser wants a tap first (then the tap seeks).
        if (!allowStart) return;
        if (Math.abs(element.currentTime - want) > SEEK_THRESHOLD_SEC) element.currentTime = want;
        start(element);
        return;
      }
      const correction = planVideoCorrection(element.currentTime, want);
      if (correction.kind === 'seek') element.currentTime = correction.toSec;
      else if (element.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) element.playbackRate = correction.rate;
    },
    [client, start],
  );

  useEffect(() => setBlocked(false), [video.url]);
  useEffect(() => follow(!blocked), [follow, blocked, video.playing, video.positionSec, video.updatedAt]);
  useEffect(() => {
    const timer = setInterval(() => follow(!blocked), CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [follow, blocked]);
  useTestProbe(client, ref, timeline);

  /** The venue tells the length it read (or, for a file without one, where it ended). */
  const reportLength = (lengthSec: number) => {
    if (!reportsLength || !Number.isFinite(lengthSec) || lengthSec <= 0) return;
    const known = timeline.current.durationSec;
    if (known !== null && Math.abs(known - lengthSec) < SAME_LENGTH_SEC) return;
    client.live.video({ action: 'duration', durationSec: lengthSec }).catch(logFailure('telling the video length'));
  };

  const watch = () => {
    const element = ref.current;
    if (!element) return;
    element.currentTime = videoPositionAt(timeline.current, client.live.serverNow());
    start(element); // inside the tap, so the browser allows sound
  };

  const ended = videoHasEnded(video);
  return (
    <figure className="synced-video">
      <video
        ref={ref}
        className="synced-video__player"
        src={video.url}
        preload="auto"
        playsInline
        muted={muted}
        disablePictureInPicture
        onLoadedMetadata={(event) => {
          reportLength(event.currentTarget.duration);
          follow(!blocked);
        }}
        onEnded={(event) => {
          if (!Number.isFinite(event.currentTarget.duration)) reportLength(event.currentTarget.currentTime);
        }}
        data-testid="synced-video"
        data-video-id={video.videoId}
        data-playing={video.playing ? 'true' : 'false'}
        data-ended={ended ? 'true' : 'false'}
      />
      <figcaption className="tile-label">
        {t(ended ? 'video.endedLabel' : video.kind === 'letter' ? 'video.letterLabel' : 'video.label', { title: video.title })}
      </figcaption>
      {blocked && video.playing && (
        <div className="synced-video__blocked">
          <BigButton label={t('video.watch')} variant="primary" size="huge" onClick={watch} data-testid="synced-video-start" />
        </div>
      )}
    </figure>
  );
}

/** The browser tests' probe of the player (their build only, see call/testHooks.ts); nothing in production. */
const useTestProbe = __KAYOI_TEST_HOOKS__ ? useVideoTestProbe : () => undefined;

/** The player's position next to where it should be, on the same server clock. */
function useVideoTestProbe(client: CallClient, ref: RefObject<HTMLVideoElement | null>, timeline: RefObject<LiveVideo>) {
  useEffect(
    () =>
      exposeVideoProbe(() => {
        const serverNow = client.live.serverNow();
        const element = ref.current;
        return {
          currentTime: element?.currentTime ?? 0,
          expectedTime: videoPositionAt(timeline.current, serverNow),
          serverNow,
          playing: !!element && !element.paused,
        };
      }),
    [client, ref, timeline],
  );
}
