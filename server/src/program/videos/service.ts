import { and, desc, eq } from 'drizzle-orm';
import { VIDEO_MAX_BYTES, VIDEO_MIME_TYPES, type ExerciseVideo } from '@shared/program/videos';
import { writeAudit } from '../../audit/service';
import type { AuthUser } from '../../auth/service';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { inTransaction } from '../../db/transaction';
import { exerciseVideos, sessions, venues } from '../../db/schema';
import { AppError } from '../../core/errors';
import { addDays, japanDate, japanInstant } from '@shared/japanTime';
import type { PlayableVideo, VideoSource } from '../ports';
import type { VideoUrlSigner } from './signing';
import type { VideoMimeType } from './sniff';
import { tooLarge, type VideoStorage } from './storage';

type VideoRow = typeof exerciseVideos.$inferSelect;

export interface VideoUpload {
  title: string;
  contentType: string | undefined;
  contentLength: number | undefined;
  body: NodeJS.ReadableStream;
}

/** How a request for a video file is authorised: a signed URL, or a signed-in staff member. */
export type FileAccess = { user: AuthUser } | { exp: number; sig: string };

export interface VideoFile {
  path: string;
  mimeType: VideoMimeType;
  sizeBytes: number;
}

/**
 * An organisation's exercise videos: organisers upload and delete (audited), staff list them, and a live
 * session gets signed URLs its devices can play without signing in.
 */
export class VideoService implements VideoSource {
  constructor(
    private readonly db: Db,
    private readonly storage: VideoStorage,
    private readonly signer: VideoUrlSigner,
    private readonly maxBytes = VIDEO_MAX_BYTES,
  ) {}

  async list(user: AuthUser, organisationId: string): Promise<ExerciseVideo[]> {
    assertOwnOrganisation(user, organisationId);
    const rows = await this.db
      .select()
      .from(exerciseVideos)
      .where(eq(exerciseVideos.organisationId, organisationId))
      .orderBy(desc(exerciseVideos.createdAt));
    return rows.map(toExerciseVideo);
  }

  /** Checks what the headers say before reading the body: who, which type, how large. */
  assertUploadAllowed(
    user: AuthUser,
    organisationId: string,
    contentType: string | undefined,
    contentLength: number | undefined,
  ): VideoMimeType {
    if (user.role !== 'organiser') throw new AppError('NOT_ALLOWED', 'Only an organiser can upload videos');
    assertOwnOrganisation(user, organisationId);
    const mimeType = VIDEO_MIME_TYPES.find((type) => type === contentType?.split(';')[0]?.trim().toLowerCase());
    if (!mimeType)
      throw new AppError(
        'UNSUPPORTED_TYPE',
        `Videos must be ${VIDEO_MIME_TYPES.join(' or ')}, not ${contentType || 'a file without a type'}`,
        'contentType',
      );
    if (contentLength !== undefined && contentLength > this.maxBytes) throw tooLarge(this.maxBytes);
    return mimeType;
  }

  async upload(user: AuthUser, organisationId: string, upload: VideoUpload): Promise<ExerciseVideo> {
    const mimeType = this.assertUploadAllowed(user, organisationId, upload.contentType, upload.contentLength);
    const { fileName, sizeBytes } = await this.storage.receive(upload.body, mimeType, this.maxBytes);
    const row = {
      id: newId('vid'),
      organisationId,
      title: upload.title,
      mimeType,
      sizeBytes,
      fileName,
      createdBy: user.id,
      createdAt: new Date(),
    };
    try {
      await inTransaction(this.db, async (tx) => {
        await tx.insert(exerciseVideos).values(row);
        await writeAudit(tx, {
          organisationId,
          actorUserId: user.id,
          action: 'video.upload',
          entityType: 'video',
          entityId: row.id,
          after: { title: row.title, mimeType, sizeBytes },
        });
      });
    } catch (error) {
      this.storage.remove(fileName);
      throw error;
    }
    return toExerciseVideo(row);
  }

