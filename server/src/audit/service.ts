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
export function writeAudit(db: DbOrTx, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, before: entry.before ?? null, after: entry.after ?? null })
    .run();
}

/** Writes what a staff member did to a participant (never their personal data: `after` is ids and counts). */
export function auditParticipantChange(
  db: DbOrTx,
  user: { organisationId: string; id: string },
  action: string,
  participantId: string,
  after?: unknown,
): void {
  writeAudit(db, {
    organisationId: user.organisationId,
    actorUserId: user.id,
    action,
    entityType: 'participant',
    entityId: participantId,
    after,
  });
}
