import type { Logger } from './logger';

/** How long a shutdown after an uncaught exception may take before the process exits anyway. */
export const CRASH_EXIT_DEADLINE_MS = 5_000;

/**
 * Last line of defence. A rejected promise nobody awaited is logged with its context and the server goes on
 * (nothing was left half-done by a throw). An uncaught exception may have left state half-changed, so it is
 * logged with its context, the server closes what it can, and the process exits with status 1 for the service
 * manager to restart it (README: operations); devices rejoin by themselves.
 */
export function installProcessGuards(logger: Logger, shutdown: (reason: string) => Promise<void>): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason, event: 'unhandledRejection' }, 'a promise was rejected and nobody handled it; carrying on');
  });
  process.on('uncaughtException', (error, origin) => {
    logger.fatal({ err: error, event: origin }, 'uncaught exception: closing and exiting for a restart');
    const forceExit = setTimeout(() => process.exit(1), CRASH_EXIT_DEADLINE_MS);
    forceExit.unref();
    void shutdown('uncaughtException').finally(() => process.exit(1));
  });
}