  async remove(user: AuthUser, videoId: string): Promise<void> {
    const row = await this.findVisible(user, videoId);
    if (user.role !== 'organiser') throw new AppError('NOT_ALLOWED', 'Only an organiser can delete videos');
    await inTransaction(this.db, async (tx) => {
      await tx.delete(exerciseVideos).where(eq(exerciseVideos.id, videoId));
      await writeAudit(tx, {
        organisationId: row.organisationId,
        actorUserId: user.id,
        action: 'video.delete',
        entityType: 'video',
        entityId: videoId,
        before: { title: row.title, mimeType: row.mimeType, sizeBytes: row.sizeBytes },
      });
    });
    this.storage.remove(row.fileName);
  }

  /** The file to send, once the request shows a valid signature or comes from staff of the video's organisation. */
  async fileFor(videoId: string, access: FileAccess): Promise<VideoFile> {
    const row = 'user' in access ? await this.findVisible(access.user, videoId) : await this.findSigned(videoId, access.exp, access.sig);
    return { path: this.storage.pathOf(row.fileName), mimeType: row.mimeType, sizeBytes: row.sizeBytes };
  }

  /**
   * Where a video's file is, for the telephone bridge (which decodes its sound itself for callers of a session the
   * video was loaded in, so access was checked then by playableFor); null once the video is deleted.
   */
  async filePathOf(videoId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ fileName: exerciseVideos.fileName })
      .from(exerciseVideos)
      .where(eq(exerciseVideos.id, videoId))
      .limit(1);
    return row ? this.storage.pathOf(row.fileName) : null;
  }

  /** A URL the session's devices can play until at least the end of the session's day in Japan. */
  async playableFor(sessionId: string, videoId: string, now = new Date()): Promise<PlayableVideo> {
    const [session] = await this.db
      .select({ organisationId: venues.organisationId, startsAt: sessions.startsAt })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .where(eq(sessions.id, sessionId))
      .limit(1);
    const [video] = session
      ? await this.db
          .select()
          .from(exerciseVideos)
          .where(and(eq(exerciseVideos.id, videoId), eq(exerciseVideos.organisationId, session.organisationId)))
          .limit(1)
      : [];
    if (!session || !video) throw new AppError('NOT_FOUND', 'No video with this id');
    const exp = Math.max(endOfJapanDay(session.startsAt), endOfJapanDay(now)) / 1000;
    return { videoId, title: video.title, url: this.signedPath(videoId, exp) };
  }

  signedPath(videoId: string, exp: number): string {
    const query = new URLSearchParams({ exp: String(exp), sig: this.signer.sign(videoId, exp) });
    return `/api/videos/${encodeURIComponent(videoId)}/file?${query.toString()}`;
  }

  private async findVisible(user: AuthUser, videoId: string): Promise<VideoRow> {
    const [row] = await this.db.select().from(exerciseVideos).where(eq(exerciseVideos.id, videoId)).limit(1);
    if (!row || row.organisationId !== user.organisationId) throw new AppError('NOT_FOUND', 'No video with this id');
    return row;
  }

  private async findSigned(videoId: string, exp: number, sig: string): Promise<VideoRow> {
    if (!this.signer.verify(videoId, exp, sig)) throw new AppError('NOT_ALLOWED', 'This video link is not valid or has expired');
    const [row] = await this.db.select().from(exerciseVideos).where(eq(exerciseVideos.id, videoId)).limit(1);
    if (!row) throw new AppError('NOT_FOUND', 'No video with this id');
    return row;
  }
}

function assertOwnOrganisation(user: AuthUser, organisationId: string): void {
  if (user.organisationId !== organisationId) throw new AppError('NOT_FOUND', 'No organisation with this id');
}

/** Midnight in Japan after `instant` (ms): signed links of a session's devices last until then. */
export function endOfJapanDay(instant: Date): number {
  return japanInstant(addDays(japanDate(instant), 1), '00:00').getTime();
}

function toExerciseVideo(row: VideoRow): ExerciseVideo {
  return {
    id: row.id,
    organisationId: row.organisationId,
    title: row.title,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt.toISOString(),
  };
}
