import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';
import type { StaffRoute } from '../../lib/router';
import { RequireSignIn } from '../../features/auth';

// Each staff page is its own chunk: a home participant's bundle never carries chart.js or qrcode,
// and the host tablet does not load the organiser's charts.
const AdminDashboardPage = lazy(() => import('../../features/reports/DashboardPage'));
const VenueAdminPage = lazy(() => import('./VenueAdminPage'));
const InviteCardsPage = lazy(() => import('../../features/venues/cards/InviteCardsPage'));
const HostPage = lazy(() => import('./HostPage'));
const SessionAttendancePage = lazy(() => import('./SessionAttendancePage'));
const AccountPage = lazy(() => import('../../features/auth/AccountPage'));
const WatchPage = lazy(() => import('../../features/checkins/watch/WatchPage'));
const ParticipantTrendPage = lazy(() => import('../../features/checkins/watch/ParticipantTrendPage'));
const CheckinQuestionsPage = lazy(() => import('../../features/checkins/questions/CheckinQuestionsPage'));
const SessionProgramPage = lazy(() => import('../../features/program/SessionProgramPage'));
const VenueTemplatePage = lazy(() => import('../../features/program/VenueTemplatePage'));
const QuizQuestionsPage = lazy(() => import('../../features/program/QuizQuestionsPage'));
const VideoLibraryPage = lazy(() => import('../../features/program/VideoLibraryPage'));
const StaffAccountsPage = lazy(() => import('../../features/staff/StaffAccountsPage'));

/** The page title of a staff route (App sets `document.title`); null for pages that set it from their own lazy messages. */
export function staffPageTitleKey(name: StaffRoute['name']) {
  switch (name) {
    case 'admin':
    case 'admin-venue':
      return 'admin.title' as const;
    case 'admin-cards':
      return 'cards.title' as const;
    case 'admin-checkin-questions':
      return 'admin.checkinQuestionsTitle' as const;
    case 'host':
      return 'host.title' as const;
    case 'session-attendance':
      return 'roster.title' as const;
    case 'watch':
      return 'staff.nav.watch' as const;
    case 'admin-participant':
      return 'staff.participantTitle' as const;
    case 'account':
      return 'auth.accountTitle' as const;
    case 'session-program':
    case 'venue-program':
    case 'venue-quiz-questions':
    case 'admin-videos':
    case 'admin-staff':
      return null;
  }
}

function page(route: StaffRoute): ReactNode {
  switch (route.name) {
    case 'admin':
      return <AdminDashboardPage />;
    case 'admin-venue':
      return <VenueAdminPage key={route.venueId} venueId={route.venueId} />;
    case 'admin-cards':
      return <InviteCardsPage key={route.venueId} venueId={route.venueId} />;
    case 'host':
      return <HostPage />;
    case 'session-attendance':
      return <SessionAttendancePage key={route.sessionId} sessionId={route.sessionId} />;
    case 'watch':
      return <WatchPage />;
    case 'admin-participant':
      return <ParticipantTrendPage key={route.participantId} participantId={route.participantId} />;
    case 'account':
      return <AccountPage />;
    case 'admin-checkin-questions':
      return <CheckinQuestionsPage />;
    case 'session-program':
      return <SessionProgramPage key={route.sessionId} sessionId={route.sessionId} />;
    case 'venue-program':
      return <VenueTemplatePage key={route.venueId} venueId={route.venueId} />;
    case 'venue-quiz-questions':
      return <QuizQuestionsPage key={route.venueId} venueId={route.venueId} />;
    case 'admin-videos':
      return <VideoLibraryPage />;
    case 'admin-staff':
      return <StaffAccountsPage />;
  }
}

/**
 * `/admin…`, `/host`, `/watch`, `/account`: signed-in staff only; organiser pages for organisers only. A
 * participant's history (`/admin/participants/…`) is open to hosts too: the watch-over list links to it.
 */
export function StaffPages({ route }: { route: StaffRoute }) {
  const organiserOnly =
    route.name === 'admin' || route.name === 'admin-venue' || route.name === 'admin-checkin-questions' || route.name === 'admin-staff';
  return (
    <RequireSignIn role={organiserOnly ? 'organiser' : undefined}>
      <ChunkErrorBoundary>
        <Suspense fallback={<LoadingScreen />}>{page(route)}</Suspense>
      </ChunkErrorBoundary>
    </RequireSignIn>
  );
}

/** A page's code could not be downloaded (the network dropped): say so and offer a reload. */
class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <ChunkFailed /> : this.props.children;
  }
}

function ChunkFailed() {
  const { t } = useTranslation();
  return (
    <MessageScreen
      title={t('errors.NETWORK.title')}
      tone="warning"
      action={<BigButton label={t('common.retry')} variant="primary" size="huge" onClick={() => window.location.reload()} />}
    >
      <p>{t('errors.NETWORK.body')}</p>
    </MessageScreen>
  );
}
