import { useTranslation } from 'react-i18next';
import type { AttendanceMode, RosterEntry } from '@shared/attendance/schemas';
import { BigButton } from '../../ui/BigButton';
import { Sheet } from '../../ui/Sheet';

interface CorrectionSheetProps {
  entry: RosterEntry;
  onChoose: (mode: AttendanceMode | null) => void;
  onClose: () => void;
}

const CHOICES: (AttendanceMode | null)[] = ['venue', 'online', 'phone', null];

/** Sets one person's attendance to any mode, or none: for mistakes noticed during or after the session. */
export function CorrectionSheet({ entry, onChoose, onClose }: CorrectionSheetProps) {
  const { t } = useTranslation();
  return (
    <Sheet
      title={t('roster.correctTitle', { name: entry.displayName })}
      onClose={onClose}
      closeTestId="correction-close"
      testId="correction-sheet"
    >
      <div className="roster-correction">
        {CHOICES.map((mode) => (
          <BigButton
            key={mode ?? 'absent'}
            label={t(`roster.state.${mode ?? 'absent'}`)}
            variant={entry.mode === mode ? 'primary' : 'light'}
            aria-pressed={entry.mode === mode}
            onClick={() => onChoose(mode)}
            data-testid={`correct-${mode ?? 'absent'}`}
          />
        ))}
      </div>
    </Sheet>
  );
}
