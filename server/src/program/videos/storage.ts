import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { VIDEO_MIME_TYPES } from '@shared/program/videos';
import { AppError } from '../../core/errors';
import { looksLikeVideo, SNIFF_BYTES, type VideoMimeType } from './sniff';

const extensionOf: Record<VideoMimeType, string> = { 'video/mp4': '.mp4', 'video/webm': '.webm' };

/** Video files in one folder. An upload is written to a temp file and renamed only once complete and checked. */
export class VideoStorage {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Streams `body` to a new file; refuses it (and removes what was written) beyond `maxBytes` or when it is not a video. */
  async receive(body: NodeJS.ReadableStream, mimeType: VideoMimeType, maxBytes: number): Promise<{ fileName: string; sizeBytes: number }> {
    const fileName = `${randomBytes(12).toString('base64url')}${extensionOf[mimeType]}`;
    const temp = path.join(this.dir, `${fileName}.part`);
    const check = new UploadCheck(mimeType, maxBytes);
    // Opened before streaming, so a refused upload cannot create the file after it was cleaned up.
    const file = await fs.promises.open(temp, 'wx', 0o600);
    try {
      await pipeline(body, check, file.createWriteStream());
      fs.renameSync(temp, this.pathOf(fileName));
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    return { fileName, sizeBytes: check.bytes };
  }

  pathOf(fileName: string): string {
    return path.join(this.dir, path.basename(fileName));
  }

  remove(fileName: string): void {
    fs.rmSync(this.pathOf(fileName), { force: true });
  }
}

/** Counts bytes (failing at the limit) and holds back the first bytes until they show the file is a video. */
class UploadCheck extends Transform {
  bytes = 0;
  private head: Buffer[] | undefined = [];

  constructor(
    private readonly mimeType: VideoMimeType,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    if (!this.head) return done(null, chunk);
    this.head.push(chunk);
    const head = Buffer.concat(this.head);
    if (head.length < SNIFF_BYTES) return done();
    this.head = undefined;
    if (!looksLikeVideo(this.mimeType, head)) return done(notAVideo(this.mimeType));
    done(null, head);
  }

  override _flush(done: TransformCallback): void {
    done(this.head ? notAVideo(this.mimeType) : null);
  }
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError('TOO_LARGE', `The video is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB; shorten it or lower its quality`);
}

function notAVideo(mimeType: VideoMimeType): AppError {
  return new AppError('UNSUPPORTED_TYPE', `The file is not a ${mimeType} video; upload an ${VIDEO_MIME_TYPES.join(' or ')} file`);
}
