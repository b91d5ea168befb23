import { useEffect, useState } from 'react';
import { listDevices, type DeviceLists } from './media';

const empty: DeviceLists = { cameras: [], microphones: [], speakers: [] };

/**
 * The cameras, microphones and speakers, refreshed when a device is plugged in or out and
 * whenever `refreshKey` changes (device names appear only after permission was given).
 */
export function useMediaDevices(refreshKey: unknown): DeviceLists {
  const [lists, setLists] = useState<DeviceLists>(empty);
  useEffect(() => {
    let cancelled = false;
    const refresh = () => {
      void listDevices().then((l) => {
        if (!cancelled) setLists(l);
      });
    };
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => {
      cancelled = true;
      navigator.mediaDevices?.removeEventListener('devicechange', refresh);
    };
  }, [refreshKey]);
  return lists;
}
