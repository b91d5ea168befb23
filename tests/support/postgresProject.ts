import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';
import { createTemplate } from './testDatabase';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The 'pg' project's PostgreSQL cluster, its maintenance database (postgres://…/postgres). */
    kayoiPostgresAdminUrl: string;
  }
}

/**
 * Global setup of the 'pg' project of `npm test` (vite.config.ts, tests/support/postgresFiles.ts): one PostgreSQL
 * cluster with the migrated template, only when the run has files of that project. Its URL reaches that project's
 * workers alone through `provide` (postgresProjectEnv.ts): an environment variable set here would reach every
 * project's workers, and the SQLite files would run on PostgreSQL.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgres();
  await createTemplate(cluster);
  project.provide('kayoiPostgresAdminUrl', cluster.urlOf('postgres'));
  return () => cluster.stop();
}
