import { useEffect, useRef, useState } from 'react';
import type { CallClient } from '../../../../call/CallClient';
import { BigButton } from '../../../../ui/BigButton';
import type { RemotePeer } from '../../../../call/types';
import { useHostT } from './text';
import { useHostAction } from './useHostAction';

/** 「〇〇さんを通話から退出させますか？」 with やめる first (focused) and the red answer second. */
export function RemoveConfirm({ client, peer, onDone }: { client: CallClient; peer: RemotePeer; onDone: () => void }) {
  const { t } = useHostT();
  const action = useHostAction();
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  const confirm = async () => {
    setBusy(true);
    const removed = await action.run('remove person', () => client.live.remove(peer.id));
    setBusy(false);
    if (removed) onDone();
  };
  return (
    <div className="confirm" role="alertdialog" aria-modal="true" aria-labelledby="remove-title" data-testid="remove-dialog">
      <div className="confirm__box">
        <h2 id="remove-title" className="confirm__title">
          {t('people.removeTitle', { name: peer.displayName })}
        </h2>
        <p className="confirm__body">{t('people.removeBody')}</p>
        {action.error && (
          <p className="confirm__error" role="alert">
            {action.error}
          </p>
        )}
        <div className="confirm__actions">
          <BigButton ref={cancelRef} label={t('people.removeNo')} variant="light" onClick={onDone} data-testid="cancel-remove" />
          <BigButton
            label={t('people.removeYes')}
            variant="danger"
            onClick={() => void confirm()}
            disabled={busy}
            data-testid="confirm-remove"
            data-peer-id={peer.id}
          />
        </div>
      </div>
    </div>
  );
}
