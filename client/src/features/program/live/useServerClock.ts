import { useEffect, useState } from 'react';
import type { CallClient } from '../../../call/CallClient';

/** The server's clock (ms), refreshed every `everyMs` while `active`: countdowns on every screen agree. */
export function useServerClock(client: CallClient, everyMs = 250, active = true): number {
  const [now, setNow] = useState(() => client.live.serverNow());
  useEffect(() => {
    if (!active) return;
    setNow(client.live.serverNow());
    const timer = setInterval(() => setNow(client.live.serverNow()), everyMs);
    return () => clearInterval(timer);
  }, [client, everyMs, active]);
  return now;
}
