import { HTTP_LIMITS, LETTER_LIMITS } from '@shared/limits';
import { CallFactQueue, type BatchOptions } from '../attendance/callFactQueue';
import { CallFactWriter } from '../attendance/callFacts';
import { LOCAL_NODE_ID } from '../db/nodes';
import { StaffLiveChanges } from '../staffLive/changes';
import { StaffLiveService } from '../staffLive/service';
import { AttendanceService } from '../attendance/service';
import { AccessEvents } from '../auth/accessEvents';
import { AccessLinks } from '../auth/accessLinks';
import type { LoginLimits } from '../auth/loginLimits';
import { PasswordPool, type PasswordPoolOptions } from '../auth/passwords';
import { Permissions } from '../auth/permissions';
import { AuthService } from '../auth/service';
import { CaptionLinkService } from '../captions/links';
import { CaptionTranscripts } from '../captions/transcript';
import { WellbeingExportService } from '../checkins/export';
import { QuestionnaireService } from '../checkins/questionnaires';
import { CheckinService } from '../checkins/service';
import { WatchService } from '../checkins/watchService';
import { systemClock, type Clock } from '../core/clock';
import path from 'node:path';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Db } from '../db/client';
import { LetterMessageService } from '../letters/messages';
import { LetterRetentionService } from '../letters/retention';
import { RenderQueue } from '../letters/renderQueue';
import { LetterService } from '../letters/service';
import { LetterUrlSigner } from '../letters/signing';
import { LetterStorage } from '../letters/storage';
import { PhoneCallOutService } from '../phone/callOut';
import { PhoneDirectory } from '../phone/directory';
import { PhoneNumberService } from '../phone/staffNumbers';
import { QuizService } from '../program/quizzes/service';
import { ProgramService } from '../program/service';
import { VideoService } from '../program/videos/service';
import { VideoUrlSigner, videoUrlKeyFile } from '../program/videos/signing';
import { VideoStorage } from '../program/videos/storage';
import { ExportGate } from '../reports/exportGate';
import { ExportService } from '../reports/exportService';
import { ReportService } from '../reports/service';
import { SessionService } from '../sessions/service';
import { StaffService } from '../staff/service';
import { SurveyService } from '../survey/service';
import { InviteService } from '../venues/invites';
import { ParticipantLifecycle } from '../venues/participantLifecycle';
import { ParticipantService } from '../venues/participants';
import { ScheduleService } from '../venues/schedules';
import { VenueService } from '../venues/service';
import { VenueSessionService } from '../venues/sessions';

export interface ServiceOptions {
  /** Tests only: the password thread's queue (default DEFAULT_PASSWORD_POOL). */
  passwordPool?: PasswordPoolOptions;
  /** Tests only: smaller sign-in limits (default DEFAULT_LOGIN_LIMITS). */
  loginLimits?: LoginLimits;
  /** Tests only: how the call's joins and leaves are batched (default DEFAULT_BATCH). */
  callFactBatch?: BatchOptions;
  /** Tests only: the clock of the day-of-session rules, the planner and cancellations (default: the system's). */
  clock?: Clock;
}

/** The services of every feature, wired once; the REST app (buildApp) and the call (startServer) use them. */
export interface Services {
  access: AccessEvents;
  auth: AuthService;
  permissions: Permissions;
  sessions: SessionService;
  /** What time it is for the day-of-session rules (a test clock in tests). */
  clock: Clock;
  venues: VenueService;
  schedules: ScheduleService;
  participants: ParticipantService;
  /** Moves, pauses, leaving and erasure. */
  participantLifecycle: ParticipantLifecycle;
  invites: InviteService;
  venueSessions: VenueSessionService;
  /** The call's joins and leaves, queued and written in batches; the attendance recorder pushes into it. */
  callFacts: CallFactQueue;
  /** Changes staff pages follow live (StaffLivePublisher sends them), and where their live view starts. */
  staffLiveChanges: StaffLiveChanges;
  staffLive: StaffLiveService;
  attendance: AttendanceService;
  questionnaires: QuestionnaireService;
  checkins: CheckinService;
  watch: WatchService;
  wellbeingExport: WellbeingExportService;
  reports: ReportService;
  exports: ExportService;
  survey: SurveyService;
  exportGate: ExportGate;
  programs: ProgramService;
  videos: VideoService;
  quizzes: QuizService;
  staff: StaffService;
  /** One-time set-password links (new accounts, reset access, the first organiser). */
  accessLinks: AccessLinks;
  /** Staff's side of the telephone data: participants' numbers and keypad numbers, venues' numbers. */
  phoneNumbers: PhoneNumberService;
  /** Who is calling and which session they join (the SIP bridge asks it). */
  phoneDirectory: PhoneDirectory;
  /** 「電話をかける」 from the gathering (works once the server attaches its telephone bridge). */
  phoneCallOut: PhoneCallOutService;
  /** Video letters: recorded messages, letters rendered off the request path, their links, retention and erasure. */
  letterMessages: LetterMessageService;
  letters: LetterService;
  letterRetention: LetterRetentionService;
  /** Caption writers' links (要約筆記), made and stopped by staff. */
  captionLinks: CaptionLinkService;
  /** A session's stored caption lines (only while 「記録を残す」 is on). */
  captionTranscripts: CaptionTranscripts;
  /** Writes the queued call facts and stops the password thread (before the database closes). */
  close(): Promise<void>;
}

