import { useCallback, useEffect, useRef, useState } from 'react';
import { toCallError, type CallError } from './errors';

export type Resource<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: CallError };

/** Loads something once per `key`; `reload()` loads it again, keeping what is shown until the new data comes. */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const shownKey = useRef(key);
  useEffect(() => {
    const controller = new AbortController();
    // A reload of the same resource keeps what is shown until the new data comes (a form half filled in, a message
    // just sent, stay on screen); another key starts from loading.
    setResource((shown) => (shownKey.current === key && shown.status === 'ok' ? shown : { status: 'loading' }));
    shownKey.current = key;
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ status: 'ok', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource({ status: 'error', error: toCallError(error, 'NETWORK') });
      },
    );
    return () => controller.abort();
    // `load` is tied to `key`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [resource, reload];
}
