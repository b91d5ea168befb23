import type { CallStatus } from '../../call/types';

/** The status element on full-page screens (ended, error), where the page itself says it in words. */
export function HiddenStatus({ state }: { state: Exclude<CallStatus, 'idle'> }) {
  return <span className="visually-hidden" data-testid="call-status" data-state={state} />;
}
