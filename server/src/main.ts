import { loadConfig } from './core/config';
import { installProcessGuards } from './core/processGuards';
import { assertSupportedNode } from './core/runtime';
import { createLogger } from './core/logger';
import { loadSipConfig } from './phone/config';
import { startServer, type KayoiServer } from './server';

assertSupportedNode();
const config = loadConfig();
const logger = createLogger(config.logLevel);

let server: KayoiServer | undefined;
const closeServer = async (reason: string) => {
  logger.info(`${reason}: shutting down`);
  await server?.close();
};
installProcessGuards(logger, closeServer);

try {
  server = await startServer(config, logger, {
    announce: (text) => process.stdout.write(`${text}\n`),
    sip: loadSipConfig(process.env),
  });
  logger.info(`Kayoi is running at ${server.url} (database: ${config.databaseUrl ? 'PostgreSQL' : config.dbPath})`);
  const shutdown = (signal: string) => {
    closeServer(`${signal} received`).then(
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
