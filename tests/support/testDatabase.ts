import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { openSqlite, type Db } from '../../server/src/db/client';
import { DIALECT, type Dialect } from '../../server/src/db/dialect';
import { openPostgres } from '../../server/src/db/postgres';
import { startPostgres, withClient, type PostgresCluster } from './postgres';

/**
 * The test lane's database (issue #17). `npm test` runs on SQLite files; `npm run test:pg -- <files>`
 * (KAYOI_TEST_DATABASE=postgres) starts one PostgreSQL cluster for the run (tests/support/postgresLane.ts, vitest
 * global setup) with a template database that has the migrations, and sets KAYOI_DATABASE_URL in the test processes:
 * db/schema.ts then hands out the PostgreSQL tables, and every test file gets fresh databases copied from the template.
 */
export const LANE_ENV = {
  /** The cluster's maintenance database (postgres://…/postgres), set by the lane's global setup. */
  adminUrl: 'KAYOI_TEST_PG_ADMIN_URL',
} as const;

export const TEMPLATE_DATABASE = 'kayoi_template';

export interface TestDatabase {
  dialect: Dialect;
  db: Db;
  /** SQLite only: the connection under `db`. */
  sqlite: Database.Database | undefined;
  close(): Promise<void>;
}

/**
 * The lane's database: the SQLite file (opened, or created), or on PostgreSQL a fresh copy of the lane's template
 * (a file reopened by a later test app is a new database there: such tests stay on SQLite).
 */
export function openTestDatabase(sqliteFile: string): Promise<TestDatabase> {
  if (DIALECT === 'postgres') return openPostgresTestDatabase(laneAdminUrl());
  return Promise.resolve(openSqliteTestDatabase(sqliteFile));
}

export function openSqliteTestDatabase(file: string): TestDatabase {
  const handle = openSqlite(file);
  return { dialect: 'sqlite', db: handle.db, sqlite: handle.sqlite, close: async () => handle.close() };
}

function laneAdminUrl(): string {
  const url = process.env[LANE_ENV.adminUrl];
  if (!url) throw new Error(`KAYOI_DATABASE_URL is set but ${LANE_ENV.adminUrl} is not: run PostgreSQL tests with npm run test:pg`);
  return url;
}

/** Copies the template (fast: files, not migrations) into a database of its own, opened as the server opens one. */
export async function openPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const copy = await copyTemplate(adminUrl);
  const handle = await openPostgres(copy.url, { poolSize: 4 });
  return {
    dialect: 'postgres',
    db: handle.db,
    sqlite: undefined,
    async close() {
      await handle.close();
      await copy.drop();
    },
  };
}

/** A fresh database copied from the lane's template: its URL, and how to drop it. */
async function copyTemplate(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kayoi_test_${crypto.randomBytes(6).toString('hex')}`;
  await createFromTemplate(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(adminUrl, (client) => client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)).then(
        () => undefined,
      ),
  };
}

/** Names a data folder's PostgreSQL database (the lane has no file to find again). */
const DATABASE_URL_FILE = 'postgres-database-url';

/**
 * The PostgreSQL database of a test server's data folder (undefined on SQLite, where the server opens the folder's
 * file): a fresh copy of the template at first use, named in a file in the folder, so that a server restarted on the
 * same folder finds its data again. `drop` removes it (a reused folder's is left to the end of the run).
 */
export async function laneDatabaseOf(dataDir: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (DIALECT !== 'postgres') return undefined;
  const file = path.join(dataDir, DATABASE_URL_FILE);
  if (fs.existsSync(file)) return { url: fs.readFileSync(file, 'utf8'), drop: async () => undefined };
  const copy = await copyTemplate(laneAdminUrl());
  fs.writeFileSync(file, copy.url);
  return copy;
}

/** Opens the database a test server kept in `dataDir` (after it closed, to look at what it wrote): SQLite's file or the lane's database. */
export async function openDataDirDatabase(dataDir: string): Promise<TestDatabase> {
  const lane = await laneDatabaseOf(dataDir);
  if (!lane) return openSqliteTestDatabase(path.join(dataDir, 'kayoi.sqlite'));
  const handle = await openPostgres(lane.url, { poolSize: 2 });
  return { dialect: 'postgres', db: handle.db, sqlite: undefined, close: () => handle.close() };
}

async function createFromTemplate(adminUrl: string, name: string): Promise<void> {
  const create = `create database ${pg.escapeIdentifier(name)} template ${TEMPLATE_DATABASE} strategy file_copy`;
  for (let attempt = 1; ; attempt++) {
    try {
      await withClient(adminUrl, (client) => client.query(create));
      return;
    } catch (error) {
      // Two copies started at the same moment: PostgreSQL refuses the second while the first reads the template.
      const busy = (error as { code?: string }).code === '55006';
      if (!busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Creates the template database with every migration applied; nothing stays connected to it (a template must be idle). */
export async function createTemplate(cluster: PostgresCluster): Promise<void> {
  const url = await cluster.createDatabase(TEMPLATE_DATABASE);
  const handle = await openPostgres(url, { poolSize: 1 });
  await handle.close();
}

/**
 * PostgreSQL for a test file that tests both databases whatever its lane: the lane's cluster under npm run test:pg,
 * else a cluster of its own (started on first use; call stop() in afterAll).
 */
export function postgresForFile(): { open(): Promise<TestDatabase>; adminUrl(): Promise<string>; stop(): Promise<void> } {
  let own: Promise<PostgresCluster> | undefined;
  const adminUrl = async () => {
    const lane = process.env[LANE_ENV.adminUrl];
    if (lane) return lane;
    own ??= startPostgres().then(async (cluster) => {
      await createTemplate(cluster);
      return cluster;
    });
    return (await own).urlOf('postgres');
  };
  return {
    open: async () => openPostgresTestDatabase(await adminUrl()),
    adminUrl,
    stop: async () => (await own)?.stop(),
  };
}

/** A temporary folder for a SQLite file, removed by the returned function. */
export function temporaryDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The same tests on both databases (`describe.each`): a fresh SQLite file, or a fresh copy of the PostgreSQL template. */
export function bothDatabases(postgres: ReturnType<typeof postgresForFile>) {
  return [
    {
      name: 'SQLite',
      dialect: 'sqlite' as const,
      open: async (): Promise<TestDatabase> => {
        const folder = temporaryDir('kayoi-db-');
        const database = openSqliteTestDatabase(path.join(folder.dir, 'kayoi.db'));
        return { ...database, close: async () => (await database.close(), folder.remove()) };
      },
    },
    { name: 'PostgreSQL', dialect: 'postgres' as const, open: () => postgres.open() },
  ];
}
