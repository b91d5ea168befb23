import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { programRoutes } from '@shared/program/routes';
import { requireUser } from '../../auth/plugin';
import type { RouteHandlers } from '../../core/routes';
import { AppError } from '../../core/errors';
import { parseRange } from './range';
import type { FileAccess, VideoFile, VideoService } from './service';

type VideoRoutes = Pick<typeof programRoutes, 'videos' | 'uploadVideo' | 'deleteVideo' | 'videoFile'>;

/**
 * Exercise videos: list, upload (the raw request stream: the service decides from the headers before reading a
 * byte and counts the bytes itself), delete; files are sent with Range support.
 */
export function videoHandlers(videos: VideoService): RouteHandlers<VideoRoutes> {
  return {
    videos: (request) => ({ videos: videos.list(requireUser(request), request.params.organisationId) }),
    uploadVideo: async (request, reply) => {
      try {
        return await videos.upload(requireUser(request), request.params.organisationId, {
          title: request.query.title,
          contentType: request.headers['content-type'],
          contentLength: contentLengthOf(request.headers['content-length']),
          body: request.body,
        });
      } catch (error) {
        // The rest of a refused body is never read: close the connection instead of draining it.
        reply.header('connection', 'close');
        throw error;
      }
    },
    deleteVideo: (request) => {
      videos.remove(requireUser(request), request.params.videoId);
      return { ok: true };
    },
    videoFile: (request, reply) => {
      const { exp, sig } = request.query;
      const access: FileAccess = exp !== undefined && sig !== undefined ? { exp, sig } : { user: requireUser(request) };
      return sendVideo(reply, videos.fileFor(request.params.videoId, access), request.headers.range);
    },
  };
}

function contentLengthOf(header: string | undefined): number | undefined {
  const length = Number(header);
  return header !== undefined && Number.isSafeInteger(length) ? length : undefined;
}

function sendVideo(reply: FastifyReply, file: VideoFile, rangeHeader: string | undefined) {
  const size = fileSize(file.path);
  const range = parseRange(rangeHeader, size);
  reply.header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=3600');
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    return reply
      .code(416)
      .send({ ok: false, code: 'INVALID_PAYLOAD', message: `The range is outside the ${size}-byte file`, field: 'range' });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  reply.type(file.mimeType).header('content-length', String(end - start + 1));
  if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  return reply.send(size === 0 ? '' : fs.createReadStream(file.path, { start, end }));
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    throw new AppError('NOT_FOUND', 'The video file is missing');
  }
}
