import type { ErrorCode } from '@shared/ack';

const httpStatusByCode: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  NOT_FOUND: 404,
  INVALID_TOKEN: 404,
  SESSION_NOT_FOUND: 404,
  SESSION_ENDED: 410,
  NO_ACTIVE_SESSION: 404,
  ALREADY_JOINED: 409,
  NOT_JOINED: 409,
  NOT_ALLOWED: 403,
  CROSS_ORIGIN: 403,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CONFLICT: 409,
  NO_CONSENT: 403,
  NOT_IN_SESSION: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  RATE_LIMITED: 429,
  ACCOUNT_LOCKED: 429,
  ACCOUNT_DISABLED: 403,
  SERVER_BUSY: 503,
  REMOVED: 403,
  SESSION_CANCELLED: 410,
  NOT_YET_OPEN: 409,
  PHONE_OFF: 503,
};

/** An error whose code and message are meant for the client. Anything else is reported as INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code] ?? 400;
  }
}

/** An AppError that says when to try again: HTTP answers carry it as `Retry-After` (whole seconds). */
export class RetryLaterError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(code, message);
    this.name = 'RetryLaterError';
  }

  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
}

/** Multi-node: the session is served by another node; the device joins at `nodeUrl` (that node's public URL). */
export class WrongNodeError extends AppError {
  constructor(readonly nodeUrl: string) {
    super('WRONG_NODE', 'This gathering is served by another server; the device moves there by itself');
    this.name = 'WrongNodeError';
  }
}
