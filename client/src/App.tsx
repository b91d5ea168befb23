import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from './lib/router';
import { JoinPage } from './pages/JoinPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { VenuePage } from './pages/VenuePage';

export function App() {
  const route = useRoute();
  const { t } = useTranslation();
  useEffect(() => {
    document.title = route.name === 'venue' ? `${t('venue.pageTitle')} | ${t('common.appName')}` : t('common.appName');
  }, [route.name, t]);

  switch (route.name) {
    case 'join':
      return <JoinPage key={route.token} token={route.token} />;
    case 'venue':
      return <VenuePage key={route.sessionId} sessionId={route.sessionId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
