import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { StaffPages, staffPageTitleKey } from './pages/staff/StaffArea';
import { useRoute } from './lib/router';
import { JoinPage } from './pages/home/JoinPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { LoadingScreen } from './ui/LoadingScreen';

const VenueArea = lazy(() => import('./pages/venue/VenueArea'));

export function App() {
  const route = useRoute();
  const { t } = useTranslation();
  useEffect(() => {
    const titleKey =
      route.name === 'venue'
        ? 'venue.pageTitle'
        : route.name === 'join' || route.name === 'not-found'
          ? null
          : staffPageTitleKey(route.name);
    document.title = titleKey ? `${t(titleKey)} | ${t('common.appName')}` : t('common.appName');
  }, [route.name, t]);

  switch (route.name) {
    case 'join':
      return <JoinPage key={route.token} token={route.token} />;
    case 'venue':
      return (
        <Suspense fallback={<LoadingScreen />}>
          <VenueArea key={route.sessionId} sessionId={route.sessionId} />
        </Suspense>
      );
    case 'admin':
    case 'admin-venue':
    case 'admin-cards':
    case 'admin-participant':
    case 'admin-checkin-questions':
    case 'host':
    case 'session-attendance':
    case 'watch':
    case 'account':
    case 'session-program':
    case 'venue-program':
    case 'venue-quiz-questions':
    case 'admin-videos':
    case 'admin-staff':
      return <StaffPages route={route} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
