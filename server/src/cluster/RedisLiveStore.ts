import type { Logger } from '../core/logger';
import { type LiveStateStore, SavedLiveState } from '../program/live/liveStore';
import { type ClusterKeys, checkSessionId } from './keys';
import { LuaScript, type Redis } from './redis';

/** A 21-person gathering's program is a few kB; this leaves room for long lists and stops a runaway one. */
export const LIVE_STATE_MAX_BYTES = 256 * 1024;
/** Longer than any gathering: renewed with every change; a program nobody touched for this long is forgotten. */
const DEFAULT_TTL_MS = 6 * 60 * 60 * 1000;

/** Writes the state unless the host ended the session after the writer was made. */
const SAVE = new LuaScript(`
local stateKey, endedKey, state, bornAt, ttl = KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local ended = tonumber(redis.call('GET', endedKey))
if ended and ended >= bornAt then return 0 end
redis.call('SET', stateKey, state, 'PX', ttl)
return 1
`);

/** Deletes the state and remembers when the session ended (for as long as a state would have lived). */
const END = new LuaScript(`
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return 1
`);

/**
 * The live programs in Redis (issue #17): each session's state as one bounded JSON value under `live:<sessionId>`,
 * rewritten after each change and expiring `ttlMs` after the last. Saves of one session go out in order; a load
 * waits for this node's saves of the session still under way.
 */
export class RedisLiveStore implements LiveStateStore {
  readonly shared = true;
  private readonly writing = new Map<string, Promise<void>>();
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly logger: Logger,
    options: { ttlMs?: number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  async load(sessionId: string): Promise<SavedLiveState | undefined> {
    const id = checkSessionId(sessionId);
    await this.writing.get(id);
    const text = await this.redis.get(this.keys.liveState(id));
    if (text === null) return undefined;
    const parsed = text.length <= LIVE_STATE_MAX_BYTES ? SavedLiveState.safeParse(parseJson(text)) : undefined;
    if (parsed?.success) return parsed.data;
    this.logger.warn({ sessionId: id, bytes: text.length }, 'an unreadable saved live program was ignored');
    return undefined;
  }

  save(sessionId: string, state: SavedLiveState, bornAt: number): void {
    const id = checkSessionId(sessionId);
    const text = JSON.stringify(state);
    if (Buffer.byteLength(text) > LIVE_STATE_MAX_BYTES) {
      this.logger.error({ sessionId: id, bytes: Buffer.byteLength(text) }, 'live program too large to save: it stays on this node only');
      return;
    }
    const write = async () => {
      await SAVE.run(this.redis, [this.keys.liveState(id), this.keys.liveEnded(id)], [text, String(bornAt), String(this.ttlMs)]);
    };
    const previous = this.writing.get(id) ?? Promise.resolve();
    const next = previous
      .then(write)
      .catch((error: unknown) => this.logger.warn({ err: error, sessionId: id }, 'saving the live program failed'));
    this.writing.set(id, next);
    void next.finally(() => {
      if (this.writing.get(id) === next) this.writing.delete(id);
    });
  }

  async end(sessionId: string, at: number): Promise<void> {
    const id = checkSessionId(sessionId);
    await this.writing.get(id);
    await END.run(this.redis, [this.keys.liveState(id), this.keys.liveEnded(id)], [String(at), String(this.ttlMs)]);
  }

  /** Tests and shutdown: the saves under way have reached Redis (or failed and been logged). */
  async flushed(): Promise<void> {
    await Promise.all(this.writing.values());
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
