import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

export interface AuditEntry {
  organisationId: string | null;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

type DbOrTx = Pick<Db, 'insert'>;

/** Writes one audit entry; pass the transaction so the entry commits (or not) with the change it describes. */
export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, before: entry.before ?? null, after: entry.after ?? null });
}

/** Writes what a staff member did to a participant (never their personal data: `after` is ids and counts). */
export async function auditParticipantChange(
  db: DbOrTx,
  user: { organisationId: string; id: string },
  action: string,
  participantId: string,
  after?: unknown,
): Promise<void> {
  await writeAudit(db, {
    organisationId: user.organisationId,
    actorUserId: user.id,
    action,
    entityType: 'participant',
    entityId: participantId,
    after,
  });
}
