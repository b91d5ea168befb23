import { useEffect, useState } from 'react';

const query = '(orientation: portrait)';

/** Whether the screen is taller than wide (a tablet held upright). */
export function usePortrait(): boolean {
  const [portrait, setPortrait] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setPortrait(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return portrait;
}
