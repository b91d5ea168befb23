import { useCallback, useEffect, useState } from 'react';
import type { Checkin } from '@shared/checkins/schemas';
import { logFailure } from '../../lib/log';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../lib/api';
import { SKIPPED } from './text';

/** Answers from home arrive by themselves; look again this often while the roster is open. */
const REFRESH_MS = 15_000;

/** A check-in in this session: answered, or every question left unanswered (「答えない」 at home). */
export type AskedState = 'answered' | 'declined';

/** 「答えない」 records every question as skipped and no 困りごと: the person did not answer. */
export function checkinState(checkin: Pick<Checkin, 'answers' | 'trouble'>): AskedState {
  const declined = !checkin.trouble && Object.values(checkin.answers).every((answer) => answer === SKIPPED);
  return declined ? 'declined' : 'answered';
}

/** Who has a check-in in this session already (answered at home, or asked by the host), by participant id. */
export function useAskedToday(sessionId: string): { asked: ReadonlyMap<string, AskedState>; refresh: () => void } {
  const [asked, setAsked] = useState<ReadonlyMap<string, AskedState>>(new Map());
  const refresh = useCallback(() => {
    apiCall(checkinRoutes.forSession, { params: { sessionId } }).then(
      (checkins) => setAsked(new Map(checkins.map((c) => [c.participantId, checkinState(c)]))),
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
