import { HTTP_LIMITS } from '@shared/limits';
import { CallFactQueue, type BatchOptions } from '../attendance/callFactQueue';
import { CallFactWriter } from '../attendance/callFacts';
import { AttendanceService } from '../attendance/service';
import { AccessEvents } from '../auth/accessEvents';
import type { LoginLimits } from '../auth/loginLimits';
import { PasswordPool, type PasswordPoolOptions } from '../auth/passwords';
import { Permissions } from '../auth/permissions';
import { AuthService } from '../auth/service';
import { WellbeingExportService } from '../checkins/export';
import { QuestionnaireService } from '../checkins/questionnaires';
import { CheckinService } from '../checkins/service';
import { WatchService } from '../checkins/watchService';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Db } from '../db/client';
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
}

/** The services of every feature, wired once; the REST app (buildApp) and the call (startServer) use them. */
export interface Services {
  access: AccessEvents;
  auth: AuthService;
  permissions: Permissions;
  sessions: SessionService;
  venues: VenueService;
  schedules: ScheduleService;
  participants: ParticipantService;
  invites: InviteService;
  venueSessions: VenueSessionService;
  /** The call's joins and leaves, queued and written in batches; the attendance recorder pushes into it. */
  callFacts: CallFactQueue;
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
  config: Pick<Config, 'publicUrl' | 'videoDir' | 'dbPath'>,
  logger: Logger,
  options: ServiceOptions = {},
): Services {
  const access = new AccessEvents();
  const passwords = new PasswordPool(options.passwordPool);
  const auth = new AuthService(db, { passwords, access, limits: options.loginLimits });
  const permissions = new Permissions(db);
  const sessions = new SessionService(db);
  const callFacts = new CallFactQueue(new CallFactWriter(db), logger, options.callFactBatch);
  const questionnaires = new QuestionnaireService(db, permissions);
  const checkins = new CheckinService(db, permissions, questionnaires, callFacts);
  const signer = VideoUrlSigner.fromKeyFile(videoUrlKeyFile(config.dbPath));
  return {
    access,
    auth,
    permissions,
    sessions,
    venues: new VenueService(db),
    schedules: new ScheduleService(db, permissions),
    participants: new ParticipantService(db, permissions),
    invites: new InviteService(db, permissions, config.publicUrl, access),
    venueSessions: new VenueSessionService(db, permissions),
    callFacts,
    attendance: new AttendanceService(db, permissions, sessions, callFacts),
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
    videos: new VideoService(db, new VideoStorage(config.videoDir), signer),
    quizzes: new QuizService(db, permissions),
    staff: new StaffService(db, auth.lockout, access),
    close: async () => {
      callFacts.stop();
      await passwords.close();
    },
  };
}
