import { useTranslation } from 'react-i18next';
import { isUnavailable } from '../../call/localSource';
import type { CallSnapshot, MediaProblem } from '../../call/types';
import { BigButton } from '../../ui/BigButton';
import { Icon } from '../../ui/Icon';

interface MediaProblemNoticeProps {
  snapshot: CallSnapshot;
  /** Offer a button that asks for the devices again. */
  onRetry?: () => void;
}

/**
 * Explains in plain words when the camera and/or microphone cannot be used, and that joining
 * still works (audio-only or watching only).
 */
export function MediaProblemNotice({ snapshot, onRetry }: MediaProblemNoticeProps) {
  const { t } = useTranslation();
  const { mic, camera } = snapshot;
  const micMissing = isUnavailable(mic);
  const cameraMissing = isUnavailable(camera) && camera.enabled;
  if (!micMissing && !cameraMissing) return null;

  const which = micMissing && cameraMissing ? 'noCameraNoMic' : micMissing ? 'noMic' : 'noCamera';
  const reason: MediaProblem = (micMissing ? mic.problem : camera.problem) ?? 'failed';
  return (
    <section className="notice notice--warning" role="alert" data-testid="media-problem" data-problem={reason}>
      <h2 className="notice__title">
        <Icon name="warning" className="notice__icon" />
        {t(`media.${which}Title`)}
      </h2>
      <p>{t(`media.${which}Body`)}</p>
      <p>{t(`media.reason.${reason}`)}</p>
      {onRetry && reason !== 'unsupported' && (
        <BigButton label={t('media.tryAgain')} variant="light" onClick={onRetry} data-testid="media-retry" />
      )}
    </section>
  );
}
