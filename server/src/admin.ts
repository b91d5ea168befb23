import { parseArgs } from 'node:util';
import { loadConfig } from './core/config';
import { AppError } from './core/errors';
import { assertSupportedNode } from './core/runtime';
import { backupDatabase } from './db/backup';
import { openConfiguredDatabase } from './db/client';
import { OrganisationSetup, type IssuedLink } from './staff/organisations';

/**
 * `npm run admin -- <command> [options]`: what the server's administrator does without an account (the first
 * organisation, an organiser's lost access, a backup). Reads the same environment as the server (KAYOI_DB_PATH,
 * KAYOI_PUBLIC_URL for the links; KAYOI_REDIS_URL for the multi-node commands). Exit status: 0 done, 1 refused (e.g. the email is taken), 2 bad arguments.
 */
const COMMANDS: Record<string, { usage: string; about: string; options: Record<string, { required: boolean }>; run: Run }> = {
  'create-organisation': {
    usage: 'create-organisation --name <名前> --email <organiser email> [--organiser-name <氏名>]',
    about: 'Creates an organisation and its first organiser; prints their one-time sign-in link (24 hours, once).',
    options: { name: { required: true }, email: { required: true }, 'organiser-name': { required: false } },
    run: async (values) => {
      const link = await withSetup((setup) =>
        setup.createOrganisation({ name: values.name!, email: values.email!, organiserName: values['organiser-name'] }),
      );
      printLink(`Organisation created (${link.organisationId}). Its first organiser is ${link.email}.`, link);
    },
  },
  'reset-access': {
    usage: 'reset-access --email <email>',
    about: 'Ends an account’s password and sign-ins and prints a new one-time sign-in link (24 hours, once).',
    options: { email: { required: true } },
    run: async (values) => {
      const link = await withSetup((setup) => setup.resetAccess(values.email!));
      printLink(`The access of ${link.email} is reset: the old password and sign-ins no longer work.`, link);
    },
  },
  backup: {
    usage: 'backup --to <file>',
    about: 'Copies the database to a new file, safely while the server runs (SQLite online backup).',
    options: { to: { required: true } },
    run: async (values) => {
      const pages = await backupDatabase(config().dbPath, values.to!);
      out(`Backed up ${config().dbPath} to ${values.to!} (${pages} pages).`);
    },
  },
  'list-organisations': {
    usage: 'list-organisations',
    about: 'Lists the organisations with their organisers and number of venues.',
    options: {},
    run: async () => {
      const list = await withSetup((setup) => setup.list());
      if (list.length === 0) out('No organisations yet. Create one with: npm run admin -- create-organisation --name … --email …');
      for (const o of list) out(`${o.id}\t${o.name}\tvenues: ${o.venues}\torganisers: ${o.organisers.join(', ') || '—'}`);
    },
  },
  'drain-node': {
    usage: 'drain-node --id <node id>',
    about:
      'Multi-node: no new sessions go to this node, and within a heartbeat (2 s) it asks the devices of its sessions to ' +
      'move; they rejoin on the other nodes. Then stop or update it; its next start takes sessions again.',
    options: { id: { required: true } },
    run: async (values) => {
      const sessions = await (await import('./cluster/admin')).drainNode(process.env.KAYOI_REDIS_URL, values.id!);
      out(`Node ${values.id!} is draining: ${sessions.length} session(s) are moving to the other nodes.`);
    },
  },
  'list-nodes': {
    usage: 'list-nodes',
    about: 'Multi-node: the live nodes, their address, rooms, sessions held and whether they are draining.',
    options: {},
    run: async () => {
      const nodes = await (await import('./cluster/admin')).listNodes(process.env.KAYOI_REDIS_URL);
      if (nodes.length === 0) out('No live node.');
      for (const n of nodes) out(`${n.id}	${n.publicUrl}	rooms: ${n.load.rooms}	sessions: ${n.sessions}${n.draining ? '	draining' : ''}`);
    },
  },
  help: { usage: 'help', about: 'Lists these commands.', options: {}, run: () => out(helpText()) },
};

type Run = (values: Record<string, string | undefined>) => void | Promise<void>;

class UsageError extends Error {}

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const config = () => loadConfig();

async function withSetup<T>(use: (setup: OrganisationSetup) => Promise<T>): Promise<T> {
  const { dbPath, databaseUrl, publicUrl } = config();
  const handle = await openConfiguredDatabase({ dbPath, databaseUrl });
  try {
    return await use(new OrganisationSetup(handle.db, publicUrl));
  } finally {
    await handle.close();
  }
}

function printLink(done: string, link: IssuedLink): void {
  out(done);
  out('');
  out('One-time sign-in link (give it only to this person; it works once, until ' + link.expiresAt.toISOString() + '):');
  out(`  ${link.url}`);
  out('');
  out('Opening it, they choose their password and are signed in.');
}

function helpText(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.about}`);
  return ['Usage: npm run admin -- <command> [options]', '', 'Commands:', ...lines].join('\n');
}

function parse(argv: string[]): { run: Run; values: Record<string, string | undefined> } {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return { run: COMMANDS.help!.run, values: {} };
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : undefined;
  if (!command) throw new UsageError(`Unknown command “${name}”.`);
  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(command.options).map((key) => [key, { type: 'string' as const }]));
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: npm run admin -- ${command.usage}`);
  }
  for (const [key, { required }] of Object.entries(command.options)) {
    if (required && !values[key]?.trim()) throw new UsageError(`--${key} is required.\nUsage: npm run admin -- ${command.usage}`);
  }
  return { run: command.run, values };
}

async function main(argv: string[]): Promise<number> {
  try {
    const { run, values } = parse(argv);
    await run(values);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${helpText()}\n`);
      return 2;
    }
    const field = error instanceof AppError && error.field ? ` (--${error.field})` : '';
    process.stderr.write(`Refused${field}: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AppError && error.code === 'INVALID_PAYLOAD' ? 2 : 1;
  }
}

assertSupportedNode();
process.exitCode = await main(process.argv.slice(2));
