import type { InferInsertModel, InferSelectModel, Table } from 'drizzle-orm';
import { integer as pgInteger, pgTable, text as pgText } from 'drizzle-orm/pg-core';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DIALECT } from '../../../server/src/db/dialect';
import * as pgSchema from '../../../server/src/db/schema.pg';
import * as chosenSchema from '../../../server/src/db/schema';
import * as sqliteSchema from '../../../server/src/db/schema.sqlite';
import { isPgTable, isSqliteTable, pgTableShape, schemaDifferences, sqliteTableShape, tablesOf } from '../../support/schemaShape';

const sqliteTables = tablesOf(sqliteSchema, isSqliteTable);
const pgTables = tablesOf(pgSchema, isPgTable);

type Rows<S> = { [K in keyof S as S[K] extends Table ? K : never]: S[K] extends Table ? InferSelectModel<S[K]> : never };
type Inserts<S> = { [K in keyof S as S[K] extends Table ? K : never]: S[K] extends Table ? InferInsertModel<S[K]> : never };

describe('the PostgreSQL schema describes the same database as the SQLite one', () => {
  it('has the same tables, columns, keys, indexes, foreign keys, defaults and enums', () => {
    expect(sqliteTables.size).toBeGreaterThanOrEqual(31);
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(schemaDifferences(sqliteTables, pgTables)).toEqual([]);
  });

  it('gives services the same row and insert types from every table (checked by the compiler)', () => {
    expectTypeOf<Rows<typeof pgSchema>>().toEqualTypeOf<Rows<typeof sqliteSchema>>();
    expectTypeOf<Inserts<typeof pgSchema>>().toEqualTypeOf<Inserts<typeof sqliteSchema>>();
    expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
  });

  it('keeps the mapping rules: times with milliseconds and time zone, JSON as jsonb, flags as boolean', () => {
    const columns = Object.values(pgTableShape(pgSchema.venues).columns);
    expect(columns.map((c) => c.dataType).sort()).toEqual(
      ['string', 'string', 'string', 'date', 'date', 'boolean', 'string', 'string', 'json', 'string', 'string'].sort(),
    );
    expect(pgSchema.venues.createdAt.getSQLType()).toBe('timestamp (3) with time zone');
    expect(pgSchema.venues.surveyActivities.getSQLType()).toBe('jsonb');
    expect(pgSchema.venues.meetsOnHolidays.getSQLType()).toBe('boolean');
    expect([sqliteTableShape(sqliteSchema.auditLog), pgTableShape(pgSchema.auditLog)].map((t) => t.columns.id?.generated)).toEqual([
      true,
      true,
    ]);
  });
});

describe('db/schema, the tables services import', () => {
  it("hands out every table of the process's dialect, and nothing else", () => {
    const { tablesOf, ...tables } = chosenSchema;
    expect(Object.keys(tables).sort()).toEqual(Object.keys(sqliteSchema).sort());
    for (const [name, table] of Object.entries(tables)) expect(table).toBe(tablesOf(DIALECT)[name as keyof typeof tables]);
    expect(tablesOf('sqlite').venues).toBe(sqliteSchema.venues);
    expect(tablesOf('postgres').venues).toBe(pgSchema.venues);
  });
});

describe('the parity check finds a difference', () => {
  const sqliteThings = sqliteTable('things', {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    count: integer('count').notNull().default(0),
  });

  it('reports a column added to one side only', () => {
    const pgThings = pgTable('things', {
      id: pgText('id').primaryKey(),
      name: pgText('name').notNull(),
      count: pgInteger('count').notNull().default(0),
      note: pgText('note'),
    });
    expect(schemaDifferences(new Map([['things', sqliteThings]]), new Map([['things', pgThings]]))).toEqual([
      'things column note: only in PostgreSQL',
    ]);
  });

  it('reports a changed nullability, default or kind of value', () => {
    const pgThings = pgTable('things', {
      id: pgText('id').primaryKey(),
      name: pgText('name'),
      count: pgText('count').notNull().default('0'),
    });
    const differences = schemaDifferences(new Map([['things', sqliteThings]]), new Map([['things', pgThings]]));
    expect(differences).toHaveLength(2);
    expect(differences[0]).toMatch(/^things column name: .*"notNull":true.*"notNull":false/);
    expect(differences[1]).toMatch(
      /^things column count: SQLite \{"dataType":"number".*"default":"0".*PostgreSQL \{"dataType":"string".*"default":"\\"0\\""/,
    );
  });

  it('reports a foreign key whose ON DELETE differs, and a table on one side only', () => {
    const sqliteOwners = sqliteTable('owners', { id: text('id').primaryKey() });
    const sqlitePets = sqliteTable('pets', { owner: text('owner').references(() => sqliteOwners.id, { onDelete: 'cascade' }) });
    const pgOwners = pgTable('owners', { id: pgText('id').primaryKey() });
    const pgPets = pgTable('pets', { owner: pgText('owner').references(() => pgOwners.id) });
    const differences = schemaDifferences(
      tablesOf({ sqliteOwners, sqlitePets, sqliteThings }, isSqliteTable),
      tablesOf({ pgOwners, pgPets }, isPgTable),
    );
    expect(differences).toEqual([
      'table things: only in SQLite',
      expect.stringMatching(
        /^pets foreign key pets_owner_owners_id_fk: SQLite .*"onDelete":"cascade".*PostgreSQL .*"onDelete":"no action"/,
      ),
    ]);
  });
});
