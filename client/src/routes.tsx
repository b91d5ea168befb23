import type { ParseKeys } from 'i18next';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { matchPath, type PathParams } from './lib/router';
import { JoinPage } from './pages/home/JoinPage';
import { ChunkErrorBoundary } from './ui/ChunkErrorBoundary';
import { LoadingScreen } from './ui/LoadingScreen';

/**
 * Every page of the app, by path. A page gets its path's `:parameters` as props (and is made afresh when they
 * change). Adding a staff page is one `staffPage(...)` line here, plus the page (a default export).
 */
/** The staff frame (sign-in, header) is a chunk of its own too: a home participant's first download never needs it. */
const StaffArea = lazy(() => import('./pages/staff/StaffArea').then((module) => ({ default: module.StaffArea })));

export const routes: readonly PageRoute[] = [
  // A home participant's personal link: the only page in the first download.
  page('/j/:token', JoinPage, { title: null }),
  // A home participant records a video letter message with their invite link; a letter's own link plays it.
  page(
    '/j/:token/letter',
    lazy(() => import('./features/letters/RecordLetterPage')),
    { title: null, around: (content) => <Suspense fallback={<LoadingScreen />}>{content}</Suspense> },
  ),
  page(
    '/l/:token',
    lazy(() => import('./features/letters/WatchLetterPage')),
    { title: null, around: (content) => <Suspense fallback={<LoadingScreen />}>{content}</Suspense> },
  ),
  // The venue tablet (a signed-in host), loaded on demand.
  page(
    '/venue/:sessionId',
    lazy(() => import('./pages/venue/VenueArea')),
    {
      title: 'venue.pageTitle',
      around: (content) => <Suspense fallback={<LoadingScreen />}>{content}</Suspense>,
    },
  ),

  // A staff member's one-time link to set their password (not signed in yet), loaded on demand.
  page(
    '/c/:token',
    lazy(() => import('./pages/captions/CaptionWriterPage').then((m) => ({ default: m.CaptionLinkPage }))),
    { title: null, around: (content) => <Suspense fallback={<LoadingScreen />}>{content}</Suspense> },
  ),
  page(
    '/captions/:sessionId',
    lazy(() => import('./pages/captions/CaptionWriterPage').then((m) => ({ default: m.StaffCaptionPage }))),
    { title: null, around: (content) => <Suspense fallback={<LoadingScreen />}>{content}</Suspense> },
  ),
  page(
    '/welcome/:token',
    lazy(() => import('./features/auth/WelcomePage')),
    { title: null, around: (content) => <Suspense fallback={<LoadingScreen />}>{content}</Suspense> },
  ),

  // Staff pages: each its own chunk (a home participant never downloads chart.js or qrcode, the host tablet not
  // the organiser's charts). `organiser`: organisers only. `title: null`: the page sets its own title.
  staffPage('/admin', () => import('./features/reports/DashboardPage'), { title: 'admin.title', organiser: true }),
  staffPage('/admin/checkin-questions', () => import('./features/checkins/questions/CheckinQuestionsPage'), {
    title: 'admin.checkinQuestionsTitle',
    organiser: true,
  }),
  staffPage('/admin/staff', () => import('./features/staff/StaffAccountsPage'), { title: null, organiser: true }),
  staffPage('/admin/videos', () => import('./features/program/VideoLibraryPage'), { title: null }),
  staffPage('/admin/venues/:venueId', () => import('./pages/staff/VenueAdminPage'), { title: 'admin.title', organiser: true }),
  staffPage('/admin/venues/:venueId/cards', () => import('./features/venues/cards/InviteCardsPage'), { title: 'cards.title' }),
  staffPage('/admin/venues/:venueId/captions', () => import('./features/captions/CaptionLinksPage'), { title: null }),
  staffPage('/admin/venues/:venueId/letters', () => import('./features/letters/LettersPage'), { title: null }),
  staffPage('/admin/letters/:letterId/cards', () => import('./features/letters/LetterCardsPage'), { title: null }),
  staffPage('/admin/venues/:venueId/program', () => import('./features/program/VenueTemplatePage'), { title: null }),
  staffPage('/admin/venues/:venueId/quiz-questions', () => import('./features/program/QuizQuestionsPage'), { title: null }),
  // Open to hosts too: the watch-over list links to it.
  staffPage('/admin/participants/:participantId', () => import('./features/checkins/watch/ParticipantTrendPage'), {
    title: 'staff.participantTitle',
  }),
  staffPage('/host', () => import('./pages/staff/HostPage'), { title: 'host.title' }),
  staffPage('/sessions/:sessionId/attendance', () => import('./pages/staff/SessionAttendancePage'), { title: 'roster.title' }),
  staffPage('/sessions/:sessionId/program', () => import('./features/program/SessionProgramPage'), { title: null }),
  staffPage('/watch', () => import('./features/checkins/watch/WatchPage'), { title: 'staff.nav.watch' }),
  staffPage('/account', () => import('./features/auth/AccountPage'), { title: 'auth.accountTitle' }),
];

/** A message of the main namespace, for `document.title`. */
export type TitleKey = ParseKeys<'translation'>;

export interface PageRoute {
  readonly path: string;
  /** `document.title` is this message and the app's name; null: the app's name alone (or what the page sets). */
  readonly title: TitleKey | null;
  /** The page for `pathname`, or null when this route is not its page. */
  render(pathname: string): ReactNode | null;
}

/** The route of `pathname` (the first that matches), or null: not a page of the app. */
export function findRoute(pathname: string): { route: PageRoute; content: ReactNode } | null {
  for (const route of routes) {
    const content = route.render(pathname);
    if (content !== null) return { route, content };
  }
  return null;
}

interface PageOptions {
  title: TitleKey | null;
  /** What the page is shown in (a sign-in check, a loading screen while its code downloads). */
  around?: (content: ReactNode) => ReactNode;
}

function page<P extends string>(
  path: P,
  Page: ComponentType<PathParams<P>>,
  { title, around = (content) => content }: PageOptions,
): PageRoute {
  return {
    path,
    title,
    render(pathname) {
      const params = matchPath(path, pathname);
      if (!params) return null;
      const key = Object.values<string>(params).join('/');
      return around(<Page key={key} {...params} />);
    },
  };
}

/** A staff page: signed-in staff only (organisers only with `organiser`), its code loaded when first shown. */
function staffPage<P extends string>(
  path: P,
  load: () => Promise<{ default: ComponentType<PathParams<P>> }>,
  { title, organiser = false }: { title: TitleKey | null; organiser?: boolean },
): PageRoute {
  const Page = lazy(load);
  return page(path, Page, {
    title,
    around: (content) => (
      <ChunkErrorBoundary>
        <Suspense fallback={<LoadingScreen />}>
          <StaffArea role={organiser ? 'organiser' : undefined}>{content}</StaffArea>
        </Suspense>
      </ChunkErrorBoundary>
    ),
  });
}
