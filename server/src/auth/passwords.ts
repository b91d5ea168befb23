import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { RetryLaterError } from '../core/errors';
import { hashPassword, verifyPassword, type PasswordTask } from './passwordHashing.mjs';

/** Hashes and checks passwords (scrypt); the server's runs on its own thread. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export interface PasswordPoolOptions {
  /** Threads that hash (each scrypt takes ~32 MiB while it runs). */
  threads: number;
  /** Requests that may wait for a thread; one more is refused at once with SERVER_BUSY. */
  maxQueue: number;
}

export const DEFAULT_PASSWORD_POOL: PasswordPoolOptions = { threads: 1, maxQueue: 32 };

const WORKER_FILE = fileURLToPath(new URL('./passwordHashing.mjs', import.meta.url));
/** A waiting request needs about one hash time per request ahead of it; tell a refused client to come back after a second. */
const BUSY_RETRY_MS = 1000;
/** piscina's errors are plain Errors; these are its two "no room in the queue" messages. */
const QUEUE_FULL_MESSAGES = ['Task queue is at limit', 'No task queue available and all Workers are busy'];

/**
 * scrypt on a dedicated worker thread (piscina) with a bounded queue: a flood of sign-ins waits there
 * or is refused, and never takes libuv's shared pool (static files, other I/O) or the event loop.
 */
export class PasswordPool implements PasswordHasher {
  private readonly pool: Piscina<PasswordTask, string | boolean>;

  constructor(options: PasswordPoolOptions = DEFAULT_PASSWORD_POOL) {
    this.pool = new Piscina({
      filename: WORKER_FILE,
      name: 'default',
      minThreads: options.threads,
      maxThreads: options.threads,
      maxQueue: options.maxQueue,
    });
  }

  async hash(password: string): Promise<string> {
    return String(await this.run({ op: 'hash', password }));
  }

  async verify(password: string, stored: string): Promise<boolean> {
    return (await this.run({ op: 'verify', password, stored })) === true;
  }

  /** Waits for the running hashes, then ends the thread. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async run(task: PasswordTask): Promise<string | boolean> {
    try {
      return await this.pool.run(task);
    } catch (error) {
      if (error instanceof Error && QUEUE_FULL_MESSAGES.includes(error.message)) {
        throw new RetryLaterError('SERVER_BUSY', 'Too many sign-ins at once; try again in a moment', BUSY_RETRY_MS);
      }
      throw error;
    }
  }
}

/** Hashes on the calling thread: for the demo seed at start-up, tests and scripts, never for requests. */
export const inlinePasswordHasher: PasswordHasher = {
  hash: async (password) => hashPassword(password),
  verify: async (password, stored) => verifyPassword(password, stored),
};
