import type { createClient } from 'redis';

/** The Redis client the cluster module speaks through (node-redis; the socket.io streams adapter takes the same). */
export type Redis = ReturnType<typeof createClient>;

/** A Lua script run by its SHA1, loaded again when Redis has forgotten it (a restart, SCRIPT FLUSH). */
export class LuaScript {
  private sha: string | undefined;

  constructor(private readonly source: string) {}

  async run(redis: Redis, keys: string[], args: string[]): Promise<unknown> {
    this.sha ??= await redis.scriptLoad(this.source);
    try {
      return await redis.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      this.sha = await redis.scriptLoad(this.source);
      return redis.evalSha(this.sha, { keys, arguments: args });
    }
  }
}
