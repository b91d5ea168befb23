import { startPostgres } from './postgres';
import { createTemplate, LANE_ENV } from './testDatabase';

/**
 * vitest global setup of `npm run test:pg` (KAYOI_TEST_DATABASE=postgres, vite.config.ts): one PostgreSQL cluster
 * for the whole run, with the migrated template database; the test processes, started after this, inherit the two
 * variables (KAYOI_DATABASE_URL makes db/schema.ts choose the PostgreSQL tables). Stopped when the run ends.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const cluster = await startPostgres();
  await createTemplate(cluster);
  process.env[LANE_ENV.adminUrl] = cluster.urlOf('postgres');
  process.env.KAYOI_DATABASE_URL = cluster.urlOf('postgres');
  return () => cluster.stop();
}
