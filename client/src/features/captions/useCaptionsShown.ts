import { useCallback, useState } from 'react';

const KEY = 'kayoi.captionsShown';

function readShown(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true; // storage blocked (private mode): captions shown
  }
}

/** Whether this device shows captions (on unless turned off here); remembered on the device. */
export function useCaptionsShown(): [boolean, () => void] {
  const [shown, setShown] = useState(readShown);
  const toggle = useCallback(() => {
    setShown((was) => {
      const next = !was;
      try {
        localStorage.setItem(KEY, next ? 'on' : 'off');
      } catch {
        // not remembered, still switched for now
      }
      return next;
    });
  }, []);
  return [shown, toggle];
}
