import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase, openDatabase } from '../../../server/src/db/client';
import { DIALECT } from '../../../server/src/db/dialect';
import { openPostgres, POSTGRES_MIGRATIONS_DIR, STATEMENT_TIMEOUT_MS } from '../../../server/src/db/postgres';
import { tablesOf } from '../../../server/src/db/schema';
import { inTransaction } from '../../../server/src/db/transaction';
import { withClient } from '../../support/postgres';
import { postgresForFile } from '../../support/testDatabase';

const postgres = postgresForFile();
afterAll(() => postgres.stop());

const journal = JSON.parse(fs.readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

async function emptyDatabase(name: string): Promise<string> {
  const admin = await postgres.adminUrl();
  await withClient(admin, (client) => client.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

describe('openPostgres', () => {
  it('three nodes starting at once on an empty database: one migrates, all of them work, each migration is recorded once', async () => {
    const url = await emptyDatabase('kayoi_three_nodes');
    const nodes = await Promise.all(['node-1', 'node-2', 'node-3'].map((nodeId) => openPostgres(url, { nodeId })));
    try {
      const { organisations } = tablesOf('postgres');
      await Promise.all(
        nodes.map((node, i) => inTransaction(node.db, (tx) => tx.insert(organisations).values({ id: `org${i}`, name: `会${i}` }))),
      );
      expect((await nodes[0]!.db.select().from(organisations)).length).toBe(3);
      await withClient(url, async (client) => {
        const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
        expect(applied.rows[0]).toEqual({ n: journal.entries.length });
      });
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });

  it("names its connections after the node, bounds the pool and each statement's time", async () => {
    const url = await emptyDatabase('kayoi_settings');
    const node = await openPostgres(url, { nodeId: 'node-7' });
    try {
      const client = await node.pool.connect();
      try {
        const { rows } = await client.query<{ name: string; timeout: string }>(
          "select current_setting('application_name') as name, current_setting('statement_timeout') as timeout",
        );
        expect(rows[0]).toEqual({ name: 'kayoi:node-7', timeout: `${STATEMENT_TIMEOUT_MS / 1000}s` });
      } finally {
        client.release();
      }
      expect(node.pool.options.max).toBe(10);
    } finally {
      await node.close();
    }
  });

  it('refuses to start when the database cannot be reached, with the reason', async () => {
    const admin = new URL(await postgres.adminUrl());
    admin.pathname = '/no_such_database';
    await expect(openPostgres(admin.toString())).rejects.toThrow('no_such_database');
  });
});

describe('openConfiguredDatabase', () => {
  it('refuses a database of the other dialect than the one this process started on', async () => {
    const settings =
      DIALECT === 'sqlite'
        ? { dbPath: 'unused.sqlite', databaseUrl: 'postgres://127.0.0.1:1/kayoi' }
        : { dbPath: 'unused.sqlite', databaseUrl: undefined };
    await expect(openConfiguredDatabase(settings)).rejects.toThrow(`this process started on ${DIALECT}`);
    if (DIALECT === 'postgres') expect(() => openDatabase('unused.sqlite')).toThrow('KAYOI_DATABASE_URL is set');
  });
});
