import { useEffect, useState } from 'react';
import { CallClient, type CallClientOptions } from './CallClient';

declare global {
  interface Window {
    /** For end-to-end tests: the page's call client (transports, getStats()). */
    __kayoi?: {
      client: CallClient;
      /** The exercise video while one is shown: its position and where it should be, on the same server clock. */
      video?: () => { currentTime: number; expectedTime: number; serverNow: number; playing: boolean };
    };
  }
}

/**
 * One CallClient for the lifetime of the page (per `key`), released on unmount.
 * It asks for the microphone and camera straight away, for the preview.
 */
export function useCallClient(key: string, makeOptions: () => CallClientOptions): CallClient | null {
  const [client, setClient] = useState<CallClient | null>(null);
  useEffect(() => {
    const created = new CallClient(makeOptions());
    setClient(created);
    window.__kayoi = { client: created };
    void created.startLocalMedia();
    return () => {
      created.destroy();
      if (window.__kayoi?.client === created) delete window.__kayoi;
      setClient(null);
    };
    // makeOptions is read once per key on purpose
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return client;
}
