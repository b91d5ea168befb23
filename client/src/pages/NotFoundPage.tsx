import { useTranslation } from 'react-i18next';
import { MessageScreen } from '../ui/MessageScreen';

/** Any address we do not know: a plain page that says whom to ask. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <MessageScreen title={t('notFound.title')} testId="not-found">
      <p>{t('notFound.body')}</p>
    </MessageScreen>
  );
}
