import fs from 'node:fs';
import path from 'node:path';
import { is, SQL, StringChunk, getTableName, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig, PgTable, type IndexedColumn, type PgColumn } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../../server/src/db/schema.pg';
import { POSTGRES_MIGRATIONS_DIR, startPostgres, withClient, type PostgresCluster } from '../../support/postgres';

/** A table as the database catalog tells it, and as the drizzle PostgreSQL schema says it should be. */
interface CatalogTable {
  columns: Record<string, { type: string; notNull: boolean; default: string | null; identity: boolean }>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  foreignKeys: Record<string, { columns: string[]; table: string; foreignColumns: string[]; onDelete: string; onUpdate: string }>;
}

const ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

async function catalogOf(client: pg.Client): Promise<Record<string, CatalogTable>> {
  const tables: Record<string, CatalogTable> = {};
  const { rows: names } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  for (const { table_name } of names) tables[table_name] = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: {} };

  const { rows: columns } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    datetime_precision: number | null;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
  }>(
    `select table_name, column_name, data_type, datetime_precision, is_nullable, column_default, is_identity
       from information_schema.columns where table_schema = 'public'`,
  );
  for (const c of columns) {
    const type = c.data_type.startsWith('timestamp') ? c.data_type.replace('timestamp', `timestamp(${c.datetime_precision})`) : c.data_type;
    tables[c.table_name]!.columns[c.column_name] = {
      type,
      notNull: c.is_nullable === 'NO',
      default: c.column_default,
      identity: c.is_identity === 'YES',
    };
  }

  const { rows: keys } = await client.query<{ table_name: string; column_name: string }>(
    `select k.table_name, k.column_name from information_schema.table_constraints t
       join information_schema.key_column_usage k using (constraint_schema, constraint_name, table_name)
      where t.table_schema = 'public' and t.constraint_type = 'PRIMARY KEY' order by k.ordinal_position`,
  );
  for (const k of keys) tables[k.table_name]!.primaryKey.push(k.column_name);

  const { rows: indexes } = await client.query<{ tablename: string; indexname: string; indexdef: string }>(
    `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
        and indexname not in (select constraint_name from information_schema.table_constraints where constraint_type = 'PRIMARY KEY')`,
  );
  for (const i of indexes) {
    const columns = /USING btree \((.*)\)$/.exec(i.indexdef)?.[1] ?? i.indexdef;
    tables[i.tablename]!.indexes[i.indexname] = {
      unique: i.indexdef.startsWith('CREATE UNIQUE'),
      columns: columns.split(', ').map((c) => c.replaceAll('"', '')),
    };
  }

  const { rows: foreignKeys } = await client.query<{
    conname: string;
    table_name: string;
    foreign_table: string;
    columns: string[];
    foreign_columns: string[];
    confdeltype: string;
    confupdtype: string;
  }>(
    `select c.conname, t.relname::text as table_name, f.relname::text as foreign_table, c.confdeltype, c.confupdtype,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(num, ord)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num order by k.ord) as columns,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(num, ord)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.num order by k.ord) as foreign_columns
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class f on f.oid = c.confrelid
      where c.contype = 'f' and t.relnamespace = 'public'::regnamespace`,
  );
  for (const fk of foreignKeys) {
    tables[fk.table_name]!.foreignKeys[fk.conname] = {
      columns: fk.columns,
      table: fk.foreign_table,
      foreignColumns: fk.foreign_columns,
      onDelete: ACTIONS[fk.confdeltype] ?? fk.confdeltype,
      onUpdate: ACTIONS[fk.confupdtype] ?? fk.confupdtype,
    };
  }
  return tables;
}

/** The column default as PostgreSQL prints it back. */
function catalogDefault(column: PgColumn): string | null {
  const value: unknown = column.default;
  if (value === undefined) return null;
  if (is(value, SQL)) return value.queryChunks.map((chunk) => (is(chunk, StringChunk) ? chunk.value.join('') : '?')).join('');
  if (typeof value === 'string') return `'${value}'::text`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `unexpected default ${JSON.stringify(value)}`;
}

