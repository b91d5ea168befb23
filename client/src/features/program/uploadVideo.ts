import { routeUrl } from '@shared/http/routes';
import { programRoutes } from '@shared/program/routes';
import type { ExerciseVideo } from '@shared/program/videos';
import { contractAnswer, isErrorBody } from '../../lib/api';
import { CallError, type ClientErrorCode } from '../../lib/errors';
import { VIDEO_LIMITS } from './limits';

/** Why a chosen file cannot be sent, decided in the browser before any upload; null when it may be sent. */
export function videoFileProblem(file: Pick<File, 'type' | 'size'>): 'wrongType' | 'tooLarge' | null {
  if (!VIDEO_LIMITS.mimeTypes.includes(file.type)) return 'wrongType';
  if (file.size > VIDEO_LIMITS.maxBytes) return 'tooLarge';
  return null;
}

export interface UploadHandle {
  done: Promise<ExerciseVideo>;
  cancel: () => void;
}

/**
 * Sends the file itself as the request body (XMLHttpRequest, because fetch cannot report upload
 * progress). `onProgress` gets 0..1. Errors are CallErrors with the server's code (TOO_LARGE,
 * UNSUPPORTED_TYPE, …), or the HTTP status's meaning when the answer has no body.
 */
export function uploadVideo(organisationId: string, title: string, file: File, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ExerciseVideo>((resolve, reject) => {
    const route = programRoutes.uploadVideo;
    xhr.open(route.method, routeUrl(route, { params: { organisationId }, query: { title } }));
    xhr.setRequestHeader('content-type', file.type);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status === route.status && body !== null && !isErrorBody(body)) {
        onProgress(1);
        resolve(contractAnswer(route, body));
        return;
      }
      reject(errorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new CallError('NETWORK', 'upload failed'));
    xhr.onabort = () => reject(new CallError('NETWORK', 'upload cancelled'));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const STATUS_CODES: Record<number, ClientErrorCode> = {
  400: 'INVALID_PAYLOAD',
  401: 'UNAUTHENTICATED',
  403: 'NOT_ALLOWED',
  404: 'NOT_FOUND',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_TYPE',
  429: 'RATE_LIMITED',
};

function errorFrom(status: number, body: unknown): CallError {
  if (isErrorBody(body)) return new CallError(body.code, typeof body.message === 'string' ? body.message : '', body.field);
  return new CallError(STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'NETWORK'), `upload: HTTP ${status}`);
}
