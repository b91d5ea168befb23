import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePathname } from './lib/router';
import { NotFoundPage } from './pages/NotFoundPage';
import { findRoute } from './routes';

/** The page of the address (see routes.tsx), and the tab's title. */
export function App() {
  const pathname = usePathname();
  const found = findRoute(pathname);
  const { t } = useTranslation();
  const route = found?.route ?? null;
  useEffect(() => {
    const titleKey = route?.title ?? null;
    document.title = titleKey ? `${t(titleKey)} | ${t('common.appName')}` : t('common.appName');
  }, [route, t]);
  return found ? found.content : <NotFoundPage />;
}
