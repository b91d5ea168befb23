import { getTableName, is, SQL, StringChunk, type Column } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable, type IndexedColumn } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * What a drizzle table says about its database shape, in words both dialects share: the parity test
 * (tests/unit/db/schemaParity.test.ts) compares the SQLite schema's and the PostgreSQL schema's, line by line.
 */
export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  foreignKeys: Record<string, { columns: string[]; table: string; foreignColumns: string[]; onDelete: string; onUpdate: string }>;
  uniqueConstraints: number;
  checks: number;
}

export interface ColumnShape {
  /** drizzle's JavaScript kind of value ('string', 'number', 'boolean', 'date', 'json'): what services get. */
  dataType: string;
  notNull: boolean;
  unique: boolean;
  enumValues: string[] | undefined;
  default: string | undefined;
  onUpdate: boolean;
  generated: boolean;
}

/**
 * SQL defaults that mean the same on both sides, by the text drizzle holds. A new SQL default on either side fails
 * the parity test until its counterpart is written here.
 */
const SQL_DEFAULT_MEANINGS: Record<string, string> = {
  "(cast(unixepoch('subsec') * 1000 as integer))": 'now (ms)',
  'now()': 'now (ms)',
  "'[]'": 'empty JSON array',
  "'[]'::jsonb": 'empty JSON array',
};

function sqlText(value: SQL): string {
  return value.queryChunks.map((chunk) => (is(chunk, StringChunk) ? chunk.value.join('') : '(parameter)')).join('');
}

function defaultMeaning(column: Column): string | undefined {
  if (!column.hasDefault || column.default === undefined) return undefined;
  if (is(column.default, SQL)) {
    const text = sqlText(column.default);
    return SQL_DEFAULT_MEANINGS[text] ?? `unknown SQL default ${text}`;
  }
  return JSON.stringify(column.default);
}

function columnShape(column: Column, generated: boolean): ColumnShape {
  return {
    dataType: column.dataType,
    notNull: column.notNull,
    unique: column.isUnique,
    enumValues: column.enumValues,
    default: generated ? undefined : defaultMeaning(column),
    onUpdate: column.onUpdateFn !== undefined,
    generated,
  };
}

interface CommonConfig {
  name: string;
  columns: Column[];
  primaryKeys: { columns: Column[] }[];
  foreignKeys: {
    reference: () => { columns: Column[]; foreignColumns: Column[]; foreignTable: SQLiteTable | PgTable };
    getName: () => string;
    onDelete?: string;
    onUpdate?: string;
  }[];
  uniqueConstraints: unknown[];
  checks: unknown[];
}

function tableShape(
  config: CommonConfig,
  indexes: { name: string; unique: boolean; columns: string[] }[],
  isGenerated: (column: Column) => boolean,
): TableShape {
  const names = (columns: Column[]) => columns.map((c) => c.name);
  const singlePrimary = config.columns.filter((c) => c.primary).map((c) => c.name);
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, columnShape(c, isGenerated(c))])),
    primaryKey: singlePrimary.length > 0 ? singlePrimary : config.primaryKeys.flatMap((pk) => names(pk.columns)),
    indexes: Object.fromEntries(indexes.map(({ name, ...rest }) => [name, rest])),
    foreignKeys: Object.fromEntries(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const shape = {
          columns: names(ref.columns),
          table: getTableName(ref.foreignTable),
          foreignColumns: names(ref.foreignColumns),
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
        return [fk.getName(), shape];
      }),
    ),
    uniqueConstraints: config.uniqueConstraints.length,
    checks: config.checks.length,
  };
}

export function sqliteTableShape(table: SQLiteTable): TableShape {
  const config = sqliteTableConfig(table);
  const indexes = config.indexes.map(({ config: i }) => ({
    name: i.name,
    unique: i.unique,
    columns: i.columns.map((c) => (is(c, SQL) ? sqlText(c) : c.name)),
  }));
  return tableShape(config, indexes, (c) => 'autoIncrement' in c && c.autoIncrement === true);
}

export function pgTableShape(table: PgTable): TableShape {
  const config = pgTableConfig(table);
  const indexes = config.indexes.map(({ config: i }) => ({
    name: i.name ?? '(unnamed)',
    unique: i.unique,
    columns: i.columns.map((c) => (is(c, SQL) ? sqlText(c) : ((c as IndexedColumn).name ?? '(expression)'))),
  }));
  return tableShape(config, indexes, (c) => 'generatedIdentity' in c && c.generatedIdentity !== undefined);
}

/** The tables a schema module exports, by their database name. */
export function tablesOf<T>(schema: Record<string, unknown>, isTable: (value: unknown) => value is T): Map<string, T> {
  const tables = Object.values(schema).filter(isTable);
  return new Map(tables.map((t) => [getTableName(t as SQLiteTable | PgTable), t]));
}

export const isSqliteTable = (value: unknown): value is SQLiteTable => is(value, SQLiteTable);
export const isPgTable = (value: unknown): value is PgTable => is(value, PgTable);

/** Every way the two schemas differ, one readable line each (empty: they describe the same database). */
export function schemaDifferences(sqlite: Map<string, SQLiteTable>, pg: Map<string, PgTable>): string[] {
  const differences: string[] = [];
  for (const name of sqlite.keys()) if (!pg.has(name)) differences.push(`table ${name}: only in SQLite`);
  for (const name of pg.keys()) if (!sqlite.has(name)) differences.push(`table ${name}: only in PostgreSQL`);
  for (const [name, sqliteTable] of sqlite) {
    const pgTable = pg.get(name);
    if (pgTable) differences.push(...tableDifferences(name, sqliteTableShape(sqliteTable), pgTableShape(pgTable)));
  }
  return differences;
}

function tableDifferences(table: string, sqlite: TableShape, pg: TableShape): string[] {
  const differences: string[] = [];
  const compareRecords = <V>(what: string, a: Record<string, V>, b: Record<string, V>) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in b)) differences.push(`${table} ${what} ${key}: only in SQLite`);
      else if (!(key in a)) differences.push(`${table} ${what} ${key}: only in PostgreSQL`);
      else if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
        differences.push(`${table} ${what} ${key}: SQLite ${JSON.stringify(a[key])}, PostgreSQL ${JSON.stringify(b[key])}`);
    }
  };
  compareRecords('column', sqlite.columns, pg.columns);
  compareRecords('index', sqlite.indexes, pg.indexes);
  compareRecords('foreign key', sqlite.foreignKeys, pg.foreignKeys);
  compareRecords('table', { primaryKey: sqlite.primaryKey }, { primaryKey: pg.primaryKey });
  compareRecords(
    'table',
    { uniqueConstraints: sqlite.uniqueConstraints, checks: sqlite.checks },
    { uniqueConstraints: pg.uniqueConstraints, checks: pg.checks },
  );
  return differences;
}
