import { useEffect, useState } from 'react';

export type Route =
  | { name: 'join'; token: string }
  | { name: 'venue'; sessionId: string }
  | { name: 'not-found' };

/** `/j/:token` → join, `/venue/:sessionId` → venue, anything else → not found. */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (rest.length === 0 && second) {
    let value: string;
    try {
      value = decodeURIComponent(second);
    } catch {
      return { name: 'not-found' };
    }
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
