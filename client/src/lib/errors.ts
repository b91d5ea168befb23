import type { ErrorCode } from '@shared/ack';
import type { Messages } from '../i18n/ja';

/** Server error codes plus the few a browser can only discover itself. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'UNSUPPORTED_BROWSER';

/** Every error code has a plain explanation in the messages (a missing one is a type error here). */
type ErrorMessages = Messages['errors'];
type _EveryCodeExplained = ErrorMessages extends Record<ClientErrorCode, { title: string; body: string }> ? true : never;
export const everyCodeExplained: _EveryCodeExplained = true;

export class CallError extends Error {
  override readonly name = 'CallError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly field?: string,
    /** WRONG_NODE (multi-node): the address of the node serving the session. */
    readonly nodeUrl?: string,
  ) {
    super(message);
  }
}

export function toCallError(error: unknown, fallback: ClientErrorCode = 'INTERNAL'): CallError {
  if (error instanceof CallError) return error;
  if (error instanceof Error && error.name === 'UnsupportedError') {
    return new CallError('UNSUPPORTED_BROWSER', error.message);
  }
  return new CallError(fallback, error instanceof Error ? error.message : String(error));
}

/** Translation keys for an error's title and explanation. */
export function errorKeys(code: ClientErrorCode): { title: `errors.${ClientErrorCode}.title`; body: `errors.${ClientErrorCode}.body` } {
  return { title: `errors.${code}.title`, body: `errors.${code}.body` };
}
