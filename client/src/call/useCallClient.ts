import { useEffect, useState } from 'react';
import { CallClient, type CallClientOptions } from './CallClient';

/**
 * One CallClient for the lifetime of the page (per `key`), released on unmount.
 * It asks for the microphone and camera straight away, for the preview.
 */
export function useCallClient(key: string, makeOptions: () => CallClientOptions): CallClient | null {
  const [client, setClient] = useState<CallClient | null>(null);
  useEffect(() => {
    const created = new CallClient(makeOptions());
    setClient(created);
    void created.startLocalMedia();
    return () => {
      created.destroy();
      setClient(null);
    };
    // makeOptions is read once per key on purpose
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return client;
}
