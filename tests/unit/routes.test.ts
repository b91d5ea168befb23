import { describe, expect, it, vi } from 'vitest';
import { matchPath } from '../../client/src/lib/router';

// The home page's modules listen for the first tap when they load (call/audio/PlaybackVolume.ts): give them a
// document to listen on, then load the table. Nothing is rendered.
vi.stubGlobal('document', { addEventListener: () => undefined });
const { findRoute, routes } = await import('../../client/src/routes');

describe('matchPath', () => {
  it('gives each :parameter decoded, and ignores empty parts', () => {
    expect(matchPath('/admin/venues/:venueId/cards', '/admin/venues/ven%20demo/cards/')).toEqual({ venueId: 'ven demo' });
    expect(matchPath('/j/:token', '//j/abc')).toEqual({ token: 'abc' });
    expect(matchPath('/admin', '/admin/')).toEqual({});
  });

  it('does not match another length, another word, or a part that is not valid percent-encoding', () => {
    expect(matchPath('/admin/venues/:venueId', '/admin/venues/v/cards')).toBeNull();
    expect(matchPath('/admin/venues/:venueId', '/admin/venues')).toBeNull();
    expect(matchPath('/admin/videos', '/admin/staff')).toBeNull();
    expect(matchPath('/j/:token', '/j/%E0%A4%A')).toBeNull();
  });
});

describe('the route table', () => {
  const routeOf = (pathname: string) => findRoute(pathname)?.route.path ?? null;

  it('finds the page of every address the app has', () => {
    expect(routeOf('/j/abc')).toBe('/j/:token');
    expect(routeOf('/venue/ses_1')).toBe('/venue/:sessionId');
    expect(routeOf('/admin')).toBe('/admin');
    expect(routeOf('/admin/checkin-questions')).toBe('/admin/checkin-questions');
    expect(routeOf('/admin/staff')).toBe('/admin/staff');
    expect(routeOf('/admin/videos')).toBe('/admin/videos');
    expect(routeOf('/admin/venues/ven_1')).toBe('/admin/venues/:venueId');
    expect(routeOf('/admin/venues/ven_1/cards')).toBe('/admin/venues/:venueId/cards');
    expect(routeOf('/admin/venues/ven_1/program')).toBe('/admin/venues/:venueId/program');
    expect(routeOf('/admin/venues/ven_1/quiz-questions')).toBe('/admin/venues/:venueId/quiz-questions');
    expect(routeOf('/admin/participants/par_1')).toBe('/admin/participants/:participantId');
    expect(routeOf('/host')).toBe('/host');
    expect(routeOf('/sessions/ses_1/attendance')).toBe('/sessions/:sessionId/attendance');
    expect(routeOf('/sessions/ses_1/program')).toBe('/sessions/:sessionId/program');
    expect(routeOf('/watch')).toBe('/watch');
    expect(routeOf('/account')).toBe('/account');
  });

  it('has no page for anything else (the not-found page)', () => {
    for (const pathname of [
      '/',
      '/j',
      '/j/a/b',
      '/venue',
      '/admin/venues/v/other',
      '/admin/participants',
      '/sessions/s',
      '/nope',
      '/j/%E0%A4%A',
    ]) {
      expect(routeOf(pathname), pathname).toBeNull();
    }
  });

  it('has one route per path', () => {
    const paths = routes.map((route) => route.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
