import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../ui/BigButton';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';
import type { ClientErrorCode } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import type { Words } from './CallFlow';

interface LoadedPageProps<T> {
  /** Loads again when this changes (the token, the session id). */
  resourceKey: string;
  load: (signal: AbortSignal) => Promise<T>;
  /** Answers meaning the link itself is wrong: explained, with nothing to retry. */
  notFoundCodes: ReadonlySet<ClientErrorCode>;
  notFound: Words & { testId: string };
  children: (data: T, reload: () => void) => ReactNode;
}

/**
 * A page that first loads what its address points to: a spinner meanwhile, a plain explanation
 * for a wrong link, a retry button when loading failed (no network), then `children`.
 */
export function LoadedPage<T>({ resourceKey, load, notFoundCodes, notFound, children }: LoadedPageProps<T>) {
  const { t } = useTranslation();
  const [resource, reload] = useResource<T>(resourceKey, load);

  if (resource.status === 'loading') return <LoadingScreen />;
  if (resource.status === 'ok') return children(resource.data, reload);
  if (notFoundCodes.has(resource.error.code)) {
    return (
      <MessageScreen title={notFound.title} tone="warning" testId={notFound.testId}>
        <p>{notFound.body}</p>
      </MessageScreen>
    );
  }
  return (
    <MessageScreen
      title={t('join.loadFailedTitle')}
      tone="warning"
      testId="load-failed"
      action={<BigButton label={t('common.retry')} variant="primary" size="huge" onClick={reload} />}
    >
      <p>{t('join.loadFailedBody')}</p>
    </MessageScreen>
  );
}
