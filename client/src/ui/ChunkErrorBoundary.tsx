import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from './BigButton';
import { MessageScreen } from './MessageScreen';

/** A page's code could not be downloaded (the network dropped): say so and offer a reload. */
export class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <ChunkFailed /> : this.props.children;
  }
}

function ChunkFailed() {
  const { t } = useTranslation();
  return (
    <MessageScreen
      title={t('errors.NETWORK.title')}
      tone="warning"
      action={<BigButton label={t('common.retry')} variant="primary" size="huge" onClick={() => window.location.reload()} />}
    >
      <p>{t('errors.NETWORK.body')}</p>
    </MessageScreen>
  );
}
