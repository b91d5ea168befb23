import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Signs video file URLs so that the devices of a session (home participants have no account) may fetch a
 * video until `exp`. The key is kept in a file next to the database (mode 600), so URLs survive restarts.
 */
export class VideoUrlSigner {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key file, creating it with a new random key on first start. */
  static fromKeyFile(file: string): VideoUrlSigner {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
    if (key.length < 32) throw new Error(`The video URL key in ${file} is too short; delete the file to create a new one`);
    return new VideoUrlSigner(key);
  }

  /** `exp` is in seconds since the epoch. */
  sign(videoId: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${videoId}\n${exp}`).digest('base64url');
  }

  verify(videoId: string, exp: number, sig: string, now = new Date()): boolean {
    if (!Number.isSafeInteger(exp) || exp * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.sign(videoId, exp));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The key file lives next to the database, so it is backed up and moved with it. */
export function videoUrlKeyFile(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'video-url.key');
}
