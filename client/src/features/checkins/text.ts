import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '@shared/checkins/questions';
import type { SKIPPED as SharedSkipped } from '@shared/checkins/schemas';
import { errorKeys, toCallError } from '../../lib/errors';

/** The answer recorded for a question the person skipped (the shared value; a type import keeps zod out of the bundle). */
export const SKIPPED: typeof SharedSkipped = 'skipped';

/** An organisation's question or answer text in the page's language (Japanese unless English was chosen). */
export function localized(text: LocalizedText, language: string): string {
  return language === 'en' ? text.en : text.ja;
}

/** The error map's title for a failed request (「インターネットにつながりません」…), in the main messages. */
export function useErrorTitle(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => t(errorKeys(toCallError(error).code).title);
}
