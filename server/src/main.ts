import { loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const server = await startServer(config, logger, { announce: (text) => process.stdout.write(`${text}\n`) });
  logger.info(`Kayoi is running at ${server.url} (database: ${config.dbPath})`);
  const shutdown = (signal: string) => {
    logger.info(`${signal} received, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'Kayoi could not start');
  process.exit(1);
}
