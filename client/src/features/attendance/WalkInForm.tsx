import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS } from '@shared/limits';
import { BigButton } from '../../ui/BigButton';
import { Sheet } from '../../ui/Sheet';
import { errorKeys, toCallError, type CallError } from '../../lib/errors';

interface WalkInFormProps {
  onAdd: (displayName: string, kana: string) => Promise<void>;
  onClose: () => void;
}

/** Someone new came today: their name (and reading, if known), and they are marked present. */
export function WalkInForm({ onAdd, onClose }: WalkInFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kana, setKana] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await onAdd(name.trim(), kana.trim());
      onClose();
    } catch (caught) {
      setError(toCallError(caught));
      setBusy(false);
    }
  };

  return (
    <Sheet title={t('roster.walkInTitle')} onClose={onClose} closeLabel={t('common.back')} testId="walk-in-sheet">
      <form className="roster-walk-in" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field__label">{t('roster.walkInName')}</span>
          <input
            className="field__input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            required
            maxLength={TEXT_LIMITS.personName}
            data-testid="walk-in-name"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('roster.walkInKana')}</span>
          <input
            className="field__input"
            value={kana}
            onChange={(e) => setKana(e.target.value)}
            autoComplete="off"
            maxLength={TEXT_LIMITS.kana}
            data-testid="walk-in-kana"
          />
        </label>
        {error && (
          <p className="roster__error" role="alert">
            {error.field === 'body.kana' ? t('roster.kanaHint') : t(errorKeys(error.code).title)}
          </p>
        )}
        <BigButton
          label={t('roster.walkInAdd')}
          variant="primary"
          type="submit"
          disabled={busy || !name.trim()}
          data-testid="walk-in-submit"
        />
      </form>
    </Sheet>
  );
}
