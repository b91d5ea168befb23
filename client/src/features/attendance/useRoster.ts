import { useCallback, useEffect, useRef, useState } from 'react';
import { attendanceRoutes } from '@shared/attendance/routes';
import type { AttendanceMode, RosterEntry } from '@shared/attendance/schemas';
import type { SessionSummary } from '@shared/call/schemas';
import { apiCall } from '../../lib/api';
import { toCallError, type CallError } from '../../lib/errors';

const REFRESH_MS = 5_000;

export interface RosterState {
  entries: RosterEntry[];
  loaded: boolean;
  error: CallError | null;
  /** Participant ids whose change is on its way to the server. */
  pending: ReadonlySet<string>;
  /** The session (its date titles a correction after the day), once loaded. */
  session: SessionSummary | null;
}

/**
 * The session's roster, refreshed every few seconds (online joins arrive by themselves). A tap
 * shows its result at once and is confirmed by the server's answer; a failed change is rolled back.
 */
export function useRoster(sessionId: string) {
  const [state, setState] = useState<RosterState>({ entries: [], loaded: false, error: null, pending: new Set(), session: null });
  const pendingRef = useRef(new Set<string>());

  const refresh = useCallback(async () => {
    try {
      const roster = await apiCall(attendanceRoutes.roster, { params: { sessionId } });
      setState((s) => ({
        ...s,
        loaded: true,
        error: null,
        session: roster.session,
        entries: mergeKeepingPending(s.entries, roster.entries, pendingRef.current),
      }));
    } catch (error) {
      setState((s) => ({ ...s, loaded: true, error: toCallError(error) }));
    }
  }, [sessionId]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const apply = useCallback(async (participantId: string, optimistic: Partial<RosterEntry>, send: () => Promise<RosterEntry>) => {
    pendingRef.current.add(participantId);
    let previous: RosterEntry | undefined;
    setState((s) => {
      previous = s.entries.find((e) => e.participantId === participantId);
      return { ...s, pending: new Set(pendingRef.current), entries: replace(s.entries, participantId, optimistic) };
    });
    try {
      const confirmed = await send();
      pendingRef.current.delete(participantId);
      setState((s) => ({ ...s, error: null, pending: new Set(pendingRef.current), entries: replace(s.entries, participantId, confirmed) }));
    } catch (error) {
      pendingRef.current.delete(participantId);
      setState((s) => ({
        ...s,
        error: toCallError(error),
        pending: new Set(pendingRef.current),
        entries: previous ? replace(s.entries, participantId, previous) : s.entries,
      }));
    }
  }, []);

  const toggle = useCallback(
    (entry: RosterEntry, mode: AttendanceMode) => {
      const undo = entry.mode === mode;
      return apply(entry.participantId, { mode: undo ? null : mode }, () =>
        undo ? unmark(sessionId, entry.participantId) : mark(sessionId, entry.participantId, mode),
      );
    },
    [apply, sessionId],
  );

  const setMode = useCallback(
    (entry: RosterEntry, mode: AttendanceMode | null) =>
      apply(entry.participantId, { mode }, () =>
        mode === null ? unmark(sessionId, entry.participantId) : mark(sessionId, entry.participantId, mode),
      ),
    [apply, sessionId],
  );

  const addWalkIn = useCallback(
    async (displayName: string, kana: string) => {
      const entry = await apiCall(attendanceRoutes.walkIn, { params: { sessionId }, body: { displayName, kana, mode: 'venue' } });
      setState((s) => ({ ...s, entries: [...s.entries, entry] }));
    },
    [sessionId],
  );

  return { ...state, toggle, setMode, addWalkIn, refresh };
}

function replace(entries: RosterEntry[], participantId: string, changes: Partial<RosterEntry>): RosterEntry[] {
  return entries.map((e) => (e.participantId === participantId ? { ...e, ...changes } : e));
}

/** A refresh must not undo a tap whose answer has not come back yet. */
function mergeKeepingPending(current: RosterEntry[], fresh: RosterEntry[], pending: ReadonlySet<string>): RosterEntry[] {
  return fresh.map((entry) =>
    pending.has(entry.participantId) ? (current.find((c) => c.participantId === entry.participantId) ?? entry) : entry,
  );
}

const mark = (sessionId: string, participantId: string, mode: AttendanceMode) =>
  apiCall(attendanceRoutes.mark, { params: { sessionId, participantId }, body: { mode } });
const unmark = (sessionId: string, participantId: string) => apiCall(attendanceRoutes.unmark, { params: { sessionId, participantId } });
