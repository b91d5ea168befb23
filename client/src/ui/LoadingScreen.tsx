import { useTranslation } from 'react-i18next';

/** "読み込んでいます…" with a calm spinner. */
export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <main className="message-screen" aria-busy="true">
      <div className="message-screen__box message-screen__box--center">
        <span className="spinner" aria-hidden="true" />
        <p className="message-screen__loading">{t('common.loading')}</p>
      </div>
    </main>
  );
}
