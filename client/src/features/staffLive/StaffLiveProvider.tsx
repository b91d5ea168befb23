import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { STAFF_NAMESPACE, type StaffServerToClientEvents } from '@shared/staffLive/events';
import { staffLiveRoutes } from '@shared/staffLive/routes';
import type { SessionAttendanceCounts, StaffTrouble } from '@shared/staffLive/schemas';
import { apiCall } from '../../lib/api';
import { logFailure } from '../../lib/log';

export interface StaffLiveState {
  /** 困りごと nobody has handled yet, oldest first. */
  troubles: readonly StaffTrouble[];
  /** Today's sessions' attendance, by session id. */
  counts: ReadonlyMap<string, SessionAttendanceCounts>;
  /** False while the live channel is down (it reconnects by itself). */
  connected: boolean;
  /** Takes a request off the banner at once (the server's notice follows). */
  dismiss: (sessionId: string, participantId: string) => void;
}

const StaffLiveContext = createContext<StaffLiveState | null>(null);

/** The live state of the staff pages, or null outside StaffLiveProvider. */
export function useStaffLive(): StaffLiveState | null {
  return useContext(StaffLiveContext);
}

const troubleKey = (t: { sessionId: string; participantId: string }) => `${t.sessionId}/${t.participantId}`;

/** After the server closed the socket (a sign-in or account changed), try again after this long. */
const SERVER_CLOSED_RETRY_MS = 2_000;

/**
 * One live channel for every staff page: the `/staff` socket of the signed-in user. At each (re)connection it
 * loads where things stand (today's open 困りごと and attendance), then follows the server's notices; a socket the
 * server recovered after a short drop has been sent what it missed instead.
 */
export function StaffLiveProvider({ children }: { children: ReactNode }) {
  const [troubles, setTroubles] = useState<ReadonlyMap<string, StaffTrouble>>(new Map());
  const [counts, setCounts] = useState<ReadonlyMap<string, SessionAttendanceCounts>>(new Map());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const socket: Socket<StaffServerToClientEvents> = io(STAFF_NAMESPACE, {
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.3,
    });
    let load: AbortController | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const applyTrouble = (trouble: StaffTrouble) =>
      setTroubles((old) => {
        const next = new Map(old);
        if (trouble.handled) next.delete(troubleKey(trouble));
        else next.set(troubleKey(trouble), trouble);
        return next;
      });
    const applyCounts = (c: SessionAttendanceCounts) => setCounts((old) => new Map(old).set(c.sessionId, c));
    socket.on('connect', () => {
      setConnected(true);
      // Back after a short drop with the notices sent meanwhile (connection-state recovery): nothing to load again.
      if (socket.recovered) return;
      load?.abort();
      load = new AbortController();
      const signal = load.signal;
      apiCall(staffLiveRoutes.today, { signal })
        .then((today) => {
          setTroubles(new Map(today.troubles.map((t) => [troubleKey(t), t])));
          setCounts(new Map(today.sessions.map((c) => [c.sessionId, c])));
        })
        .catch((error: unknown) => {
          if (!signal.aborted) logFailure('loading today’s live staff view')(error);
        });
    });
    socket.on('disconnect', (reason) => {
      setConnected(false);
      // socket.io does not reconnect by itself after the server closed the socket: the page does.
      if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), SERVER_CLOSED_RETRY_MS);
    });
    socket.on('staff:trouble', applyTrouble);
    socket.on('staff:attendance', applyCounts);
    return () => {
      load?.abort();
      clearTimeout(retry);
      socket.close();
    };
  }, []);

  const value = useMemo<StaffLiveState>(
    () => ({
      troubles: [...troubles.values()].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)),
      counts,
      connected,
      dismiss: (sessionId, participantId) =>
        setTroubles((old) => {
          const next = new Map(old);
          next.delete(troubleKey({ sessionId, participantId }));
          return next;
        }),
    }),
    [troubles, counts, connected],
  );
  return <StaffLiveContext.Provider value={value}>{children}</StaffLiveContext.Provider>;
}
