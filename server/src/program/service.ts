import { eq } from 'drizzle-orm';
import {
  defaultProgram,
  type Program,
  type ProgramTemplate,
  type SaveProgram,
  type Segment,
  type SegmentInput,
} from '@shared/program/schemas';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { inTransaction } from '../db/transaction';
import { sessionPrograms, sessions, venueProgramTemplates, venues } from '../db/schema';
import { AppError } from '../core/errors';
import type { ProgramSource } from './ports';

type Listener = (sessionId: string) => void;

/** The default program's segments keep the same ids every time, so a live room can follow them. */
const defaultSegments: readonly Segment[] = defaultProgram.map((segment, i) => ({ ...segment, id: `seg_default_${i + 1}` }));

/**
 * A session's program: its own when saved, else its venue's template (the last program saved there), else
 * the default. Hosts of the venue and organisers of its organisation read and save it; saves are audited.
 */
export class ProgramService implements ProgramSource {
  private readonly listeners: Listener[] = [];

  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  async programFor(user: AuthUser, sessionId: string): Promise<Program> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    return this.resolve(sessionId, venueId);
  }

  /** Saves the session's program and, unless told otherwise, makes it the venue's template for next time. */
  async save(user: AuthUser, sessionId: string, input: SaveProgram): Promise<Program> {
    const venueId = await this.permissions.assertSession(user, sessionId);
    const before = await this.resolve(sessionId, venueId);
    const segments = withStableIds(input.segments, before.segments);
    const updatedAt = new Date();
    await inTransaction(this.db, async (tx) => {
      const row = { segments, updatedAt, updatedBy: user.id };
      await tx
        .insert(sessionPrograms)
        .values({ sessionId, ...row })
        .onConflictDoUpdate({ target: sessionPrograms.sessionId, set: row });
      if (input.saveAsTemplate ?? true)
        await tx
          .insert(venueProgramTemplates)
          .values({ venueId, ...row })
          .onConflictDoUpdate({ target: venueProgramTemplates.venueId, set: row });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'program.save',
        entityType: 'session',
        entityId: sessionId,
        before: before.source === 'session' ? before.segments : null,
        after: { segments, saveAsTemplate: input.saveAsTemplate ?? true },
      });
    });
    this.notify(sessionId);
    return { sessionId, venueId, segments, source: 'session', updatedAt: updatedAt.toISOString() };
  }

  async templateFor(user: AuthUser, venueId: string): Promise<ProgramTemplate> {
    this.permissions.assertVenue(user, venueId);
    const row = await this.templateRow(venueId);
    return { venueId, segments: row?.segments ?? [...defaultSegments], updatedAt: row ? row.updatedAt.toISOString() : null };
  }

  async saveTemplate(user: AuthUser, venueId: string, input: { segments: SegmentInput[] }): Promise<ProgramTemplate> {
    const before = await this.templateFor(user, venueId);
    const segments = withStableIds(input.segments, before.segments);
    const row = { segments, updatedAt: new Date(), updatedBy: user.id };
    await inTransaction(this.db, async (tx) => {
      await tx
        .insert(venueProgramTemplates)
        .values({ venueId, ...row })
        .onConflictDoUpdate({ target: venueProgramTemplates.venueId, set: row });
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'program-template.save',
        entityType: 'venue',
        entityId: venueId,
        before: before.updatedAt ? before.segments : null,
        after: segments,
      });
    });
    return { venueId, segments, updatedAt: row.updatedAt.toISOString() };
  }

  async segmentsFor(sessionId: string): Promise<Segment[]> {
    const [row] = await this.db.select({ venueId: sessions.venueId }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
    if (!row) throw new AppError('SESSION_NOT_FOUND', 'No session with this id');
    return (await this.resolve(sessionId, row.venueId)).segments;
  }

  onProgramSaved(listener: Listener): void {
    this.listeners.push(listener);
  }

  private async resolve(sessionId: string, venueId: string): Promise<Program> {
    const [own] = await this.db.select().from(sessionPrograms).where(eq(sessionPrograms.sessionId, sessionId)).limit(1);
    if (own) return { sessionId, venueId, segments: own.segments, source: 'session', updatedAt: own.updatedAt.toISOString() };
    const template = await this.templateRow(venueId);
    if (template)
      return { sessionId, venueId, segments: template.segments, source: 'template', updatedAt: template.updatedAt.toISOString() };
    return { sessionId, venueId, segments: [...defaultSegments], source: 'default', updatedAt: null };
  }

  private async templateRow(venueId: string) {
    const [row] = await this.db
      .select({ segments: venueProgramTemplates.segments, updatedAt: venueProgramTemplates.updatedAt })
      .from(venueProgramTemplates)
      .innerJoin(venues, eq(venues.id, venueProgramTemplates.venueId))
      .where(eq(venueProgramTemplates.venueId, venueId))
      .limit(1);
    return row;
  }

  private notify(sessionId: string): void {
    for (const listener of this.listeners) listener(sessionId);
  }
}

/**
 * Gives each saved segment an id. The request carries no ids, so a segment keeps the id of an earlier
 * segment with the same kind and title (first unused match): the live program can follow edits of minutes,
 * content and order without losing its place.
 */
export function withStableIds(inputs: readonly SegmentInput[], previous: readonly Segment[]): Segment[] {
  const unused = [...previous];
  return inputs.map((input) => {
    const match = unused.findIndex((p) => p.kind === input.kind && p.title === input.title);
    const id = match >= 0 ? unused.splice(match, 1)[0]!.id : newId('seg');
    return { id, ...input };
  });
}
