import type { letterRoutes } from '@shared/letters/routes';
import { requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import { contentLengthOf, sendFileRange } from '../program/videos/range';
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
    messages: async (request) => ({ messages: await messages.list(requireUser(request), request.params.venueId) }),
    messageFile: async (request, reply) => {
      const file = await messages.fileOf(requireUser(request), request.params.messageId);
      return sendFileRange(reply, file.path, file.mimeType, request.headers.range, 'The file is missing');
    },
    deleteMessage: async (request) => {
      await messages.remove(requireUser(request), request.params.messageId);
      return { ok: true };
    },
    letters: async (request) => ({ letters: await letters.list(requireUser(request), request.params.venueId) }),
    createLetter: (request) => letters.create(requireUser(request), request.params.venueId, request.body),
    saveLetter: (request) => letters.save(requireUser(request), request.params.letterId, request.body),
    letter: (request) => letters.get(requireUser(request), request.params.letterId),
    renderLetter: (request) => letters.render(requireUser(request), request.params.letterId),
    letterFile: async (request, reply) => {
      const { exp, sig } = request.query;
      const access: LetterFileAccess = exp !== undefined && sig !== undefined ? { exp, sig } : { user: requireUser(request) };
      const file = await letters.fileFor(request.params.letterId, access);
      return sendFileRange(reply, file.path, 'video/mp4', request.headers.range, 'The file is missing');
    },
    shareLetter: async (request) => ({ links: await letters.share(requireUser(request), request.params.letterId, request.body) }),
    letterLinks: async (request) => ({ links: await letters.links(requireUser(request), request.params.letterId) }),
    watchLetter: (request) => letters.watch(request.params.token),
    retention: (request) => retention.get(requireUser(request), request.params.organisationId),
    saveRetention: (request) => retention.save(requireUser(request), request.params.organisationId, request.body),
  };
}
