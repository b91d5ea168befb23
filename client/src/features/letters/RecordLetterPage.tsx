import { useLettersT } from '../../i18n/letters';
import { RecordMessage } from './RecordMessage';

/** `/j/:token/letter`: a home participant records a message for the video letter, with their invite link. */
export default function RecordLetterPage({ token }: { token: string }) {
  const { t } = useLettersT();
  return (
    <main className="letter-page" data-testid="record-letter-page">
      <h1 className="letter-page__title">{t('record.title')}</h1>
      <p className="letter-page__lead">{t('record.lead')}</p>
      <RecordMessage sender={{ invite: token }} />
    </main>
  );
}
