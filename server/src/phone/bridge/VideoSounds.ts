import type { LiveSession } from '../../program/live/LiveSession';
import type { PhoneLeg } from '../media/PhoneLeg';
import { SessionVideoSound, type SessionVideoSoundDeps } from '../media/SessionVideoSound';

interface Followed {
  live: LiveSession;
  sound: SessionVideoSound;
  unfollow: () => void;
}

/**
 * The exercise video's sound on the telephone: one SessionVideoSound per session with callers in it, following
 * that session's live program; each caller's leg mixes it in. It goes when the last caller of the session has
 * left, when the session ends (the live program says null) or when the server stops.
 */
export class VideoSounds {
  private readonly sessions = new Map<string, Followed>();

  constructor(private readonly deps: SessionVideoSoundDeps) {}

  /** A caller entered the session's room: from now on they hear the video when it plays, at the live position. */
  attach(leg: PhoneLeg, live: LiveSession): void {
    if (leg.closed) return;
    const followed = this.followed(live);
    const reader = followed.sound.listen();
    leg.setSound(reader);
    leg.once('ended', () => {
      followed.sound.unlisten(reader);
      if (followed.sound.listenerCount === 0) this.drop(live.sessionId, followed);
    });
  }

  /** The decoder's process id for this session's video sound, while one runs (tests, the operations log). */
  decoderPid(sessionId: string): number | undefined {
    return this.sessions.get(sessionId)?.sound.decoderPid;
  }

  /** The server stops: every decoder is killed. */
  close(): void {
    for (const [sessionId, followed] of this.sessions) this.drop(sessionId, followed);
  }

  private followed(live: LiveSession): Followed {
    const known = this.sessions.get(live.sessionId);
    if (known?.live === live) return known;
    // A live program that ended and began again (never while callers are in it, but then follow the new one).
    if (known) this.drop(live.sessionId, known);
    const sound = new SessionVideoSound({ ...this.deps, logger: this.deps.logger.child({ sessionId: live.sessionId }) });
    const followed: Followed = { live, sound, unfollow: () => undefined };
    this.sessions.set(live.sessionId, followed);
    followed.unfollow = live.followVideo((video) => sound.follow(video));
    return followed;
  }

  private drop(sessionId: string, followed: Followed): void {
    followed.unfollow();
    followed.sound.close();
    if (this.sessions.get(sessionId) === followed) this.sessions.delete(sessionId);
  }
}
