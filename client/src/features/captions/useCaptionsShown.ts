import { useSyncExternalStore } from 'react';

const KEY = 'kayoi.captionsShown';
const listeners = new Set<() => void>();
let shown = readShown();

function readShown(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true; // storage blocked (private mode): captions shown
  }
}

function setShown(next: boolean): void {
  shown = next;
  try {
    localStorage.setItem(KEY, next ? 'on' : 'off');
  } catch {
    // not remembered, still switched for now
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Whether this device shows captions (on unless turned off here); remembered on the device, and the same for every
 * control on the screen (the band's 字幕 button and the venue's 字幕 sheet).
 */
export function useCaptionsShown(): [boolean, () => void] {
  const current = useSyncExternalStore(subscribe, () => shown);
  return [current, () => setShown(!shown)];
}
