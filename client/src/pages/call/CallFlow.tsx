import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient, CallClientOptions } from '../../call/CallClient';
import { BigButton } from '../../ui/BigButton';
import { CallErrorScreen } from '../../features/call/CallErrorScreen';
import { HiddenStatus } from '../../features/call/HiddenStatus';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { MessageScreen } from '../../ui/MessageScreen';
import type { CallSnapshot, EndReason } from '../../call/types';
import { IDLE_SNAPSHOT } from '../../call/idleSnapshot';
import { useCallClient } from '../../call/useCallClient';
import { LiveSlot, RemovedScreen } from '../../features/program/live/lazy';
import { useCallSnapshot } from '../../call/useCallSnapshot';
import { AccessRevokedScreen, isAccessRevoked } from './AccessRevokedScreen';

/** A heading and one plain sentence (and, on a goodbye, perhaps the one thing to do next). */
export interface Words {
  title: string;
  body: string;
  action?: ReactNode;
}

/** What differs between the venue and home goodbyes. */
export interface FlowWords {
  /** The join button's words (参加する / はじめる), also on the retry button after an error. */
  joinLabel: string;
  sessionEnded: Words;
  left: Words;
}

interface CallFlowProps {
  /** One CallClient per key for the page's lifetime. */
  clientKey: string;
  makeOptions: () => CallClientOptions;
  words: FlowWords;
  /** `client` is null while the call engine is still downloading (the greeting shows meanwhile). */
  renderLobby: (client: CallClient | null, snapshot: CallSnapshot, join: () => void) => ReactNode;
  renderCall: (client: CallClient, snapshot: CallSnapshot) => ReactNode;
}

/** Lobby → call → goodbye (or a plain explanation of what went wrong), for either side. */
export function CallFlow({ clientKey, makeOptions, words, renderLobby, renderCall }: CallFlowProps) {
  const { client, failed, retry } = useCallClient(clientKey, makeOptions);
  const snapshot = useCallSnapshot(client);
  // Pressed before the engine arrived (a fast finger on a slow line): joins as soon as it is there.
  const [joinWaiting, setJoinWaiting] = useState(false);
  const join = useCallback(() => {
    if (client) client.join();
    else {
      setJoinWaiting(true);
      if (failed) retry();
    }
  }, [client, failed, retry]);
  useEffect(() => {
    if (!client || !joinWaiting) return;
    setJoinWaiting(false);
    client.join();
  }, [client, joinWaiting]);

  if (!client || !snapshot) {
    if (joinWaiting && failed) return <CallErrorScreen code="NETWORK" retryLabel={words.joinLabel} onRetry={retry} />;
    return joinWaiting ? <LoadingScreen /> : renderLobby(null, IDLE_SNAPSHOT, join);
  }

  switch (snapshot.status) {
    case 'idle':
      return renderLobby(client, snapshot, join);
    case 'connecting':
    case 'connected':
    case 'reconnecting':
      return renderCall(client, snapshot);
    case 'error':
      return <CallErrorScreen code={snapshot.error?.code ?? 'INTERNAL'} retryLabel={words.joinLabel} onRetry={join} />;
    case 'ended':
      return <CallEndedScreen reason={snapshot.endReason} words={words} onRejoin={join} />;
  }
}

/** After the call: the gathering ended, another screen took over, or you left (and may come back). */
function CallEndedScreen({ reason, words, onRejoin }: { reason: EndReason | null; words: FlowWords; onRejoin: () => void }) {
  const { t } = useTranslation();
  if (reason === 'session-ended') return <SessionEndedScreen words={words.sessionEnded} withStatus />;
  if (isAccessRevoked(reason)) return <AccessRevokedScreen reason={reason} />;
  if (reason === 'removed') {
    return (
      <LiveSlot fallback={<LoadingScreen />}>
        <RemovedScreen />
      </LiveSlot>
    );
  }
  if (reason === 'replaced') {
    return (
      <MessageScreen title={t('call.replacedTitle')} testId="replaced">
        <HiddenStatus state="ended" />
        <p>{t('call.replacedBody')}</p>
      </MessageScreen>
    );
  }
  return (
    <MessageScreen
      title={words.left.title}
      testId="left"
      action={
        <div className="left-actions">
          <BigButton label={t('call.rejoin')} variant="primary" size="huge" onClick={onRejoin} data-testid="join-button" />
          {words.left.action}
        </div>
      }
    >
      <HiddenStatus state="ended" />
      <p>{words.left.body}</p>
    </MessageScreen>
  );
}

/** 「集まりは終わりました」; with `withStatus` it also carries the hidden call status (`ended`). */
export function SessionEndedScreen({ words, withStatus = false }: { words: Words; withStatus?: boolean }) {
  return (
    <MessageScreen title={words.title} testId="session-ended" action={words.action}>
      {withStatus && <HiddenStatus state="ended" />}
      <p>{words.body}</p>
    </MessageScreen>
  );
}
