import { useCallback, useEffect, useState } from 'react';
import { toCallError, type CallError } from './errors';

export type Resource<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: CallError };

/** Loads something once per `key`; `reload()` loads it again. */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [Resource<T>, () => void] {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setResource({ status: 'loading' });
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
