import type { TFunction } from 'i18next';
import { errorKeys, toCallError } from '../lib/errors';

/**
 * One plain sentence for a failed request: the error map's title and explanation, or for a form
 * field the server rejected (INVALID_PAYLOAD with `field`), which field to look at.
 */
export function errorText(t: TFunction, error: unknown, fieldLabels: Record<string, string> = {}): string {
  const callError = toCallError(error, 'NETWORK');
  const label = callError.field ? fieldLabels[callError.field.split('.')[0]!] : undefined;
  if (callError.code === 'INVALID_PAYLOAD' && label) return t('staff.fieldInvalid', { label });
  const keys = errorKeys(callError.code);
  return t('staff.errorSentence', { title: t(keys.title), body: t(keys.body) });
}
