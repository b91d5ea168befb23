import { HiddenStatus } from '../../call/HiddenStatus';
import { MessageScreen } from '../../../ui/MessageScreen';
import { useLiveT } from '../../../i18n/program/live';
import './live.css';

/** The host took this person out of the gathering: a plain message, and no way back in by itself. */
export function RemovedScreen() {
  const { t } = useLiveT();
  return (
    <MessageScreen title={t('removed.title')} testId="removed">
      <HiddenStatus state="ended" />
      <p>{t('removed.body')}</p>
    </MessageScreen>
  );
}
