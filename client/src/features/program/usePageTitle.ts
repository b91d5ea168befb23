import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the tab's title once the page's own messages are loaded (App cannot: they come with the page's chunk). */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} | ${t('common.appName')}`;
  }, [title, t]);
}
