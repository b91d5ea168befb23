import type { RosterEntry } from '@shared/attendance/schemas';
import { useCheckinsT } from '../../i18n/checkins';
import { RosterPanel, type RosterPanelProps, type RosterPersonAction } from '../attendance/RosterPanel';
import { HostCheckinSheet } from './HostCheckinSheet';
import { useAskedToday, type AskedState } from './useAskedToday';

/**
 * The host's roster with 「体調を聞く」 on each person who agreed to it: the button says when this session's
 * check-in is in already (from home, or asked by the host), and opens the same question screens as at home.
 */
export function CheckinRosterPanel(props: Omit<RosterPanelProps, 'personAction'>) {
  const checkins = useAskedToday(props.sessionId);
  const personAction: RosterPersonAction = {
    button: (entry, open) => <AskButton entry={entry} asked={checkins.asked.get(entry.participantId)} onAsk={open} />,
    sheet: ({ entry, markPresent, markError, close }) => (
      <HostCheckinSheet
        sessionId={props.sessionId}
        entry={entry}
        markPresent={markPresent}
        markError={markError}
        onRecorded={checkins.refresh}
        onClose={close}
      />
    ),
  };
  return <RosterPanel {...props} personAction={personAction} />;
}

/**
 * 「体調を聞く」: 「✓ 体調を聞いた」 once answered, 「答えなかった」 when the person chose 答えない (the host may
 * still ask aloud). Only offered with the person's consent.
 */
function AskButton({ entry, asked, onAsk }: { entry: RosterEntry; asked: AskedState | undefined; onAsk: () => void }) {
  const { t } = useCheckinsT();
  if (!entry.wellbeingConsent) {
    return (
      <span className="roster-person__no-consent" data-testid="roster-no-consent">
        {t('host.noConsent')}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={`roster-person__ask${asked === 'answered' ? ' roster-person__ask--done' : ''}`}
      onClick={onAsk}
      data-testid="roster-ask"
      data-state={asked ?? 'not-asked'}
    >
      {asked === 'answered' ? t('host.askAgain') : asked === 'declined' ? t('host.declined') : t('host.ask')}
    </button>
  );
}
