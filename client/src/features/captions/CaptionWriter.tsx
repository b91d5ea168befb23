import { useState, type KeyboardEvent } from 'react';
import { CAPTION_LIMITS } from '@shared/captions/limits';
import type { CaptionsState } from '@shared/captions/schemas';
import { useCaptionsT } from '../../i18n/captions';
import { toCallError } from '../../lib/errors';

export interface CaptionWriterProps {
  captions: CaptionsState | null;
  /** Sends a line (with `replaces`: corrects that line); throws a CallError when refused. */
  send: (text: string, replaces?: string) => Promise<unknown>;
}

const KNOWN_ERRORS = [
  'INVALID_TOKEN',
  'NO_ACTIVE_SESSION',
  'UNAUTHENTICATED',
  'SESSION_NOT_FOUND',
  'RATE_LIMITED',
  'INVALID_PAYLOAD',
  'NOT_FOUND',
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

/** The caption writer's typing: one large line, Enter sends (not while the IME is converting); 直す corrects a recent line. */
export function CaptionWriter({ captions, send }: CaptionWriterProps) {
  const { t } = useCaptionsT();
  const [text, setText] = useState('');
  const [fixing, setFixing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recent = (captions?.lines ?? []).slice(-8).reverse();

  const submit = async () => {
    const line = text.trim();
    if (line === '' || busy) return;
    setBusy(true);
    setError(null);
    try {
      await send(line, fixing ?? undefined);
      setText('');
      setFixing(null);
    } catch (failure) {
      setError(captionErrorMessage(t, toCallError(failure).code));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void submit();
  };

  return (
    <div className="caption-writer" data-testid="caption-writer">
      {fixing && (
        <p className="caption-writer__fixing">
          {t('writer.fixing')}
          <button type="button" className="caption-writer__small" onClick={() => (setFixing(null), setText(''))}>
            {t('writer.cancelFix')}
          </button>
        </p>
      )}
      <div className="caption-writer__row">
        <input
          className="caption-writer__input"
          value={text}
          maxLength={CAPTION_LIMITS.maxLineChars}
          placeholder={t('writer.placeholder')}
          aria-label={t('writer.title')}
          enterKeyHint="send"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          data-testid="caption-input"
        />
        <button
          type="button"
          className="caption-writer__send"
          disabled={busy || text.trim() === ''}
          onClick={() => void submit()}
          data-testid="caption-send"
        >
          {t('writer.send')}
        </button>
      </div>
      <p className="caption-writer__count">{t('writer.count', { count: text.length, max: CAPTION_LIMITS.maxLineChars })}</p>
      {error && (
        <p className="caption-writer__error" role="alert" data-testid="caption-error">
          {error}
        </p>
      )}
      <h2 className="caption-writer__recent-title">{t('writer.recent')}</h2>
      {recent.length === 0 && <p className="caption-writer__none">{t('writer.none')}</p>}
      <ol className="caption-writer__recent" data-testid="caption-sent">
        {recent.map((line) => (
          <li
            key={line.id}
            className={
              line.source === 'auto' && !line.corrected ? 'caption-writer__line caption-writer__line--auto' : 'caption-writer__line'
            }
          >
            {line.source === 'auto' && !line.corrected && <span className="caption-line__badge">{t('band.auto')}</span>}
            <span className="caption-writer__text">{line.text}</span>
            <button
              type="button"
              className="caption-writer__small"
              onClick={() => (setFixing(line.id), setText(line.text))}
              data-testid="caption-fix"
            >
              {t('writer.fix')}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The writer's words for a refused line or page. */
export function captionErrorMessage(t: ReturnType<typeof useCaptionsT>['t'], code: string): string {
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? t(`writer.errors.${code as KnownError}`) : t('writer.errors.other');
}
