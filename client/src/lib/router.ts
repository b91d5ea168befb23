import { useEffect, useState } from 'react';

/** The parameters of a path pattern: `/admin/venues/:venueId/cards` → `{ venueId: string }`. */
export type PathParams<P extends string> = P extends `${infer Head}/${infer Tail}`
  ? SegmentParam<Head> & PathParams<Tail>
  : SegmentParam<P>;
type SegmentParam<S extends string> = S extends `:${infer Name}` ? { [K in Name]: string } : Record<never, never>;

/**
 * The parameters when `pathname` is a path of `pattern` (`/venue/:sessionId`), each `:name` part decoded; null
 * when it is not, or when a part is not valid percent-encoding. Empty parts do not count (`/admin/` is `/admin`).
 */
export function matchPath<P extends string>(pattern: P, pathname: string): PathParams<P> | null {
  const wanted = pattern.split('/').filter(Boolean);
  const parts = pathname.split('/').filter(Boolean);
  if (wanted.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, want] of wanted.entries()) {
    const part = parts[i]!;
    if (!want.startsWith(':')) {
      if (part !== want) return null;
      continue;
    }
    const value = decodePart(part);
    if (value === null) return null;
    params[want.slice(1)] = value;
  }
  return params as PathParams<P>;
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

/** The page's path now; follows back/forward navigation and `navigate()`. */
export function usePathname(): string {
  const [pathname, setPathname] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return pathname;
}
