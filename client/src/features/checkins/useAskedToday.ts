import { useCallback, useEffect, useState } from 'react';
import { logFailure } from '../../lib/log';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../lib/api';

/** Answers from home arrive by themselves; look again this often while the roster is open. */
const REFRESH_MS = 15_000;

/** Who has a check-in in this session already (answered at home, or asked by the host): participant ids. */
export function useAskedToday(sessionId: string): { asked: ReadonlySet<string>; refresh: () => void } {
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const refresh = useCallback(() => {
    apiCall(checkinRoutes.forSession, { params: { sessionId } }).then(
      (checkins) => setAsked(new Set(checkins.map((c) => c.participantId))),
      logFailure('loading the session’s check-ins'),
    );
  }, [sessionId]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { asked, refresh };
}
