import { inject } from 'vitest';

/**
 * Setup file of the 'pg' project (vite.config.ts): its workers run on the project's PostgreSQL (postgresProject.ts),
 * as `npm run test:pg` does. It runs before the test file imports the server, whose db/dialect.ts reads
 * KAYOI_DATABASE_URL once; the project's workers run no other project's files. The names are testDatabase.ts's
 * LANE_ENV (not imported: it loads the server's db modules before the variables are set).
 */
const adminUrl = inject('kayoiPostgresAdminUrl');
process.env.KAYOI_TEST_PG_ADMIN_URL = adminUrl;
process.env.KAYOI_DATABASE_URL = adminUrl;
