import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorKeys, toCallError } from '../../../../lib/errors';
import { logFailure } from '../../../../lib/log';

export interface HostAction {
  /** The last refusal in plain words (「この操作はできません」), until the next action. */
  error: string | null;
  /** Runs one host action; a refusal becomes `error` instead of a crash. Resolves true when it worked. */
  run: (what: string, work: () => Promise<unknown>) => Promise<boolean>;
  clearError: () => void;
}

export function useHostAction(): HostAction {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (what: string, work: () => Promise<unknown>) => {
      setError(null);
      try {
        await work();
        return true;
      } catch (failure) {
        logFailure(`host: ${what}`)(failure);
        setError(t(errorKeys(toCallError(failure).code).title));
        return false;
      }
    },
    [t],
  );
  const clearError = useCallback(() => setError(null), []);
  return { error, run, clearError };
}
