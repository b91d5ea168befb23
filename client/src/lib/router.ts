import { useEffect, useState } from 'react';

export type Route = { name: 'join'; token: string } | { name: 'venue'; sessionId: string } | StaffRoute | { name: 'not-found' };

/** Staff pages (organisers and hosts), lazy-loaded: see features/admin/StaffPages.tsx. */
export type StaffRoute =
  | { name: 'admin' }
  | { name: 'admin-venue'; venueId: string }
  | { name: 'admin-cards'; venueId: string }
  | { name: 'admin-participant'; participantId: string }
  | { name: 'admin-checkin-questions' }
  | { name: 'admin-staff' }
  | { name: 'host' }
  | { name: 'session-attendance'; sessionId: string }
  | { name: 'watch' }
  | { name: 'account' }
  | { name: 'session-program'; sessionId: string }
  | { name: 'venue-program'; venueId: string }
  | { name: 'venue-quiz-questions'; venueId: string }
  | { name: 'admin-videos' };

/**
 * `/admin`, `/admin/checkin-questions`, `/admin/staff`, `/admin/videos`, `/admin/venues/:venueId` (and `/cards`, `/program`, `/quiz-questions`),
 * `/admin/participants/:participantId`, `/host`, `/sessions/:sessionId/attendance` (and `/program`), `/watch`, `/account`.
 */
function matchStaffRoute(parts: string[]): StaffRoute | null {
  if (parts.length === 1 && parts[0] === 'admin') return { name: 'admin' };
  if (parts.length === 2 && parts[0] === 'admin' && parts[1] === 'checkin-questions') return { name: 'admin-checkin-questions' };
  if (parts.length === 2 && parts[0] === 'admin' && parts[1] === 'videos') return { name: 'admin-videos' };
  if (parts.length === 2 && parts[0] === 'admin' && parts[1] === 'staff') return { name: 'admin-staff' };
  if (parts.length === 1 && parts[0] === 'host') return { name: 'host' };
  if (parts.length === 1 && parts[0] === 'watch') return { name: 'watch' };
  if (parts.length === 1 && parts[0] === 'account') return { name: 'account' };
  if (parts.length === 3 && parts[0] === 'sessions' && parts[1] && (parts[2] === 'attendance' || parts[2] === 'program')) {
    const sessionId = decodePart(parts[1]);
    if (sessionId === null) return null;
    return parts[2] === 'attendance' ? { name: 'session-attendance', sessionId } : { name: 'session-program', sessionId };
  }
  if (parts.length === 3 && parts[0] === 'admin' && parts[1] === 'participants' && parts[2]) {
    const participantId = decodePart(parts[2]);
    return participantId === null ? null : { name: 'admin-participant', participantId };
  }
  if (parts[0] === 'admin' && parts[1] === 'venues' && parts[2] && parts.length <= 4) {
    const venueId = decodePart(parts[2]);
    if (venueId === null) return null;
    if (parts.length === 3) return { name: 'admin-venue', venueId };
    return venuePageRoute(parts[3]!, venueId);
  }
  return null;
}

/** `/admin/venues/:venueId/<page>`. */
function venuePageRoute(page: string, venueId: string): StaffRoute | null {
  if (page === 'cards') return { name: 'admin-cards', venueId };
  if (page === 'program') return { name: 'venue-program', venueId };
  if (page === 'quiz-questions') return { name: 'venue-quiz-questions', venueId };
  return null;
}

/** A path segment decoded, or null when it is not valid percent-encoding. */
function decodePart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Goes to another page of the app without reloading it. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/** `/j/:token` → join, `/venue/:sessionId` → venue, anything else → not found. */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  const staff = matchStaffRoute(parts);
  if (staff) return staff;
  const [first, second, ...rest] = parts;
  if (rest.length === 0 && second) {
    const value = decodePart(second);
    if (value === null) return { name: 'not-found' };
    if (first === 'j') return { name: 'join', token: value };
    if (first === 'venue') return { name: 'venue', sessionId: value };
  }
  return { name: 'not-found' };
}

/** The current route; follows back/forward navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => matchRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(matchRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return route;
}
