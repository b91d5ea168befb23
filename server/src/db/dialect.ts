import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './client';

/**
 * Which database this process runs on (issue #17), decided once when it starts: PostgreSQL when KAYOI_DATABASE_URL
 * is set (core/config.ts validates it), else the embedded SQLite file. db/schema.ts hands out the tables of this
 * dialect, and the helpers below write its SQL.
 */
export type Dialect = 'sqlite' | 'postgres';

export const dialectOf = (databaseUrl: string | undefined): Dialect => (databaseUrl ? 'postgres' : 'sqlite');

export const DIALECT: Dialect = dialectOf(process.env.KAYOI_DATABASE_URL);

/**
 * The few pieces of SQL the two databases write differently. A time column holds integer milliseconds in SQLite and a
 * `timestamp with time zone` in PostgreSQL; drizzle gives services a `Date` from both, but raw SQL sees the difference.
 */
export interface DialectSql {
  /** `column IN (values)` with one bound parameter however many values there are (an empty list matches nothing). */
  inList: (column: SQLWrapper, values: readonly string[]) => SQL;
  /** Some element of a JSON array of objects in `column` has a `field` (a string) among `values`. */
  jsonArrayHasFieldIn: (column: SQLWrapper, field: string, values: readonly string[]) => SQL;
  /** The current time, as a value to store in or compare with a time column. */
  now: () => SQL;
  /**
   * Milliseconds since the epoch (a number, or a placeholder or expression giving one) as a value for a time column
   * in raw SQL: `starts_at > ${msAsTime(now.getTime())}`, `.set({ leftAt: msAsTime(sql.placeholder('leftAtMs')) })`.
   */
  msAsTime: (ms: number | SQLWrapper) => SQL;
  /** A time column (or `now()`) as milliseconds since the epoch, a JavaScript number. */
  epochMsOf: (time: SQLWrapper) => SQL<number>;
  /** A time column's Japan date, 'YYYY-MM-DD' (Japan is UTC+9 all year, without summer time). */
  japanDateOf: (time: SQLWrapper) => SQL<string>;
  /** A time column's Japan month, 'YYYY-MM'. */
  japanMonthOf: (time: SQLWrapper) => SQL<string>;
  /** Runs a raw statement that answers no rows (`sql\`update …\``): SQLite's `db.run`, PostgreSQL's `db.execute`. */
  execute: (db: Db, statement: SQL) => Promise<void>;
  /** The rows of a raw query (`sql\`select …\``), column names as the query writes them. */
  rows: <T>(db: Db, query: SQL) => Promise<T[]>;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const checkedField = (field: string): string => {
  if (!FIELD.test(field)) throw new Error(`not a JSON field name: ${field}`);
  return field;
};

export const sqliteSql: DialectSql = {
  inList: (column, values) => sql`${column} in (select value from json_each(${JSON.stringify(values)}))`,
  jsonArrayHasFieldIn: (column, field, values) =>
    sql`exists (select 1 from json_each(${column}) e where json_extract(e.value, ${`$.${checkedField(field)}`}) in (select value from json_each(${JSON.stringify(values)})))`,
  now: () => sql`cast(unixepoch('subsec') * 1000 as integer)`,
  msAsTime: (ms) => sql`${ms}`,
  epochMsOf: (time) => sql<number>`(${time})`,
  japanDateOf: (time) => sql<string>`date((${time}) / 1000, 'unixepoch', '+9 hours')`,
  japanMonthOf: (time) => sql<string>`strftime('%Y-%m', (${time}) / 1000, 'unixepoch', '+9 hours')`,
  execute: async (db, statement) => void db.run(statement),
  rows: async <T>(db: Db, query: SQL) => db.all<T>(query),
};

/** node-postgres sends a JavaScript array as one PostgreSQL array parameter (drizzle would spread a bare one). */
const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

export const postgresSql: DialectSql = {
  inList: (column, values) => sql`${column} = any(${textArray(values)})`,
  jsonArrayHasFieldIn: (column, field, values) =>
    sql`exists (select 1 from jsonb_array_elements(${column}) e where e ->> ${checkedField(field)} = any(${textArray(values)}))`,
  now: () => sql`now()`,
  // The double keeps every millisecond exactly (to_timestamp works in microseconds; the column keeps 3 digits).
  msAsTime: (ms) => sql`to_timestamp(cast(${ms} as float8) / 1000)`,
  // float8: bigint and numeric come back as strings from node-postgres; every millisecond count is exact in a double.
  epochMsOf: (time) => sql<number>`(extract(epoch from ${time}) * 1000)::float8`,
  japanDateOf: (time) => sql<string>`to_char(((${time}) at time zone 'UTC') + interval '9 hours', 'YYYY-MM-DD')`,
  japanMonthOf: (time) => sql<string>`to_char(((${time}) at time zone 'UTC') + interval '9 hours', 'YYYY-MM')`,
  execute: async (db, statement) => void (await (db as unknown as PgExecutor).execute(statement)),
  rows: async <T>(db: Db, query: SQL) => {
    const result = await (db as unknown as PgExecutor).execute(query);
    return result.rows as T[];
  },
};

interface PgExecutor {
  execute(query: SQL): Promise<{ rows: unknown[] }>;
}

export const sqlOf = (dialect: Dialect): DialectSql => (dialect === 'postgres' ? postgresSql : sqliteSql);

/** The helpers of this process's database. */
export const { inList, jsonArrayHasFieldIn, now, msAsTime, epochMsOf, japanDateOf, japanMonthOf, execute, rows } = sqlOf(DIALECT);

/** Writes the two databases spell differently (the JSON of audit entries). */
export interface DialectWrites {
  /**
   * A JSON object column without these top-level fields (each a plain field name), as a value for `update … set`; a
   * value that is not an object (a string, a number, null, or on SQLite text that is not JSON) is left as it is.
   */
  jsonWithoutFields: (column: SQLWrapper, fields: readonly string[]) => SQL;
}

export const sqliteWrites: DialectWrites = {
  jsonWithoutFields: (column, fields) => {
    const paths = sql.join(
      fields.map((field) => sql`${`$.${checkedField(field)}`}`),
      sql`, `,
    );
    return sql`case when json_valid(${column}) and json_type(${column}) = 'object' then json_remove(${column}, ${paths}) else ${column} end`;
  },
};

export const postgresWrites: DialectWrites = {
  jsonWithoutFields: (column, fields) =>
    sql`case when jsonb_typeof(${column}) = 'object' then ${column} - ${textArray(fields.map(checkedField))} else ${column} end`,
};

export const writesOf = (dialect: Dialect): DialectWrites => (dialect === 'postgres' ? postgresWrites : sqliteWrites);

export const { jsonWithoutFields } = writesOf(DIALECT);

/** What the reports and exports (reports/, checkins/export.ts, survey/) write differently, beside DialectSql. */
export interface ReportSql {
  /** Whole minutes from one time column to another, rounded half away from zero (SQLite's ROUND), an integer. */
  minutesBetween: (from: SQLWrapper, to: SQLWrapper) => SQL<number>;
  /**
   * A text column as an ORDER BY key that sorts by code point on both databases (SQLite's BINARY). PostgreSQL's
   * database collation (en_US, ja_JP…) would order kana, spaces and punctuation otherwise, and files would differ.
   */
  byCodePoint: (text: SQLWrapper) => SQL;
}

export const sqliteReportSql: ReportSql = {
  minutesBetween: (from, to) => sql<number>`cast(round(((${to}) - (${from})) / 60000.0) as integer)`,
  byCodePoint: (text) => sql`${text}`,
};

export const postgresReportSql: ReportSql = {
  // extract gives a numeric (exact), whose round() breaks ties away from zero as SQLite does; a double's would not.
  minutesBetween: (from, to) => sql<number>`cast(round(extract(epoch from (${to}) - (${from})) / 60) as integer)`,
  byCodePoint: (text) => sql`${text} collate "C"`,
};

export const reportSqlOf = (dialect: Dialect): ReportSql => (dialect === 'postgres' ? postgresReportSql : sqliteReportSql);

export const { minutesBetween, byCodePoint } = reportSqlOf(DIALECT);
