import { useState } from 'react';
import { captionRoutes } from '@shared/captions/routes';
import type { CaptionLink, CaptionsState } from '@shared/captions/schemas';
import { useCaptionsT } from '../../i18n/captions';
import { apiCall } from '../../lib/api';
import { BigButton } from '../../ui/BigButton';
import { Sheet } from '../../ui/Sheet';
import { CaptionWriter } from './CaptionWriter';
import type { AutoCaptions } from './useAutoCaptions';
import { useCaptionsShown } from './useCaptionsShown';

export interface HostCaptionsSheetProps {
  sessionId: string;
  captions: CaptionsState | null;
  auto: AutoCaptions;
  send: (text: string, replaces?: string) => Promise<unknown>;
  setKeepTranscript: (keep: boolean) => Promise<void>;
  onClose: () => void;
}

/**
 * The venue's captions, beside the pictures: captions on this screen (and so on the TV) on or off, the room's
 * microphone captioned automatically, write a line (or correct an automatic one), 「記録を残す」, and a link for a
 * volunteer caption writer (要約筆記) on their own device.
 */
export function HostCaptionsSheet({ sessionId, captions, auto, send, setKeepTranscript, onClose }: HostCaptionsSheetProps) {
  const { t } = useCaptionsT();
  const [shown, toggleShown] = useCaptionsShown();
  const keep = captions?.keepTranscript ?? false;
  const [link, setLink] = useState<CaptionLink | null>(null);
  const makeLink = async () => setLink(await apiCall(captionRoutes.createCaptionLink, { params: { sessionId }, body: { hours: 12 } }));
  const stopLink = async (id: string) => {
    await apiCall(captionRoutes.revokeCaptionLink, { params: { linkId: id } });
    setLink(null);
  };

  return (
    <Sheet
      title={t('host.title')}
      placement="side"
      onClose={onClose}
      closeTestId="captions-close"
      testId="captions-sheet"
      className="caption-sheet"
    >
      <div className="caption-sheet__row">
        <BigButton
          label={t('host.screen')}
          detail={shown ? t('band.stateOn') : t('band.stateOff')}
          variant={shown ? 'primary' : 'neutral'}
          aria-pressed={shown}
          onClick={toggleShown}
          data-testid="captions-shown-button"
        />
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
      </div>
      {auto.blocked && <p className="caption-writer__error">{t('host.autoBlocked')}</p>}
      <CaptionWriter captions={captions} send={send} />
      <BigButton
        label={t('host.keep')}
        detail={keep ? t('host.keepOn') : t('host.keepOff')}
        icon="check"
        variant={keep ? 'primary' : 'neutral'}
        aria-pressed={keep}
        onClick={() => void setKeepTranscript(!keep)}
        data-testid="keep-transcript-button"
      />
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
    </Sheet>
  );
}

/** 字幕: オン / 自動 / オフ, on the venue's 字幕 button: what this screen (and the TV) shows. */
export function useCaptionsStateLabel(autoRunning: boolean): string {
  const { t } = useCaptionsT();
  const [shown] = useCaptionsShown();
  if (!shown) return t('band.stateOff');
  return autoRunning ? t('host.stateAuto') : t('band.stateOn');
}
