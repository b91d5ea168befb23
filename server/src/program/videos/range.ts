import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../core/errors';

/** An inclusive byte range of a file of known size. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a `Range: bytes=…` header for a file of `size` bytes (one range; video elements ask for one).
 * Returns undefined when there is no usable header (send the whole file), or 'unsatisfiable' (answer 416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** A request's `Content-Length` as a number, or undefined when it is missing or not an integer. */
export function contentLengthOf(header: string | undefined): number | undefined {
  const length = Number(header);
  return header !== undefined && Number.isSafeInteger(length) ? length : undefined;
}

/**
 * Sends a stored media file, or the one byte range a video element asked for (206; 416 outside the file), so that
 * phones and tablets can seek. `missing` is the 404's message when the file is gone.
 */
export function sendFileRange(reply: FastifyReply, file: string, mimeType: string, rangeHeader: string | undefined, missing: string) {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError('NOT_FOUND', missing);
  }
  const range = parseRange(rangeHeader, size);
  reply.header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=3600');
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    return reply
      .code(416)
      .send({ ok: false, code: 'INVALID_PAYLOAD', message: `The range is outside the ${size}-byte file`, field: 'range' });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  reply.type(mimeType).header('content-length', String(end - start + 1));
  if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  return reply.send(size === 0 ? '' : fs.createReadStream(file, { start, end }));
}
