import fs from 'node:fs';
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Letter, LetterLink, LetterPart, LetterWatch, SaveLetter, ShareLetter } from '@shared/letters/schemas';
import { LETTER_LIMITS } from '@shared/limits';
import { writeAudit } from '../audit/service';
import type { Permissions } from '../auth/permissions';
import type { AuthUser } from '../auth/service';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Db } from '../db/client';
import { newId, newSecret } from '../db/ids';
import { inTransaction } from '../db/transaction';
import { LOCAL_NODE_ID, type NodeFilter, nodeCondition } from '../db/nodes';
import { exerciseVideos, letterLinks, letterMessages, letters, participants, sessions, venueMembers, venues } from '../db/schema';
import type { LetterSource, PlayableVideo } from '../program/ports';
import { endOfJapanDay } from '../program/videos/service';
import { probeMedia } from './ffmpeg';
import type { LetterUrlSigner } from './signing';
import { renderLetter, type RenderPart } from './render';
import type { RenderQueue } from './renderQueue';
import type { LetterStorage } from './storage';

type LetterRow = typeof letters.$inferSelect;

/** Where the library's exercise videos are (the program's VideoService answers it). */
export interface VideoFiles {
  filePathOf(videoId: string): Promise<string | null>;
}

/** How a request for a rendered letter is authorised: a signed URL (from a link), or a signed-in staff member. */
export type LetterFileAccess = { user: AuthUser } | { exp: number; sig: string };

/** How long a link's page may play the file after opening it. */
const PLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Progress is written at most this often while rendering. */
const PROGRESS_EVERY_MS = 500;

/**
 * Letters: assembled by the venue's staff from messages and library videos, rendered one at a time off the request
 * path (RenderQueue), shared by personal links that expire; each opening counted, each share audited.
 */
