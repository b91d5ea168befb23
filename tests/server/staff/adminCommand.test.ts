import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessLinkInfo, CurrentUser } from '@shared/auth/schemas';
import { ACCESS_LINK_TTL_MS } from '../../../server/src/auth/accessLinks';
import { openDatabase } from '../../../server/src/db/client';
import { DIALECT } from '../../../server/src/db/dialect';
import { auditLog, organisations, users } from '../../../server/src/db/schema';
import { firstStartHint, OrganisationSetup } from '../../../server/src/staff/organisations';
import { startTestApp, type TestApp } from '../../support/testApp';

const run = promisify(execFile);

/** `npm run admin -- …` as production runs it: the built dist/server/admin.mjs in its own process. */
async function admin(dbPath: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KAYOI_DB_PATH: dbPath, KAYOI_PUBLIC_URL: 'https://kayoi.example.jp' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/server/admin.mjs', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const tokenOf = (stdout: string) => /https:\/\/kayoi\.example\.jp\/welcome\/([A-Za-z0-9_-]+)/.exec(stdout)?.[1];

let dir: string;
beforeAll(async () => {
  await run(process.execPath, ['scripts/build.mjs', '--if-changed', 'server']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-admin-'));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Both read the SQLite file the command wrote (and the backup copies that file). A PostgreSQL twin of the first is
// still to write: the command's process would be given the data folder's lane database (testDatabase.ts laneDatabaseOf).
describe.runIf(DIALECT === 'sqlite')('npm run admin on an empty database (SQLite)', () => {
  let server: TestApp | undefined;
  afterAll(async () => server?.close());

  it('creates the organisation and its organiser and prints a link that sets the password once, then is refused', async () => {
    const dataDir = path.join(dir, 'first');
    const dbPath = path.join(dataDir, 'kayoi.sqlite');
    const created = await admin(dbPath, 'create-organisation', '--name', 'かよい市 社会福祉協議会', '--email', 'Sato@Example.jp');
    expect(created.code).toBe(0);
    const token = tokenOf(created.stdout);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    server = await startTestApp({ dataDir });
    const db = server.db.db;
    const organisation = db.select().from(organisations).where(eq(organisations.name, 'かよい市 社会福祉協議会')).get()!;
    const organiser = db.select().from(users).where(eq(users.email, 'sato@example.jp')).get()!;
    expect(organiser).toMatchObject({ organisationId: organisation.id, role: 'organiser', disabledAt: null });
    // Only the link's hash is stored.
    expect(JSON.stringify(server.db.sqlite.prepare('select * from access_links').all())).not.toContain(token);

    const info = await server.api<AccessLinkInfo>('GET', `/api/auth/links/${token}`);
    expect(info).toMatchObject({
      status: 200,
      body: { state: 'valid', email: 'sato@example.jp', organisationName: 'かよい市 社会福祉協議会' },
    });
    const used = await server.api<CurrentUser>('POST', `/api/auth/links/${token}`, { body: { password: 'correct horse battery' } });
    expect(used.status).toBe(200);
    expect(CurrentUser.parse(used.body)).toMatchObject({ id: organiser.id, role: 'organiser', organisationId: organisation.id });
    const cookie = used.headers.get('set-cookie')!.split(';')[0]!;
    expect((await server.api('GET', '/api/auth/me', { cookie })).status).toBe(200);
    expect(
      (await server.api('POST', '/api/auth/login', { body: { email: 'sato@example.jp', password: 'correct horse battery' } })).status,
    ).toBe(200);

    const again = await server.api('POST', `/api/auth/links/${token}`, { body: { password: 'another password here' } });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', field: 'token' } });
    expect((await server.api<AccessLinkInfo>('GET', `/api/auth/links/${token}`)).body.state).toBe('used');
    expect(
      (await server.api('POST', '/api/auth/login', { body: { email: 'sato@example.jp', password: 'another password here' } })).status,
    ).toBe(401);
    const audits = db.select().from(auditLog).where(eq(auditLog.organisationId, organisation.id)).all();
    expect(audits.map((a) => [a.action, a.actorUserId])).toEqual([
      ['organisation.create', null],
      ['password.set', organiser.id],
    ]);

    expect(await firstStartHint(db)).toBeUndefined();
    const listed = await admin(dbPath, 'list-organisations');
    expect(listed.stdout).toContain(`${organisation.id}\tかよい市 社会福祉協議会\tvenues: 0\torganisers: sato@example.jp`);
  });

  it('prints a link that has expired 24 hours later (a test clock): described as expired, refused, no password set', async () => {
    const dataDir = path.join(dir, 'expiry');
    const dbPath = path.join(dataDir, 'kayoi.sqlite');
    const created = await admin(dbPath, 'create-organisation', '--name', '期限の団体', '--email', 'late@example.jp');
    const token = tokenOf(created.stdout)!;
    const app = await startTestApp({ dataDir });
    try {
      const links = app.services.accessLinks;
      const justBefore = new Date(Date.now() + ACCESS_LINK_TTL_MS - 60_000);
      const after = new Date(Date.now() + ACCESS_LINK_TTL_MS + 1000);
      expect((await links.describe(token, justBefore)).state).toBe('valid');
      expect((await links.describe(token, after)).state).toBe('expired');
      await expect(links.setPassword(token, 'too late for this', after)).rejects.toMatchObject({ code: 'CONFLICT', field: 'token' });
      const login = await app.api('POST', '/api/auth/login', { body: { email: 'late@example.jp', password: 'too late for this' } });
      expect(login.status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('reset-access prints a new link: the old link stops (404) and the old password no longer signs in; an unknown email exits 1', async () => {
    const dataDir = path.join(dir, 'reset');
    const dbPath = path.join(dataDir, 'kayoi.sqlite');
    const first = tokenOf((await admin(dbPath, 'create-organisation', '--name', 'リセット', '--email', 'reset@example.jp')).stdout)!;
    const app = await startTestApp({ dataDir });
    try {
      await app.api('POST', `/api/auth/links/${first}`, { body: { password: 'first password ok' } });
      const reset = await admin(dbPath, 'reset-access', '--email', 'RESET@example.jp');
      expect(reset.code).toBe(0);
      const second = tokenOf(reset.stdout)!;
      expect(second).not.toBe(first);
      expect(await app.api('GET', `/api/auth/links/${first}`)).toMatchObject({ status: 404, body: { code: 'INVALID_TOKEN' } });
      expect(
        (await app.api('POST', '/api/auth/login', { body: { email: 'reset@example.jp', password: 'first password ok' } })).status,
      ).toBe(401);
      expect((await app.api('POST', `/api/auth/links/${second}`, { body: { password: 'second password ok' } })).status).toBe(200);

      const unknown = await admin(dbPath, 'reset-access', '--email', 'nobody@example.jp');
      expect(unknown).toMatchObject({ code: 1, stdout: '' });
      expect(unknown.stderr).toContain('Refused (--email): No account with this email');
      // The same refusal as the service says it: 404 on the field email.
      const setup = new OrganisationSetup(app.db.db, 'https://kayoi.example.jp');
      await expect(setup.resetAccess('nobody@example.jp')).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'email',
        httpStatus: 404,
      });
    } finally {
      await app.close();
    }
  });

  it('refuses bad arguments with a clear message and a non-zero exit, storing nothing', async () => {
    const dbPath = path.join(dir, 'bad', 'kayoi.sqlite');
    expect((await admin(dbPath, 'list-organisations')).stdout).toContain('No organisations yet');
    const empty = openDatabase(dbPath);
    expect(await firstStartHint(empty.db)).toContain('npm run admin -- create-organisation');
    empty.close();
    const missing = await admin(dbPath, 'create-organisation', '--name', '名前だけ');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email is required');
    const badEmail = await admin(dbPath, 'create-organisation', '--name', '団体', '--email', 'not-an-email');
    expect(badEmail).toMatchObject({ code: 2 });
    expect(badEmail.stderr).toContain('Not an email address');
    const unknownCommand = await admin(dbPath, 'drop-everything');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown command “drop-everything”');
    const unknownOption = await admin(dbPath, 'backup', '--to', path.join(dir, 'x.sqlite'), '--force', 'yes');
    expect(unknownOption.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'x.sqlite'))).toBe(false);
    await admin(dbPath, 'create-organisation', '--name', '一つ目', '--email', 'same@example.jp');
    const duplicate = await admin(dbPath, 'create-organisation', '--name', '二つ目', '--email', 'same@example.jp');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    expect((await admin(dbPath, 'list-organisations')).stdout).not.toContain('二つ目');

    const help = await admin(dbPath, 'help');
    expect(help.code).toBe(0);
    for (const command of ['create-organisation', 'reset-access', 'backup', 'list-organisations']) expect(help.stdout).toContain(command);
  });
});

describe.runIf(DIALECT === 'sqlite')('npm run admin -- backup (SQLite)', () => {
  it('copies the database while the server has it open and writes to it: the copy is whole and has the latest rows', async () => {
    const dataDir = path.join(dir, 'backup');
    const app = await startTestApp({ dataDir });
    try {
      const organiser = await app.login('organiser');
      const added = await app.api('POST', '/api/venues', { cookie: organiser, body: { name: 'バックアップ直前の会場' } });
      expect(added.status).toBe(201);
      const target = path.join(dir, 'copies', 'kayoi-backup.sqlite');
      const backup = await admin(app.config.dbPath, 'backup', '--to', target);
      expect(backup.code).toBe(0);

      const copy = new Database(target, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.prepare('select name from venues where name = ?').get('バックアップ直前の会場')).toEqual({
          name: 'バックアップ直前の会場',
        });
      } finally {
        copy.close();
      }
      // The server goes on working with its file.
      expect((await app.api('GET', '/api/venues', { cookie: organiser })).status).toBe(200);
      const overwrite = await admin(app.config.dbPath, 'backup', '--to', target);
      expect(overwrite.code).toBe(1);
      expect(overwrite.stderr).toContain('exists already');
    } finally {
      await app.close();
    }
  });
});
