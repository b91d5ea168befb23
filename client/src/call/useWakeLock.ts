import { useEffect } from 'react';
import { consoleDebug, logFailure } from '../lib/log';

interface WakeLockLike {
  release(): Promise<void>;
}
interface WakeLockNavigator {
  wakeLock?: { request(type: 'screen'): Promise<WakeLockLike> };
}

/** Keeps the tablet's screen on while `active` (re-taken when the page becomes visible again). */
export function useWakeLock(active: boolean): void {
  useEffect(() => {
    const api = (navigator as WakeLockNavigator).wakeLock;
    if (!active || !api) return;
    let lock: WakeLockLike | null = null;
    let cancelled = false;
    const take = () => {
      if (document.visibilityState !== 'visible') return;
      api
        .request('screen')
        .then((l) => {
          if (cancelled) void l.release().catch(logFailure('releasing the wake lock', consoleDebug));
          else lock = l;
        })
        .catch(logFailure('keeping the screen on (wake lock)', consoleDebug));
    };
    take();
    document.addEventListener('visibilitychange', take);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', take);
      void lock?.release().catch(logFailure('releasing the wake lock', consoleDebug));
    };
  }, [active]);
}