function expectedOf(table: PgTable): CatalogTable {
  const config = getTableConfig(table);
  const primary = config.columns.filter((c) => c.primary).map((c) => c.name);
  return {
    columns: Object.fromEntries(
      config.columns.map((c) => [
        c.name,
        {
          type: c.getSQLType().replace(' (', '('),
          notNull: c.notNull,
          default: catalogDefault(c),
          identity: c.generatedIdentity !== undefined,
        },
      ]),
    ),
    primaryKey: primary.length > 0 ? primary : config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
    indexes: Object.fromEntries(
      config.indexes.map(({ config: i }) => [i.name!, { unique: i.unique, columns: i.columns.map((c) => (c as IndexedColumn).name!) }]),
    ),
    foreignKeys: Object.fromEntries(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const shape = {
          columns: ref.columns.map((c) => c.name),
          table: getTableName(ref.foreignTable),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
        return [fk.getName(), shape];
      }),
    ),
  };
}

const pgTables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));
const journal = JSON.parse(fs.readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

describe('the PostgreSQL migrations, on a real PostgreSQL', () => {
  let cluster: PostgresCluster;
  let url: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase('kayoi_migrations');
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('apply to an empty database from scratch, and a second run applies nothing', async () => {
    await withClient(url, async (client) => {
      const before = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
      expect(before.rows[0]).toEqual({ n: 0 });
      const db = drizzle({ client });
      await migrate(db, { migrationsFolder: POSTGRES_MIGRATIONS_DIR });
      await migrate(db, { migrationsFolder: POSTGRES_MIGRATIONS_DIR });
      const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(applied.rows[0]).toEqual({ n: journal.entries.length });
    });
  });

  it('leave the catalog the drizzle PostgreSQL schema describes: tables, types, nullability, defaults, keys, indexes, foreign keys', async () => {
    const catalog = await withClient(url, catalogOf);
    const expected = Object.fromEntries(pgTables.map((t) => [getTableName(t), expectedOf(t)]));
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected)) expect({ [name]: catalog[name] }).toEqual({ [name]: expected[name] });
  });

  it('store and give back what services expect: Dates to the millisecond, booleans, JSON, defaults, identity keys', async () => {
    await withClient(url, async (client) => {
      const db = drizzle({ client, schema });
      const created = new Date('2026-12-04T05:06:07.891Z');
      await db.insert(schema.organisations).values({ id: 'org1', name: '通いの会', checkinQuestions: null });
      await db.insert(schema.venues).values({ id: 'v1', organisationId: 'org1', name: '公民館', createdAt: created });
      const [venue] = await db.select().from(schema.venues).where(eq(schema.venues.id, 'v1'));
      expect(venue).toMatchObject({
        createdAt: created,
        meetsOnHolidays: false,
        surveyActivities: [],
        checkinTiming: 'after-join',
        archivedAt: null,
      });
      const [organisation] = await db.select().from(schema.organisations);
      expect(organisation!.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(organisation!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

      const rows = await db
        .insert(schema.auditLog)
        .values([
          { action: 'a', entityType: 'venue', entityId: 'v1', after: { name: '公民館', n: 1 } },
          { action: 'b', entityType: 'venue', entityId: 'v1' },
        ])
        .returning({ id: schema.auditLog.id, after: schema.auditLog.after });
      expect(rows).toEqual([
        { id: 1, after: { name: '公民館', n: 1 } },
        { id: 2, after: null },
      ]);
    });
  });

  it('refuse a row whose foreign key points nowhere, and cascade where the schema says so', async () => {
    await withClient(url, async (client) => {
      const db = drizzle({ client, schema });
      await expect(db.insert(schema.venues).values({ id: 'v2', organisationId: 'nobody', name: 'x' })).rejects.toThrow();
      const startsAt = new Date('2026-12-07T01:00:00Z');
      await db
        .insert(schema.sessions)
        .values({ id: 's1', venueId: 'v1', title: '体操', startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) });
      await db.insert(schema.captionLines).values({ id: 'c1', sessionId: 's1', text: 'こんにちは', source: 'typed' });
      await db.delete(schema.sessions).where(eq(schema.sessions.id, 's1'));
      expect(await db.select().from(schema.captionLines)).toEqual([]);
    });
  });
});
