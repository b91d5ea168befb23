import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL schema's migrations (issue #17), beside the SQLite ones of drizzle.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.pg.ts',
  out: './migrations/postgres',
});