export class LetterService implements LetterSource {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
    private readonly storage: LetterStorage,
    private readonly videos: VideoFiles,
    private readonly queue: RenderQueue,
    private readonly signer: LetterUrlSigner,
    private readonly publicUrl: string,
    private readonly logger: Logger,
    private readonly renderTimeoutMs = LETTER_LIMITS.renderTimeoutSeconds * 1000,
    /** The node whose render queue takes this server's renders (its leftovers are failed per node). */
    private readonly nodeId = LOCAL_NODE_ID,
  ) {}

  async list(user: AuthUser, venueId: string): Promise<Letter[]> {
    this.permissions.assertVenue(user, venueId);
    const rows = await this.db.select().from(letters).where(eq(letters.venueId, venueId)).orderBy(desc(letters.createdAt));
    return rows.map(toLetter);
  }

  async get(user: AuthUser, letterId: string): Promise<Letter> {
    return toLetter(await this.visible(user, letterId));
  }

  async create(user: AuthUser, venueId: string, input: SaveLetter): Promise<Letter> {
    this.permissions.assertVenue(user, venueId);
    await this.assertParts(user.organisationId, venueId, input.parts);
    const row: LetterRow = {
      id: newId('ltr'),
      organisationId: user.organisationId,
      venueId,
      title: input.title,
      parts: input.parts,
      status: 'draft',
      progress: 0,
      error: null,
      fileName: null,
      durationMs: null,
      sizeBytes: null,
      views: 0,
      createdBy: user.id,
      createdAt: new Date(),
      renderedAt: null,
      renderNodeId: null,
    };
    await inTransaction(this.db, async (tx) => {
      await tx.insert(letters).values(row);
      await writeAudit(tx, {
        organisationId: row.organisationId,
        actorUserId: user.id,
        action: 'letter.create',
        entityType: 'letter',
        entityId: row.id,
      });
    });
    return toLetter(row);
  }

  /** New title or parts: a rendered file no longer matches, so it is removed (the letter is rendered again). */
  async save(user: AuthUser, letterId: string, input: SaveLetter): Promise<Letter> {
    const row = await this.visible(user, letterId);
    assertNotRendering(row);
    await this.assertParts(row.organisationId, row.venueId, input.parts);
    const changes = { title: input.title, parts: input.parts, status: 'draft' as const, progress: 0, error: null, fileName: null };
    await this.db.update(letters).set(changes).where(eq(letters.id, letterId));
    this.storage.remove(row.fileName);
    return toLetter({ ...row, ...changes });
  }

  /** Queues the render (a failed one may be asked again); the page follows `progress` with `get`. */
  async render(user: AuthUser, letterId: string): Promise<Letter> {
    const row = await this.visible(user, letterId);
    assertNotRendering(row);
    if (row.parts.length === 0) throw new AppError('INVALID_PAYLOAD', 'The letter has no parts: add a message or a video first', 'parts');
    const inputs = await this.inputsOf(row);
    const queued = { status: 'queued' as const, progress: 0, error: null, renderNodeId: this.nodeId };
    await this.db.update(letters).set(queued).where(eq(letters.id, letterId));
    try {
      this.queue.push(() => this.runRender(letterId, inputs));
    } catch (error) {
      await this.db.update(letters).set({ status: row.status }).where(eq(letters.id, letterId));
      throw error;
    }
    await writeAudit(this.db, {
      organisationId: row.organisationId,
      actorUserId: user.id,
      action: 'letter.render',
      entityType: 'letter',
      entityId: letterId,
    });
    return toLetter({ ...row, ...queued });
  }

  /**
   * Letters left queued or rendering by a server that stopped: failed, so the host can retry. `nodes` says whose: a
   * node's own at its start, the dead nodes' on the cluster's leader; neither: all (a server alone). Returns how many.
   */
  async failInterrupted(nodes: NodeFilter = {}): Promise<number> {
    const failed = await this.db
      .update(letters)
      .set({ status: 'failed', error: 'サーバーが止まったため、作れませんでした。もう一度「作る」を押してください。' })
      .where(and(inArray(letters.status, ['queued', 'rendering']), nodeCondition(letters.renderNodeId, nodes)))
      .returning({ id: letters.id });
    return failed.length;
  }

  /** The rendered file, once a signed link or a signed-in staff member of the venue allows it. */
  async fileFor(letterId: string, access: LetterFileAccess): Promise<{ path: string }> {
    let row: LetterRow | undefined;
    if ('user' in access) row = await this.visible(access.user, letterId);
    else {
      if (!this.signer.verify(letterId, access.exp, access.sig))
        throw new AppError('NOT_ALLOWED', 'This letter link is not valid or has expired');
      [row] = await this.db.select().from(letters).where(eq(letters.id, letterId)).limit(1);
    }
    if (!row?.fileName) throw new AppError('NOT_FOUND', 'This letter has not been made yet');
    return { path: this.storage.pathOf(row.fileName) };
  }

  /** Personal links for participants of the letter's venue (and the venue's own); audited. */
  async share(user: AuthUser, letterId: string, input: ShareLetter, now = new Date()): Promise<LetterLink[]> {
    const row = await this.visible(user, letterId);
    if (row.status !== 'ready') throw new AppError('CONFLICT', 'The letter must be made before it is shared', 'status');
    const ids = [...new Set(input.participantIds)];
    if (ids.length === 0 && !input.venue)
      throw new AppError('INVALID_PAYLOAD', 'Choose at least one person or the venue', 'participantIds');
    const members = await this.activeMembers(row.venueId, ids);
    const missing = ids.filter((id) => !members.has(id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', 'Some people are not in this venue’s group', 'participantIds');
    const expiresAt = new Date(now.getTime() + input.days * 24 * 60 * 60 * 1000);
    const recipients: (string | null)[] = [...(input.venue ? [null] : []), ...ids];
    const rows = recipients.map((participantId) => ({
      token: newSecret(),
      letterId,
      participantId,
      expiresAt,
      createdBy: user.id,
      createdAt: now,
    }));
    await inTransaction(this.db, async (tx) => {
      if (rows.length > 0) await tx.insert(letterLinks).values(rows);
      await writeAudit(tx, {
        organisationId: row.organisationId,
        actorUserId: user.id,
        action: 'letter.share',
        entityType: 'letter',
        entityId: letterId,
        after: { participantIds: ids, venue: input.venue, days: input.days },
      });
    });
    const venueName = await this.venueName(row.venueId);
    return rows.map((link) => this.toLink(link, row, venueName, link.participantId ? members.get(link.participantId)! : null));
  }

  /** The letter's links still valid (for printing the QR cards). */
  async links(user: AuthUser, letterId: string, now = new Date()): Promise<LetterLink[]> {
    const row = await this.visible(user, letterId);
    const venueName = await this.venueName(row.venueId);
    const links = await this.db
      .select({ link: letterLinks, name: participants.displayName })
      .from(letterLinks)
      .leftJoin(participants, eq(participants.id, letterLinks.participantId))
      .where(and(eq(letterLinks.letterId, letterId), gt(letterLinks.expiresAt, now)));
    return links.map(({ link, name }) => this.toLink(link, row, venueName, name));
  }

  /**
   * Opens a link: a person's link works while they are still in the venue's group, until it expires. Counts the view
   * (the letter's count only, not who) and answers a signed address of the file.
   */
  async watch(token: string, now = new Date()): Promise<LetterWatch> {
    const [found] = await this.db
      .select({ link: letterLinks, letter: letters, person: participants })
      .from(letterLinks)
      .innerJoin(letters, eq(letters.id, letterLinks.letterId))
      .leftJoin(participants, eq(participants.id, letterLinks.participantId))
      .where(eq(letterLinks.token, token))
      .limit(1);
    if (!found) throw new AppError('INVALID_TOKEN', 'This letter link is unknown', 'token');
    const { link, letter, person } = found;
    if (link.expiresAt <= now) throw new AppError('INVALID_TOKEN', 'This letter link has expired', 'token');
    if (person && (person.leftAt || person.erasedAt || !(await this.activeMembers(letter.venueId, [person.id])).has(person.id)))
      throw new AppError('INVALID_TOKEN', 'This letter link is no longer valid', 'token');
    if (letter.status !== 'ready' || !letter.fileName) throw new AppError('NOT_FOUND', 'This letter is being remade; try again later');
    await this.db
      .update(letters)
      .set({ views: sql`${letters.views} + 1` })
      .where(eq(letters.id, letter.id));
    const exp = Math.floor(Math.min(link.expiresAt.getTime(), now.getTime() + PLAY_WINDOW_MS) / 1000);
    const query = new URLSearchParams({ exp: String(exp), sig: this.signer.sign(letter.id, exp) });
    return {
      title: letter.title,
      venueName: await this.venueName(letter.venueId),
      name: person?.displayName ?? null,
      videoUrl: `/api/letters/${encodeURIComponent(letter.id)}/file?${query.toString()}`,
      durationMs: letter.durationMs,
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  /**
   * A ready letter of the session's venue, shown at the gathering through the live program's video timeline: a signed
   * address the session's devices play until the end of its day in Japan. Counts a view and audits the showing.
   */
  async playableFor(sessionId: string, letterId: string, now = new Date()): Promise<PlayableVideo> {
    const [session] = await this.db
      .select({ venueId: sessions.venueId, startsAt: sessions.startsAt })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .limit(1);
    const [row] = await this.db.select().from(letters).where(eq(letters.id, letterId)).limit(1);
    if (!session || !row || row.venueId !== session.venueId)
      throw new AppError('NOT_FOUND', 'No letter with this id in this venue', 'letterId');
    if (row.status !== 'ready' || !row.fileName) throw new AppError('CONFLICT', 'The letter must be made before it is shown', 'letterId');
    await inTransaction(this.db, async (tx) => {
      await tx
        .update(letters)
        .set({ views: sql`${letters.views} + 1` })
        .where(eq(letters.id, letterId));
      await writeAudit(tx, {
        organisationId: row.organisationId,
        actorUserId: null,
        action: 'letter.show',
        entityType: 'letter',
        entityId: letterId,
        after: { sessionId },
      });
    });
    const exp = Math.max(endOfJapanDay(session.startsAt), endOfJapanDay(now)) / 1000;
    const query = new URLSearchParams({ exp: String(exp), sig: this.signer.sign(letterId, exp) });
    return {
      videoId: letterId,
      kind: 'letter',
      title: row.title,
      url: `/api/letters/${encodeURIComponent(letterId)}/file?${query.toString()}`,
    };
  }

  /** Where a ready letter's file is (the telephone bridge plays a shown letter's sound to callers); null otherwise. */
  async filePathOf(letterId: string): Promise<string | null> {
    const [row] = await this.db.select({ fileName: letters.fileName }).from(letters).where(eq(letters.id, letterId)).limit(1);
    return row?.fileName ? this.storage.pathOf(row.fileName) : null;
  }

  private async runRender(letterId: string, inputs: () => Promise<RenderPart[]>): Promise<void> {
    const [row] = await this.db.select().from(letters).where(eq(letters.id, letterId)).limit(1);
    if (!row || row.status !== 'queued') return;
    await this.db.update(letters).set({ status: 'rendering', progress: 0 }).where(eq(letters.id, letterId));
    const output = this.storage.newPath('.mp4');
    let written = 0;
    // Progress is written in order, one write at a time, and never holds ffmpeg up; the end waits for the last one.
    let progressWrites = Promise.resolve();
    try {
      const parts = await inputs();
      await renderLetter(parts, output, {
        timeoutMs: this.renderTimeoutMs,
        signal: this.queue.signal,
        onProgress: (fraction) => {
          if (Date.now() - written < PROGRESS_EVERY_MS && fraction < 1) return;
          written = Date.now();
          const permille = Math.round(Math.min(1, fraction) * 1000);
          progressWrites = progressWrites
            .then(async () => {
              await this.db
                .update(letters)
                .set({ progress: permille })
                .where(and(eq(letters.id, letterId), eq(letters.status, 'rendering')));
            })
            .catch((error: unknown) => this.logger.warn({ err: error, letterId }, 'could not store a letter’s progress'));
        },
      });
      await progressWrites;
      const sizeBytes = fs.statSync(output).size;
      if (sizeBytes > LETTER_LIMITS.maxLetterBytes) throw new Error(`the letter is larger than ${LETTER_LIMITS.maxLetterBytes} bytes`);
      const { durationMs } = await probeMedia(output);
      const fileName = this.storage.keep(output, '.mp4');
      const done = { status: 'ready' as const, progress: 1000, fileName, sizeBytes, durationMs, renderedAt: new Date(), error: null };
      const changed = await this.db
        .update(letters)
        .set(done)
        .where(and(eq(letters.id, letterId), eq(letters.status, 'rendering')))
        .returning({ id: letters.id });
      // Deleted or erased while rendering: the file is not kept.
      if (changed.length === 0) this.storage.remove(fileName);
      else this.storage.remove(row.fileName);
    } catch (error) {
      fs.rmSync(output, { force: true });
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ letterId, reason }, 'A letter could not be rendered');
      await progressWrites;
      await this.db
        .update(letters)
        .set({ status: 'failed', error: hostReasonOf(error) })
        .where(eq(letters.id, letterId))
        .catch((failure: unknown) => this.logger.error({ err: failure, letterId }, 'could not mark a letter failed'));
    }
  }

  /** The files of a letter's parts, looked up now and probed when the render starts. */
  private async inputsOf(row: LetterRow): Promise<() => Promise<RenderPart[]>> {
    const files: string[] = [];
    for (const part of row.parts) files.push(await this.fileOfPart(row, part));
    return async () => {
      const parts: RenderPart[] = [{ kind: 'title', text: row.title, seconds: LETTER_LIMITS.titleCardSeconds }];
      let total = 0;
      for (const [index, file] of files.entries()) {
        const part = `${index + 1}番目の${row.parts[index]!.kind === 'video' ? '体操の動画' : 'メッセージ'}`;
        if (!fs.existsSync(file)) throw new RenderFailure(`${part}のファイルが見つかりません`, 'a part’s file is missing');
        const probe = await probeMedia(file).catch((error: unknown) => {
          throw new RenderFailure(`${part}が、再生できる動画ではありません`, String(error));
        });
        total += probe.durationMs;
        if (total > LETTER_LIMITS.maxLetterSeconds * 1000)
          throw new RenderFailure(`${LETTER_LIMITS.maxLetterSeconds / 60}分より長くなります`, 'the letter is too long');
        parts.push({ kind: 'file', path: file, seconds: probe.durationMs / 1000, hasAudio: probe.hasAudio });
      }
      return parts;
    };
  }

  private async fileOfPart(row: LetterRow, part: LetterPart): Promise<string> {
    if (part.kind === 'video') {
      const file = await this.videos.filePathOf(part.videoId);
      if (!file) throw new AppError('NOT_FOUND', 'A video of this letter was deleted; remove it from the letter', 'parts');
      return file;
    }
    const [message] = await this.db.select().from(letterMessages).where(eq(letterMessages.id, part.messageId)).limit(1);
    if (!message || message.venueId !== row.venueId)
      throw new AppError('NOT_FOUND', 'A message of this letter was deleted; remove it from the letter', 'parts');
    return this.storage.pathOf(message.fileName);
  }

  private async assertParts(organisationId: string, venueId: string, parts: LetterPart[]): Promise<void> {
    const messageIds = parts.flatMap((p) => (p.kind === 'message' ? [p.messageId] : []));
    const videoIds = parts.flatMap((p) => (p.kind === 'video' ? [p.videoId] : []));
    const messages = messageIds.length
      ? await this.db
          .select({ id: letterMessages.id })
          .from(letterMessages)
          .where(and(inArray(letterMessages.id, messageIds), eq(letterMessages.venueId, venueId)))
      : [];
    const videos = videoIds.length
      ? await this.db
          .select({ id: exerciseVideos.id })
          .from(exerciseVideos)
          .where(and(inArray(exerciseVideos.id, videoIds), eq(exerciseVideos.organisationId, organisationId)))
      : [];
    if (new Set(messages.map((m) => m.id)).size !== new Set(messageIds).size)
      throw new AppError('NOT_FOUND', 'No message with this id in this venue', 'parts');
    if (new Set(videos.map((v) => v.id)).size !== new Set(videoIds).size) throw new AppError('NOT_FOUND', 'No video with this id', 'parts');
  }

  private async activeMembers(venueId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: participants.id, name: participants.displayName })
      .from(venueMembers)
      .innerJoin(participants, eq(participants.id, venueMembers.participantId))
      .where(
        and(eq(venueMembers.venueId, venueId), inArray(participants.id, ids), isNull(participants.leftAt), isNull(participants.erasedAt)),
      );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private async venueName(venueId: string): Promise<string> {
    const [venue] = await this.db.select({ name: venues.name }).from(venues).where(eq(venues.id, venueId)).limit(1);
    return venue?.name ?? '';
  }

  private toLink(
    link: { token: string; participantId: string | null; expiresAt: Date },
    letter: LetterRow,
    venueName: string,
    name: string | null,
  ): LetterLink {
    return {
      participantId: link.participantId,
      name: name ?? venueName,
      venueName,
      letterTitle: letter.title,
      url: `${this.publicUrl}/l/${link.token}`,
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  private async visible(user: AuthUser, letterId: string): Promise<LetterRow> {
    const [row] = await this.db.select().from(letters).where(eq(letters.id, letterId)).limit(1);
    if (!row || !user.venueIds.includes(row.venueId)) throw new AppError('NOT_FOUND', 'No letter with this id');
    return row;
  }
}

function assertNotRendering(row: LetterRow): void {
  if (row.status === 'queued' || row.status === 'rendering')
    throw new AppError('CONFLICT', 'The letter is being made; wait until it is done', 'status');
}

function toLetter(row: LetterRow): Letter {
  return {
    id: row.id,
    venueId: row.venueId,
    title: row.title,
    parts: row.parts,
    status: row.status,
    progress: row.progress / 1000,
    error: row.error,
    durationMs: row.durationMs,
    sizeBytes: row.sizeBytes,
    views: row.views,
    createdAt: row.createdAt.toISOString(),
    renderedAt: row.renderedAt?.toISOString() ?? null,
  };
}

/** A render stopped by one of the letter's parts: what the host reads, in plain Japanese, beside the log's detail. */
class RenderFailure extends Error {
  constructor(
    readonly forHost: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** The host sees Japanese only: which part to fix when one part stopped the render, else to try again later. */
function hostReasonOf(error: unknown): string {
  if (error instanceof RenderFailure) return `作れませんでした。${error.forHost}。直すか外してから、もう一度作ってください。`;
  return '作れませんでした。少し時間をおいて、もう一度作ってください。';
}
