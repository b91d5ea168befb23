import { inTransaction } from '../db/transaction';
import { asc, eq, sql } from 'drizzle-orm';
import { accessLinkUrl, issueAccessLink } from '../auth/accessLinks';
import { NO_PASSWORD, normaliseEmail } from '../auth/service';
import { writeAudit } from '../audit/service';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { organisations, users, venues } from '../db/schema';

export interface IssuedLink {
  organisationId: string;
  userId: string;
  email: string;
  url: string;
  expiresAt: Date;
}

export interface OrganisationSummary {
  id: string;
  name: string;
  organisers: string[];
  venues: number;
  createdAt: Date;
}

/**
 * What the server's administrator does from the command line (`npm run admin`), without an account: the first
 * organisation and its first organiser, an organiser's access when nobody else can reset it, the list of
 * organisations. Audited with no actor (the administrator's shell is not an account).
 */
export class OrganisationSetup {
  constructor(
    private readonly db: Db,
    private readonly publicUrl: string,
  ) {}

  /** A new organisation and its first organiser, who sets their password with the link answered. */
  async createOrganisation(input: { name: string; email: string; organiserName?: string }, now = new Date()): Promise<IssuedLink> {
    const { name, email } = input;
    const organisationName = name.trim();
    const address = normaliseEmail(email);
    if (organisationName.length === 0 || organisationName.length > 100) {
      throw new AppError('INVALID_PAYLOAD', 'The name must be 1 to 100 characters', 'name');
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) || address.length > 200) {
      throw new AppError('INVALID_PAYLOAD', 'Not an email address', 'email');
    }
    const displayName = (input.organiserName ?? address.split('@')[0]!).trim();
    if (displayName.length === 0 || displayName.length > 60) {
      throw new AppError('INVALID_PAYLOAD', 'The organiser’s name must be 1 to 60 characters', 'organiser-name');
    }
    if ((await this.db.select({ id: users.id }).from(users).where(eq(users.email, address)).limit(1))[0]) {
      throw new AppError('CONFLICT', 'An account with this email already exists', 'email');
    }
    const organisationId = newId('org');
    const userId = newId('usr');
    const link = await inTransaction(this.db, async (tx) => {
      await tx.insert(organisations).values({ id: organisationId, name: organisationName, createdAt: now });
      const inserted = await tx
        .insert(users)
        .values({ id: userId, organisationId, email: address, displayName, role: 'organiser', passwordHash: NO_PASSWORD })
        .onConflictDoNothing()
        .returning({ id: users.id });
      // Two commands with the same email at once: both passed the check above; the second finds the first's row.
      if (inserted.length === 0) throw new AppError('CONFLICT', 'An account with this email already exists', 'email');
      await writeAudit(tx, {
        organisationId,
        actorUserId: null,
        action: 'organisation.create',
        entityType: 'organisation',
        entityId: organisationId,
        after: { name: organisationName, organiserEmail: address },
      });
      return await issueAccessLink(tx, userId, now);
    });
    return { organisationId, userId, email: address, url: accessLinkUrl(this.publicUrl, link.token), expiresAt: link.expiresAt };
  }

  /**
   * A new one-time link for an account: its password, sign-ins and older links stop. Open connections of a
   * running server notice at their next request (this process cannot reach them).
   */
  async resetAccess(email: string, now = new Date()): Promise<IssuedLink> {
    const address = normaliseEmail(email);
    const row = (await this.db.select().from(users).where(eq(users.email, address)).limit(1))[0];
    if (!row) throw new AppError('NOT_FOUND', 'No account with this email', 'email');
    const link = await inTransaction(this.db, async (tx) => {
      await writeAudit(tx, {
        organisationId: row.organisationId,
        actorUserId: null,
        action: 'user.resetAccess',
        entityType: 'user',
        entityId: row.id,
      });
      return await issueAccessLink(tx, row.id, now);
    });
    return {
      organisationId: row.organisationId,
      userId: row.id,
      email: address,
      url: accessLinkUrl(this.publicUrl, link.token),
      expiresAt: link.expiresAt,
    };
  }

  async list(): Promise<OrganisationSummary[]> {
    const rows = await this.db
      .select({
        id: organisations.id,
        name: organisations.name,
        createdAt: organisations.createdAt,
        venues: sql<number>`(select count(*) from ${venues} where ${venues.organisationId} = ${organisations.id})`,
      })
      .from(organisations)
      .orderBy(asc(organisations.createdAt));
    const organisers = await this.db
      .select({ organisationId: users.organisationId, email: users.email })
      .from(users)
      .where(eq(users.role, 'organiser'))
      .orderBy(asc(users.email));
    return rows.map((row) => ({
      ...row,
      organisers: organisers.filter((o) => o.organisationId === row.id).map((o) => o.email),
    }));
  }
}

/** What start-up prints when there is no organisation yet (production, without the demo). */
export async function firstStartHint(db: Db): Promise<string | undefined> {
  if ((await db.select({ id: organisations.id }).from(organisations).limit(1))[0]) return undefined;
  return [
    '',
    'No organisation yet. Create the first one and its organiser (prints their one-time sign-in link):',
    '  npm run admin -- create-organisation --name <名前> --email <organiser email>',
    '',
  ].join('\n');
}
