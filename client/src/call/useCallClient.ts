import { useCallback, useEffect, useState } from 'react';
import { logFailure } from '../lib/log';
import type * as CallClientModuleNs from './CallClient';
import type { CallClient, CallClientOptions } from './CallClient';

type CallClientModule = typeof CallClientModuleNs;
let engine: Promise<CallClientModule> | null = null;

/**
 * The call engine (CallClient and everything it needs: socket.io-client, the transports, the peers) is a chunk of
 * its own, so that a home participant's greeting shows before it has downloaded (issue #15: the first screen under
 * 150 KB). A failed download is tried again at the next ask.
 */
export function loadCallEngine(): Promise<CallClientModule> {
  const loading = (engine ??= import('./CallClient'));
  loading.catch(() => {
    if (engine === loading) engine = null;
  });
  return loading;
}

export interface CallClientState {
  /** null until the engine has downloaded (the lobby shows meanwhile). */
  client: CallClient | null;
  /** The engine could not be downloaded (offline?): `retry` tries again. */
  failed: boolean;
  retry: () => void;
}

/**
 * One CallClient for the lifetime of the page (per `key`), released on unmount. Its code starts downloading when
 * the page first renders (the lobby's greeting is already on screen); once there, the client asks for the
 * microphone and camera (the preview) and gets ready to join (`prepare`: socket, router capabilities, Device).
 */
export function useCallClient(key: string, makeOptions: () => CallClientOptions): CallClientState {
  const [client, setClient] = useState<CallClient | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let created: CallClient | null = null;
    let released = false;
    loadCallEngine().then(
      ({ CallClient: CallClientClass }) => {
        if (released) return;
        created = new CallClientClass(makeOptions());
        setFailed(false);
        setClient(created);
        void created.startLocalMedia();
        created.prepare();
      },
      (error: unknown) => {
        if (released) return;
        logFailure('loading the call engine')(error);
        setFailed(true);
      },
    );
    return () => {
      released = true;
      created?.destroy();
      setClient(null);
    };
    // makeOptions is read once per key on purpose
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const retry = useCallback(() => {
    setFailed(false);
    setAttempt((n) => n + 1);
  }, []);
  return { client, failed, retry };
}
