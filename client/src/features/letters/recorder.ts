import { routeUrl } from '@shared/http/routes';
import { letterRoutes } from '@shared/letters/routes';
import type { LetterMessage } from '@shared/letters/schemas';
import { LETTER_LIMITS } from '@shared/limits';
import { contractAnswer, isErrorBody } from '../../lib/api';
import { CallError } from '../../lib/errors';

/** WebM where the browser records it (Chrome, Android), else MP4 (Safari on iPad and iPhone). */
const RECORDING_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];

/** The container this browser records, or null when it cannot record. */
export function recordingType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

/** The recorder stops itself this long after it started: just under the server's limit. */
export const RECORD_LIMIT_MS = LETTER_LIMITS.maxMessageSeconds * 1000 - 300;

/** A recording under way: `stop()` ends it; `done` resolves with the recording. */
export interface Recording {
  stop: () => void;
  done: Promise<Blob>;
}

/** Records the stream (picture and sound) until stop() or the time limit; about 1 Mbit/s, so a minute is ~8 MB. */
export function startRecording(stream: MediaStream, mimeType: string): Recording {
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000 });
  const chunks: Blob[] = [];
  const done = new Promise<Blob>((resolve, reject) => {
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    recorder.onstop = () => resolve(new Blob(chunks, { type: mimeType.split(';')[0] }));
    recorder.onerror = () => reject(new CallError('NETWORK', 'recording failed'));
  });
  recorder.start(1000);
  const limit = setTimeout(() => stop(), RECORD_LIMIT_MS);
  const stop = () => {
    clearTimeout(limit);
    if (recorder.state !== 'inactive') recorder.stop();
  };
  return { stop, done };
}

/** Who sends the message: a home participant by their invite, or the venue's host. */
export type MessageSender = { invite: string } | { venueId: string };

/** Sends a recording (with consent given); errors are CallErrors with the server's code. */
export async function sendMessage(sender: MessageSender, recording: Blob): Promise<LetterMessage> {
  const route = letterRoutes.recordMessage;
  const response = await fetch(routeUrl(route, { query: { ...sender, consent: 'yes' } }), {
    method: route.method,
    headers: { 'content-type': recording.type || 'application/octet-stream', accept: 'application/json' },
    body: recording,
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.status === route.status && body !== null && !isErrorBody(body)) return contractAnswer(route, body);
  if (isErrorBody(body)) throw new CallError(body.code, body.message, body.field);
  throw new CallError('NETWORK', `upload failed (${response.status})`);
}
