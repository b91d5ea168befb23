import { useTranslation } from 'react-i18next';
import type { ClientErrorCode } from '../../lib/errors';
import { BigButton } from '../../ui/BigButton';
import { HiddenStatus } from './HiddenStatus';
import { MessageScreen } from '../../ui/MessageScreen';

/** Codes where pressing the button again can help (after waiting or closing the other device). */
const RETRYABLE: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  'NO_ACTIVE_SESSION',
  'NOT_YET_OPEN',
  'ALREADY_JOINED',
  'NOT_JOINED',
  'TIMEOUT',
  'INTERNAL',
  'NETWORK',
  'MEDIA_ERROR',
  'TRANSPORT_NOT_FOUND',
  'PRODUCER_NOT_FOUND',
  'CONSUMER_NOT_FOUND',
  'CANNOT_CONSUME',
  'INVALID_PAYLOAD',
  'UNKNOWN_EVENT',
]);

interface CallErrorScreenProps {
  code: ClientErrorCode;
  /** The retry button's words (参加する / はじめる); none for errors no retry can fix. */
  retryLabel: string;
  onRetry: () => void;
  withStatus?: boolean;
}

/** A join that failed: what happened and what to do, in plain words. */
export function CallErrorScreen({ code, retryLabel, onRetry, withStatus = true }: CallErrorScreenProps) {
  const { t } = useTranslation();
  const canRetry = RETRYABLE.has(code);
  return (
    <MessageScreen
      title={t(`errors.${code}.title`)}
      tone="warning"
      testId="call-error"
      action={
        canRetry ? <BigButton label={retryLabel} variant="primary" size="huge" onClick={onRetry} data-testid="join-button" /> : undefined
      }
    >
      {withStatus && <HiddenStatus state="error" />}
      <p data-error-code={code}>{t(`errors.${code}.body`)}</p>
    </MessageScreen>
  );
}
