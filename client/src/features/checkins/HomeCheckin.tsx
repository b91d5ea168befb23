import { Component, lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import type { CallClient } from '../../call/CallClient';
import type { CallSnapshot } from '../../call/types';
import { logFailure } from '../../lib/log';

// The check-in screens and their words are fetched only when they are about to be shown.
const loadScreen = () => import('./CheckinScreen');
const CheckinScreen = lazy(loadScreen);

type Open = null | 'after-join' | 'before-leave';

/** Asked 'after-join' with no あいさつ in the program: once the person has been with the others this long. */
export const CALM_AFTER_MS = 60_000;
/** Even during the あいさつ, the person first sees the room for a few seconds. */
export const SEE_THE_ROOM_MS = 5_000;
/**
 * The screen's code is fetched this long after the call is connected: early enough to be there when it is asked, and
 * not while the call connects (fetching and running the chunk took ~90 ms of the join's main thread under CPU ×4).
 */
const FETCH_AFTER_MS = 1_500;

/**
 * When the home participant is asked how they are (the venue's choice): after joining, but only once they
 * have seen the room, at a calm moment (the program's あいさつ, or after a minute; never during a question,
 * the exercise video or small groups); or when pressing 退出. Only with consent, only once per page and not
 * when this session's check-in is already in. Returns the 退出 handler and the panel to put over the call.
 */
export function useHomeCheckin(client: CallClient, snapshot: CallSnapshot): { onLeave: () => void; overlay: ReactNode } {
  const offer = snapshot.checkin;
  const [open, setOpen] = useState<Open>(null);
  const [offered, setOffered] = useState(false);
  const askable = Boolean(offer && offer.consent && !offer.alreadyAnswered && offer.questions.length > 0) && !offered;
  const timing = offer?.timing;

  const fetchNow = useHeldFor(askable && snapshot.status === 'connected', FETCH_AFTER_MS);
  useEffect(() => {
    if (fetchNow) void loadScreen().catch(logFailure('fetching the check-in screen early'));
  }, [fetchNow]);
  const calm = useCalmMoment(snapshot, askable && timing === 'after-join');
  useEffect(() => {
    if (calm) {
      setOffered(true);
      setOpen('after-join');
    }
  }, [calm]);

  const leave = useCallback(() => void client.leave(), [client]);
  const onLeave = useCallback(() => {
    if (askable && timing === 'before-leave') {
      setOffered(true);
      setOpen('before-leave');
    } else leave();
  }, [askable, timing, leave]);
  const onDone = useCallback(() => {
    setOpen(null);
    if (open === 'before-leave') leave();
  }, [open, leave]);

  const overlay =
    open && offer ? (
      <LoadFailed onFailed={onDone}>
        <Suspense fallback={null}>
          <CheckinScreen
            offer={offer}
            leaving={open === 'before-leave'}
            submit={(body) => client.submitCheckin(body)}
            submitQuestionnaire={(answers) => client.submitQuestionnaire(answers)}
            onDone={onDone}
          />
        </Suspense>
      </LoadFailed>
    ) : null;
  return { onLeave, overlay };
}

/**
 * True once it is a calm moment to ask (while `waiting`): connected, nothing else asked of the person (no
 * question, video or small group), and either the program's greeting is on or a minute in the call has passed.
 */
function useCalmMoment(snapshot: CallSnapshot, waiting: boolean): boolean {
  const connected = snapshot.status === 'connected';
  const roomSeen = useHeldFor(connected && waiting, SEE_THE_ROOM_MS);
  const minutePassed = useHeldFor(connected && waiting, CALM_AFTER_MS);
  const live = snapshot.live;
  const busy = !!(live?.quiz || live?.video || live?.breakout);
  const greeting = live?.clock.status === 'running' && live.segments[live.clock.index]?.kind === 'greeting';
  return waiting && connected && !busy && ((greeting && roomSeen) || minutePassed);
}

/** True once `on` has held for `ms` (and from then on). */
function useHeldFor(on: boolean, ms: number): boolean {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    if (!on || passed) return;
    const timer = setTimeout(() => setPassed(true), ms);
    return () => clearTimeout(timer);
  }, [on, passed, ms]);
  return passed;
}

/** The screen's code could not be downloaded: never block the call for it (or the way out of it). */
class LoadFailed extends Component<{ onFailed: () => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch() {
    this.props.onFailed();
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
