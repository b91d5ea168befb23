import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { findFreeTcpPort } from './ports';

const run = promisify(execFile);

export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/postgres', import.meta.url));

/** A throwaway PostgreSQL cluster of Debian's `postgresql` package: its own data folder, port and superuser `kayoi`. */
export interface PostgresCluster {
  port: number;
  /** postgres://kayoi@127.0.0.1:<port>/<database> (trust authentication on loopback only). */
  urlOf(database: string): string;
  /** Creates an empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Debian installs PostgreSQL's server programs in /usr/lib/postgresql/<major>/bin, off the PATH: the newest one
 * there, or KAYOI_PG_BINDIR, or else the PATH.
 */
export function postgresBinDir(): string {
  if (process.env.KAYOI_PG_BINDIR) return process.env.KAYOI_PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, 'bin') : '';
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user Debian's package creates. */
function asServerUser(program: string, args: string[]): [string, string[]] {
  const bin = postgresBinDir();
  const file = bin ? path.join(bin, program) : program;
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

async function runServerProgram(program: string, args: string[]): Promise<void> {
  const [file, fullArgs] = asServerUser(program, args);
  try {
    await run(file, fullArgs, { timeout: 60_000 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${String(error)}\n${stdout}${stderr}`, { cause: error });
  }
}

async function giveToServerUser(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error("running as root, and there is no 'postgres' user to run PostgreSQL as (apt-get install postgresql creates it)");
  });
  const uid = Number(stdout.trim());
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  fs.chownSync(dir, uid, Number(gid.trim()));
}

/** initdb into a new temporary folder and pg_ctl start on a free loopback port (fsync off: nothing here is kept). */
export async function startPostgres(): Promise<PostgresCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-pg-'));
  const data = path.join(dir, 'data');
  try {
    await giveToServerUser(dir);
    await runServerProgram('initdb', ['-D', data, '-U', 'kayoi', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const port = await findFreeTcpPort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    await runServerProgram('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    const urlOf = (database: string) => `postgres://kayoi@127.0.0.1:${port}/${database}`;
    return {
      port,
      urlOf,
      async createDatabase(name) {
        await withClient(urlOf('postgres'), (client) => client.query(`create database ${pg.escapeIdentifier(name)}`));
        return urlOf(name);
      },
      async stop() {
        try {
          await runServerProgram('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = path.join(dir, 'server.log');
    const detail = fs.existsSync(log) ? `\nserver.log:\n${fs.readFileSync(log, 'utf8')}` : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}${detail}`, { cause: error });
  }
}

/** Runs `use` with a connected client, and ends it. */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
