import { createHash } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { CaptionLink, CreateCaptionLink } from '@shared/captions/schemas';
import { CAPTION_LIMITS } from '@shared/captions/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { newId, newSecret } from '../db/ids';
import { inTransaction } from '../db/transaction';
import { captionLinks, venues } from '../db/schema';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
const HOUR_MS = 3_600_000;
/** Links listed for a venue (the newest). */
const LISTED_LINKS = 20;

/** What a working caption link opens: one venue's gatherings. */
export interface CaptionLinkGrant {
  linkId: string;
  venueId: string;
}

/**
 * Caption writers' links (要約筆記): made by staff of the venue for a volunteer, each with an expiry, stoppable at once.
 * Like invites, the link is the credential; unlike them it names no person, and it is stored only as a hash.
 */
export class CaptionLinkService {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, venueId: string): Promise<{ links: CaptionLink[] }> {
    this.permissions.assertVenue(user, venueId);
    const rows = await this.db
      .select()
      .from(captionLinks)
      .where(eq(captionLinks.venueId, venueId))
      .orderBy(desc(captionLinks.createdAt))
      .limit(LISTED_LINKS);
    return { links: rows.map((row) => toLink(row)) };
  }

  /** A link for the venue of this session (the host makes it from the venue screen). */
  async create(user: AuthUser, sessionId: string, body: CreateCaptionLink): Promise<CaptionLink> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    const [venue] = await this.db.select({ archivedAt: venues.archivedAt }).from(venues).where(eq(venues.id, venueId)).limit(1);
    if (!venue || venue.archivedAt) throw new AppError('NOT_FOUND', 'No venue with this id');
    const token = newSecret();
    const now = this.clock.now();
    const hours = Math.min(body.hours ?? 12, CAPTION_LIMITS.maxLinkHours);
    const row = {
      id: newId('cap'),
      venueId,
      tokenHash: tokenHash(token),
      createdBy: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + hours * HOUR_MS),
      revokedAt: null,
    };
    await inTransaction(this.db, async (tx) => {
      await tx.insert(captionLinks).values(row);
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'captionLink.create',
        entityType: 'venue',
        entityId: venueId,
        after: { linkId: row.id, hours },
      });
    });
    return { ...toLink(row), url: `${this.publicUrl.replace(/\/$/, '')}/c/${token}` };
  }

  async revoke(user: AuthUser, linkId: string): Promise<CaptionLink> {
    const [row] = await this.db.select().from(captionLinks).where(eq(captionLinks.id, linkId)).limit(1);
    if (!row || !user.venueIds.includes(row.venueId)) throw new AppError('NOT_FOUND', 'No caption link with this id');
    if (row.revokedAt) return toLink(row);
    const revokedAt = this.clock.now();
    await inTransaction(this.db, async (tx) => {
      await tx.update(captionLinks).set({ revokedAt }).where(eq(captionLinks.id, linkId));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'captionLink.revoke',
        entityType: 'venue',
        entityId: row.venueId,
        after: { linkId },
      });
    });
    return toLink({ ...row, revokedAt });
  }

  /** The venue a link opens; INVALID_TOKEN when it is unknown, stopped or expired. */
  async grant(token: string): Promise<CaptionLinkGrant> {
    const [row] = await this.db
      .select({ id: captionLinks.id, venueId: captionLinks.venueId })
      .from(captionLinks)
      .where(
        and(eq(captionLinks.tokenHash, tokenHash(token)), isNull(captionLinks.revokedAt), gt(captionLinks.expiresAt, this.clock.now())),
      )
      .limit(1);
    if (!row) throw new AppError('INVALID_TOKEN', 'This caption link does not work (stopped or expired): ask the host for a new one');
    return { linkId: row.id, venueId: row.venueId };
  }

  /** Whether the link still works now (checked again before every line its page sends). */
  async isValid(linkId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: captionLinks.id })
      .from(captionLinks)
      .where(and(eq(captionLinks.id, linkId), isNull(captionLinks.revokedAt), gt(captionLinks.expiresAt, this.clock.now())))
      .limit(1);
    return row !== undefined;
  }
}

function toLink(row: typeof captionLinks.$inferSelect): CaptionLink {
  return {
    id: row.id,
    venueId: row.venueId,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
