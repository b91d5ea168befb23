import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/ack';
import { EntityId, Ok } from '@shared/common';
import { ExerciseVideo, ExerciseVideoList, UploadVideoQuery, VIDEO_MAX_BYTES, VIDEO_MIME_TYPES, VideoParams } from '@shared/program/videos';
import { requireUser } from '../../auth/plugin';
import { AppError } from '../../core/errors';
import { parseRange } from './range';
import type { FileAccess, VideoFile, VideoService } from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const OrganisationParams = z.object({ organisationId: EntityId });
const SignedFileQuery = z.object({ exp: z.coerce.number().int().optional(), sig: z.string().max(200).optional() });
const tags = ['videos'];

/** Exercise videos: list and delete here; the upload has its own scope (raw body); files are sent with Range support. */
export const videoRoutes: FastifyPluginAsyncZod<{ videos: VideoService }> = async (app, { videos }) => {
  app.get(
    '/api/organisations/:organisationId/videos',
    { schema: { tags, params: OrganisationParams, response: { 200: ExerciseVideoList, ...errors } } },
    async (request) => ({ videos: videos.list(requireUser(request), request.params.organisationId) }),
  );
  app.delete(
    '/api/videos/:videoId',
    { config: { access: 'organiser' }, schema: { tags, params: VideoParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      videos.remove(requireUser(request), request.params.videoId);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/videos/:videoId/file',
    {
      // Public: a signed link is checked here; without one, the signed-in staff member's organisation.
      config: { access: 'public' },
      schema: {
        tags,
        description:
          'The video file, with Range support. Signed URL (`exp`, `sig`, as given to a live session) or a signed-in staff member of its organisation.',
        params: VideoParams,
        querystring: SignedFileQuery,
        response: { ...errors, 416: ErrorBody },
      },
    },
    async (request, reply) => {
      const { exp, sig } = request.query;
      const access: FileAccess = exp !== undefined && sig !== undefined ? { exp, sig } : { user: requireUser(request) };
      return sendVideo(reply, videos.fileFor(request.params.videoId, access), request.headers.range);
    },
  );
  await app.register(uploadRoute, { videos });
};

/**
 * The upload takes the raw request stream (this scope's only body parser), so the service decides from the
 * headers before reading a byte and counts the bytes itself; Fastify's bodyLimit does not apply to stream parsers.
 */
const uploadRoute: FastifyPluginAsyncZod<{ videos: VideoService }> = async (app, { videos }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.post(
    '/api/organisations/:organisationId/videos',
    {
      config: { access: 'organiser', bodyTypes: VIDEO_MIME_TYPES },
      schema: {
        tags,
        description: `The file itself as the body, Content-Type ${VIDEO_MIME_TYPES.join(' or ')}, at most ${VIDEO_MAX_BYTES / (1024 * 1024)} MB. Organisers only; audited.`,
        params: OrganisationParams,
        querystring: UploadVideoQuery,
        response: { 201: ExerciseVideo, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        const video = await videos.upload(requireUser(request), request.params.organisationId, {
          title: request.query.title,
          contentType: request.headers['content-type'],
          contentLength: contentLengthOf(request.headers['content-length']),
          body: request.body as Readable,
        });
        return reply.code(201).send(video);
      } catch (error) {
        // The rest of a refused body is never read: close the connection instead of draining it.
        reply.header('connection', 'close');
        throw error;
      }
    },
  );
};

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