/**
 * Builds every service on an open database, each given its collaborators in its constructor: nothing is wired
 * afterwards, so nothing can be forgotten. No media workers, sockets, timers or listening: a test can build the
 * whole REST app on a temporary SQLite file with these and `buildApp`, and call `app.inject()`.
 */
export function createServices(
  db: Db,
  config: Pick<Config, 'publicUrl' | 'videoDir' | 'dbPath' | 'sessionDay'> & { cluster?: Config['cluster'] },
  logger: Logger,
  options: ServiceOptions = {},
): Services {
  const access = new AccessEvents();
  const passwords = new PasswordPool(options.passwordPool);
  const auth = new AuthService(db, { passwords, access, limits: options.loginLimits });
  const permissions = new Permissions(db);
  const clock = options.clock ?? systemClock;
  const sessions = new SessionService(db, clock, config.sessionDay);
  const nodeId = config.cluster?.nodeId ?? LOCAL_NODE_ID;
  const callFacts = new CallFactQueue(new CallFactWriter(db, nodeId), logger, options.callFactBatch);
  const questionnaires = new QuestionnaireService(db, permissions);
  const staffLiveChanges = new StaffLiveChanges();
  const checkins = new CheckinService(db, permissions, questionnaires, callFacts, staffLiveChanges);
  const signer = VideoUrlSigner.fromKeyFile(videoUrlKeyFile(config.dbPath));
  const phoneDirectory = new PhoneDirectory(db, sessions, clock);
  const videos = new VideoService(db, new VideoStorage(config.videoDir), signer);
  // Letters are kept beside the exercise videos (data/letters by default).
  const letterStorage = new LetterStorage(path.join(path.dirname(path.resolve(config.videoDir)), 'letters'));
  const renderQueue = new RenderQueue(1, LETTER_LIMITS.renderQueue);
  const letterRetention = new LetterRetentionService(db, letterStorage);
  return {
    access,
    auth,
    permissions,
    sessions,
    clock,
    venues: new VenueService(db, permissions, clock),
    schedules: new ScheduleService(db, permissions, clock),
    participants: new ParticipantService(db, permissions),
    participantLifecycle: new ParticipantLifecycle(db, permissions, access, letterRetention),
    invites: new InviteService(db, permissions, config.publicUrl, access),
    venueSessions: new VenueSessionService(db, permissions, clock),
    callFacts,
    attendance: new AttendanceService(db, permissions, sessions, callFacts, staffLiveChanges),
    staffLiveChanges,
    staffLive: new StaffLiveService(db, clock, callFacts),
    questionnaires,
    checkins,
    watch: new WatchService(db, permissions, checkins),
    wellbeingExport: new WellbeingExportService(db, permissions, checkins),
    reports: new ReportService(db, permissions),
    exports: new ExportService(db, permissions),
    survey: new SurveyService(db, permissions),
    exportGate: new ExportGate({
      total: HTTP_LIMITS.exportsAtOnce,
      perUser: HTTP_LIMITS.exportsPerUser,
      retryAfterSeconds: HTTP_LIMITS.exportRetryAfterSeconds,
    }),
    programs: new ProgramService(db, permissions),
    videos,
    quizzes: new QuizService(db, permissions),
    staff: new StaffService(db, auth.lockout, access, permissions, config.publicUrl),
    accessLinks: new AccessLinks(db, passwords, auth, access),
    phoneNumbers: new PhoneNumberService(db, permissions, clock),
    phoneDirectory,
    phoneCallOut: new PhoneCallOutService(db, permissions, phoneDirectory, sessions),
    letterMessages: new LetterMessageService(db, permissions, letterStorage),
    letters: new LetterService(
      db,
      permissions,
      letterStorage,
      videos,
      renderQueue,
      new LetterUrlSigner(signer),
      config.publicUrl,
      logger,
      undefined,
      nodeId,
    ),
    letterRetention,
    captionLinks: new CaptionLinkService(db, permissions, config.publicUrl, clock),
    captionTranscripts: new CaptionTranscripts(db, permissions),
    close: async () => {
      await callFacts.stop();
      await renderQueue.close();
      await passwords.close();
    },
  };
}
