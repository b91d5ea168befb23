import type { programRoutes } from '@shared/program/routes';
import { requireUser } from '../../auth/plugin';
import type { RouteHandlers } from '../../core/routes';
import { contentLengthOf, sendFileRange } from './range';
import type { FileAccess, VideoService } from './service';

type VideoRoutes = Pick<typeof programRoutes, 'videos' | 'uploadVideo' | 'deleteVideo' | 'videoFile'>;

/**
 * Exercise videos: list, upload (the raw request stream: the service decides from the headers before reading a
 * byte and counts the bytes itself), delete; files are sent with Range support.
 */
export function videoHandlers(videos: VideoService): RouteHandlers<VideoRoutes> {
  return {
    videos: async (request) => ({ videos: await videos.list(requireUser(request), request.params.organisationId) }),
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
    deleteVideo: async (request) => {
      await videos.remove(requireUser(request), request.params.videoId);
      return { ok: true };
    },
    videoFile: async (request, reply) => {
      const { exp, sig } = request.query;
      const access: FileAccess = exp !== undefined && sig !== undefined ? { exp, sig } : { user: requireUser(request) };
      const file = await videos.fileFor(request.params.videoId, access);
      return sendFileRange(reply, file.path, file.mimeType, request.headers.range, 'The video file is missing');
    },
  };
}
