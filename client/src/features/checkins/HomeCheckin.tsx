import { Component, lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import type { CallClient } from '../../call/CallClient';
import type { CallSnapshot } from '../../call/types';
import { logFailure } from '../../lib/log';

// The check-in screens and their words are fetched only when they are about to be shown.
const loadScreen = () => import('./CheckinScreen');
const CheckinScreen = lazy(loadScreen);

type Open = null | 'after-join' | 'before-leave';

/**
 * When the home participant is asked how they are: right after joining, or when pressing 退出 (the
 * venue's choice); only with consent, only once per page and not when this session's check-in is
 * already in. Returns the 退出 handler and the overlay to put over the call.
 */
export function useHomeCheckin(client: CallClient, snapshot: CallSnapshot): { onLeave: () => void; overlay: ReactNode } {
  const offer = snapshot.checkin;
  const [open, setOpen] = useState<Open>(null);
  const [offered, setOffered] = useState(false);
  const askable = Boolean(offer && offer.consent && !offer.alreadyAnswered && offer.questions.length > 0) && !offered;
  const timing = offer?.timing;

  useEffect(() => {
    if (askable) void loadScreen().catch(logFailure('fetching the check-in screen early')); // while the call connects
  }, [askable]);
  useEffect(() => {
    if (askable && timing === 'after-join' && snapshot.status === 'connected') {
      setOffered(true);
      setOpen('after-join');
    }
  }, [askable, timing, snapshot.status]);

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
