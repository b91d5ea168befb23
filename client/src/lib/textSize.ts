import { useCallback, useState } from 'react';

/**
 * 「文字を大きく」: every home screen's text and buttons a quarter larger (the root font size that every rem is
 * measured in, see base.css), chosen once and remembered on this device.
 */
export type TextSize = 'normal' | 'large';

const STORAGE_KEY = 'kayoi.textSize';
const LARGE_CLASS = 'text-large';

export function storedTextSize(): TextSize {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'large' ? 'large' : 'normal';
  } catch {
    return 'normal'; // storage refused (private mode): the normal size
  }
}

/** Puts `size` on the page (and keeps it for the next visit). */
export function applyTextSize(size: TextSize, remember = true): void {
  document.documentElement.classList.toggle(LARGE_CLASS, size === 'large');
  if (!remember) return;
  try {
    localStorage.setItem(STORAGE_KEY, size);
  } catch {
    // storage refused: the choice lasts for this page only
  }
}

/** The size in use and a toggle between the two. */
export function useTextSize(): [TextSize, () => void] {
  const [size, setSize] = useState<TextSize>(() => (document.documentElement.classList.contains(LARGE_CLASS) ? 'large' : 'normal'));
  const toggle = useCallback(() => {
    const next: TextSize = size === 'large' ? 'normal' : 'large';
    applyTextSize(next);
    setSize(next);
  }, [size]);
  return [size, toggle];
}
