import type { AttendanceMode, Roster, RosterEntry } from '@shared/attendance/schemas';
import { requestJson } from '../../lib/api';

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;
const person = (sessionId: string, participantId: string) => `${base(sessionId)}/attendance/${encodeURIComponent(participantId)}`;

export const rosterApi = {
  load: (sessionId: string, signal?: AbortSignal) => requestJson<Roster>('GET', `${base(sessionId)}/attendance`, undefined, signal),
  mark: (sessionId: string, participantId: string, mode: AttendanceMode) =>
    requestJson<RosterEntry>('PUT', person(sessionId, participantId), { mode }),
  unmark: (sessionId: string, participantId: string) => requestJson<RosterEntry>('DELETE', person(sessionId, participantId)),
  correct: (sessionId: string, participantId: string, changes: { mode?: AttendanceMode; minutesConnected?: number }) =>
    requestJson<RosterEntry>('PATCH', person(sessionId, participantId), changes),
  walkIn: (sessionId: string, displayName: string, kana: string) =>
    requestJson<RosterEntry>('POST', `${base(sessionId)}/walk-ins`, { displayName, kana, mode: 'venue' }),
};
