import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../core/errors';

/** Message recordings and rendered letters, in one folder (next to the exercise videos'). */
export class LetterStorage {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Streams `body` to a new temp file; refuses it (and removes what was written) beyond `maxBytes`. */
  async receive(body: NodeJS.ReadableStream, maxBytes: number): Promise<{ temp: string; sizeBytes: number }> {
    const temp = this.newPath('.part');
    const counter = new ByteLimit(maxBytes);
    const file = await fs.promises.open(temp, 'wx', 0o600);
    try {
      await pipeline(body, counter, file.createWriteStream());
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    return { temp, sizeBytes: counter.bytes };
  }

  /** A new file name in the folder (not created). */
  newPath(extension: string): string {
    return path.join(this.dir, `${randomBytes(12).toString('base64url')}${extension}`);
  }

  /** Moves a finished file to its own name; answers the name to store. */
  keep(temp: string, extension: string): string {
    const final = this.newPath(extension);
    fs.renameSync(temp, final);
    return path.basename(final);
  }

  pathOf(fileName: string): string {
    return path.join(this.dir, path.basename(fileName));
  }

  remove(fileName: string | null): void {
    if (fileName) fs.rmSync(this.pathOf(fileName), { force: true });
  }
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError('TOO_LARGE', `The recording is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB`, 'body');
}

class ByteLimit extends Transform {
  bytes = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    done(null, chunk);
  }
}
