import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TEXT_LIMITS } from '@shared/limits';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { FormActions } from '../../ui/staff/pageParts';

/** A weekly schedule's or a dated session's title: the smaller of the two bounds the server checks. */
const TITLE_MAX = Math.min(TEXT_LIMITS.scheduleTitle, TEXT_LIMITS.sessionTitle);

export interface TimedEntry {
  startTime: string;
  endTime: string;
  title: string;
}

interface TimedEntryFormProps {
  testId: string;
  /** The first field: which weekday, or which date. */
  whenField: ReactNode;
  /** What is wrong with the when field or the entry as a whole (e.g. a duplicate), if anything. */
  validate: (entry: TimedEntry) => string | null;
  defaultTitle: string;
  submitLabel: string;
  save: (entry: TimedEntry) => Promise<unknown>;
  onSaved: () => void;
  onCancel: () => void;
  /** The times to start from (when changing an existing one); default 10:00〜11:30. */
  initial?: Pick<TimedEntry, 'startTime' | 'endTime'>;
}

/** A weekly time or a one-off session: when, 始まり〜終わり, 内容, save / cancel. */
export function TimedEntryForm({
  testId,
  whenField,
  validate,
  defaultTitle,
  submitLabel,
  save,
  onSaved,
  onCancel,
  initial,
}: TimedEntryFormProps) {
  const { t } = useTranslation();
  const [startTime, setStartTime] = useState(initial?.startTime ?? '10:00');
  const [endTime, setEndTime] = useState(initial?.endTime ?? '11:30');
  const [title, setTitle] = useState(defaultTitle);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = { startTime: t('admin.schedules.start'), endTime: t('admin.schedules.end'), title: t('admin.schedules.titleLabel') };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const entry = { startTime, endTime, title: title.trim() };
    let checked: string | null = null;
    if (!startTime || !endTime) checked = t('admin.schedules.timeMissing');
    else if (startTime >= endTime) checked = t('admin.schedules.endBeforeStart');
    else if (!entry.title) checked = t('admin.schedules.titleMissing');
    checked = validate(entry) ?? checked;
    if (checked) return setProblem(checked);
    setBusy(true);
    try {
      await save(entry);
      onSaved();
    } catch (error) {
      setProblem(errorText(t, error, labels));
      setBusy(false);
    }
  };

  return (
    <form className="staff-form" onSubmit={(event) => void submit(event)} noValidate data-testid={testId}>
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      <div className="field-row">
        {whenField}
        <TextField label={labels.startTime} type="time" value={startTime} onChange={setStartTime} />
        <span className="field-row__between" aria-hidden="true">
          〜
        </span>
        <TextField label={labels.endTime} type="time" value={endTime} onChange={setEndTime} />
      </div>
      <TextField label={labels.title} value={title} onChange={setTitle} maxLength={TITLE_MAX} />
      <FormActions submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** An 「追加する」 button that opens a form in its place, and says so when the form saved. */
export function Adder({
  buttonLabel,
  savedText,
  children,
}: {
  buttonLabel: string;
  savedText: string;
  children: (onSaved: () => void, onCancel: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <>
      {saved && <FormMessage tone="ok">{savedText}</FormMessage>}
      {open ? (
        children(
          () => {
            setOpen(false);
            setSaved(true);
          },
          () => setOpen(false),
        )
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => {
              setOpen(true);
              setSaved(false);
            }}
          >
            {buttonLabel}
          </button>
        </div>
      )}
    </>
  );
}
