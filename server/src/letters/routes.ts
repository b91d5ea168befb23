import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { letterRoutes } from '@shared/letters/routes';
import { requireUser } from '../auth/plugin';
import { AppError } from '../core/errors';
import type { RouteHandlers } from '../core/routes';
import { parseRange } from '../program/videos/range';
import type { LetterMessageService, Recorder } from './messages';
import type { LetterRetentionService } from './retention';
import type { LetterFileAccess, LetterService } from './service';

export interface LetterHandlerServices {
  messages: LetterMessageService;
  letters: LetterService;
  retention: LetterRetentionService;
}

/** Video letters' REST handlers: one line each, the services do the work. */
export function letterHandlers({ messages, letters, retention }: LetterHandlerServices): RouteHandlers<typeof letterRoutes> {
  return {
    recordMessage: async (request, reply) => {
      const { invite, venueId } = request.query;
      try {
        const by: Recorder = invite !== undefined ? { invite } : { user: requireUser(request), venueId: venueId! };
        return await messages.record(by, contentLengthOf(request.headers['content-length']), request.body);
      } catch (error) {
        // The rest of a refused body is never read: close the connection instead of draining it.
        reply.header('connection', 'close');
        throw error;
      }
    },
    messages: (request) => ({ messages: messages.list(requireUser(request), request.params.venueId) }),
    messageFile: (request, reply) => {
      const file = messages.fileOf(requireUser(request), request.params.messageId);
      return sendFile(reply, file.path, file.mimeType, request.headers.range);
    },
    deleteMessage: (request) => {
      messages.remove(requireUser(request), request.params.messageId);
      return { ok: true };
    },
    letters: (request) => ({ letters: letters.list(requireUser(request), request.params.venueId) }),
    createLetter: (request) => letters.create(requireUser(request), request.params.venueId, request.body),
    saveLetter: (request) => letters.save(requireUser(request), request.params.letterId, request.body),
    letter: (request) => letters.get(requireUser(request), request.params.letterId),
    renderLetter: (request) => letters.render(requireUser(request), request.params.letterId),
    letterFile: (request, reply) => {
      const { exp, sig } = request.query;
      const access: LetterFileAccess = exp !== undefined && sig !== undefined ? { exp, sig } : { user: requireUser(request) };
      return sendFile(reply, letters.fileFor(request.params.letterId, access).path, 'video/mp4', request.headers.range);
    },
    shareLetter: (request) => ({ links: letters.share(requireUser(request), request.params.letterId, request.body) }),
    letterLinks: (request) => ({ links: letters.links(requireUser(request), request.params.letterId) }),
    watchLetter: (request) => letters.watch(request.params.token),
    retention: (request) => retention.get(requireUser(request), request.params.organisationId),
    saveRetention: (request) => retention.save(requireUser(request), request.params.organisationId, request.body),
  };
}

function contentLengthOf(header: string | undefined): number | undefined {
  const length = Number(header);
  return header !== undefined && Number.isSafeInteger(length) ? length : undefined;
}

function sendFile(reply: FastifyReply, file: string, mimeType: string, rangeHeader: string | undefined) {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError('NOT_FOUND', 'The file is missing');
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
