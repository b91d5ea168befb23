import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { captionRoutes } from '@shared/captions/routes';
import type { CaptionLink, CaptionsState } from '@shared/captions/schemas';
import { useCaptionsT } from '../../i18n/captions';
import { apiCall } from '../../lib/api';
import { BigButton } from '../../ui/BigButton';
import { CaptionWriter } from './CaptionWriter';
import type { AutoCaptions } from './useAutoCaptions';

export interface HostCaptionsSheetProps {
  sessionId: string;
  captions: CaptionsState | null;
  auto: AutoCaptions;
  send: (text: string, replaces?: string) => Promise<unknown>;
  setKeepTranscript: (keep: boolean) => Promise<void>;
  onClose: () => void;
}

/**
 * The venue's captions: write a line (or correct an automatic one), caption the room's microphone automatically,
 * 「記録を残す」, and a link for a volunteer caption writer (要約筆記) on their own device.
 */
export function HostCaptionsSheet({ sessionId, captions, auto, send, setKeepTranscript, onClose }: HostCaptionsSheetProps) {
  const { t } = useCaptionsT();
  const { t: tMain } = useTranslation();
  const keep = captions?.keepTranscript ?? false;
  const [link, setLink] = useState<CaptionLink | null>(null);
  const makeLink = async () => setLink(await apiCall(captionRoutes.createCaptionLink, { params: { sessionId }, body: { hours: 12 } }));
  const stopLink = async (id: string) => {
    await apiCall(captionRoutes.revokeCaptionLink, { params: { linkId: id } });
    setLink(null);
  };

  return (
    <div className="sheet" role="dialog" aria-modal="true" aria-labelledby="captions-title">
      <div className="sheet__box caption-sheet">
        <div className="sheet__header">
          <h2 id="captions-title" className="sheet__title">
            {t('host.title')}
          </h2>
          <BigButton label={tMain('common.close')} variant="primary" onClick={onClose} data-testid="captions-close" />
        </div>
        <CaptionWriter captions={captions} send={send} />
        <div className="caption-sheet__row">
          {auto.available ? (
            <BigButton
              label={auto.running ? t('host.autoStop') : t('host.autoStart')}
              icon="mic"
              variant={auto.running ? 'danger' : 'neutral'}
              aria-pressed={auto.running}
              onClick={auto.toggle}
              data-testid="auto-captions-button"
            />
          ) : (
            <p className="caption-sheet__note">{t('host.autoUnavailable')}</p>
          )}
          <BigButton
            label={t('host.keep')}
            detail={keep ? t('host.keepOn') : t('host.keepOff')}
            icon="check"
            variant={keep ? 'primary' : 'neutral'}
            aria-pressed={keep}
            onClick={() => void setKeepTranscript(!keep)}
            data-testid="keep-transcript-button"
          />
        </div>
        {auto.blocked && <p className="caption-writer__error">{t('host.autoBlocked')}</p>}
        {link ? (
          <div className="caption-sheet__link">
            <p>{t('host.linkLead')}</p>
            <p className="caption-sheet__url" data-testid="caption-link-url">
              {link.url}
            </p>
            <BigButton label={t('host.linkStop')} variant="danger" onClick={() => void stopLink(link.id)} />
          </div>
        ) : (
          <BigButton label={t('host.linkCreate')} variant="neutral" onClick={() => void makeLink()} data-testid="caption-link-create" />
        )}
      </div>
    </div>
  );
}
