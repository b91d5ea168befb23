import type { FastifyInstance } from 'fastify';
import { HTTP_LIMITS } from '@shared/limits';
import type { Server as IoServer } from 'socket.io';
import { buildApp } from './app';
import { AttendanceRecorder } from './attendance/recorder';
import { attendanceRoutes } from './attendance/routes';
import { AttendanceService } from './attendance/service';
import { planUpcomingSessions } from './venues/planner';
import { venueRoutes } from './venues/routes';
import { InviteService } from './venues/invites';
import { ParticipantService } from './venues/participants';
import { ScheduleService } from './venues/schedules';
import { VenueService } from './venues/service';
import { VenueSessionService } from './venues/sessions';
import { Permissions } from './auth/permissions';
import { AccessEvents } from './auth/accessEvents';
import type { LoginLimits } from './auth/loginLimits';
import { PasswordPool, type PasswordPoolOptions } from './auth/passwords';
import { AuthService } from './auth/service';
import { CallService } from './call/CallService';
import { createRequestHandlers } from './realtime/handlers';
import { CheckinCallActions, checkinRoutes, CheckinService, QuestionnaireService, WatchService, WellbeingExportService } from './checkins';
import { RoomRegistry } from './call/RoomRegistry';
import { WorkerPool } from './call/WorkerPool';
import type { Config } from './core/config';
import { openDatabase, type DbHandle } from './db/client';
import { announceDemo } from './demo/announcement';
import { ensureDemo } from './demo/seed';
import type { Logger } from './core/logger';
import { LiveRequests } from './program/live/LiveRequests';
import { LiveSessions, type LiveSessionsOptions } from './program/live/LiveSessions';
import { ProgramService, programRoutes, QuizService, VideoService, VideoStorage, VideoUrlSigner, videoUrlKeyFile } from './program';
import { proxyTrust } from './http/proxyTrust';
import { attachRealtime } from './realtime/io';
import { ConnectionRevocation } from './realtime/revocation';
import type { RealtimeLimits } from './realtime/limits';
import { ExportGate, ExportService, ReportService, reportRoutes } from './reports';
import { SessionService } from './sessions/service';
import { StaffService } from './staff/service';
import { staffRoutes } from './staff/routes';

export interface KayoiServer {
  app: FastifyInstance;
  io: IoServer;
  db: DbHandle;
  pool: WorkerPool;
  rooms: RoomRegistry;
  live: LiveSessions;
  /** The address it listens on, e.g. http://127.0.0.1:3000 (useful with port 0). */
  url: string;
  close(): Promise<void>;
}

/** Start-up, top to bottom: database, media workers, services, HTTP app, realtime, listen. */
export interface StartOptions {
  /** Where the demo's links (and new accounts) are written as plain text; `npm start` prints them. */
  announce?: (text: string) => void;
  /** Tests only: a shifted server clock or a shorter small-group minute for the live program. Production leaves it unset. */
  liveTestSettings?: LiveSessionsOptions;
  /** Tests only: the password thread's queue (default DEFAULT_PASSWORD_POOL). */
  passwordPool?: PasswordPoolOptions;
  /** Tests only: smaller sign-in limits (default DEFAULT_LOGIN_LIMITS). */
  loginLimits?: LoginLimits;
  /** Tests only: other limits for the socket edge (e.g. a short join window). Production leaves it unset. */
  realtimeLimits?: Partial<RealtimeLimits>;
}

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<KayoiServer> {
  const db = openDatabase(config.dbPath);
  planUpcomingSessions(db.db);
  if (config.seedDemo) announceDemo(await ensureDemo(db.db), config.publicUrl, logger, options.announce);

  const pool = await WorkerPool.start(config.media, logger);
  const rooms = new RoomRegistry(pool, logger);
  const sessions = new SessionService(db.db);
  const access = new AccessEvents();
  const passwords = new PasswordPool(options.passwordPool);
  const auth = new AuthService(db.db, { passwords, access, limits: options.loginLimits });
  const permissions = new Permissions(db.db);
  const attendance = new AttendanceService(db.db, permissions, sessions);
  const recorder = new AttendanceRecorder(rooms, attendance, logger);
  const planner = setInterval(() => planUpcomingSessions(db.db), 60 * 60 * 1000).unref();
  const questionnaires = new QuestionnaireService(db.db, permissions);
  const checkins = new CheckinService(db.db, permissions, questionnaires);
  checkins.flushCallAttendanceWith(() => attendance.flushCallFacts());
  const watch = new WatchService(db.db, permissions, checkins);
  const programs = new ProgramService(db.db, permissions);
  const videos = new VideoService(db.db, new VideoStorage(config.videoDir), VideoUrlSigner.fromKeyFile(videoUrlKeyFile(config.dbPath)));
  const quizzes = new QuizService(db.db, permissions);
  const live = new LiveSessions(rooms, { programs, videos, quizzes }, logger, options.liveTestSettings);
  const call = new CallService(sessions, rooms, permissions, checkins, live);
  const exportGate = new ExportGate({
    total: HTTP_LIMITS.exportsAtOnce,
    perUser: HTTP_LIMITS.exportsPerUser,
    retryAfterSeconds: HTTP_LIMITS.exportRetryAfterSeconds,
  });

  const app = await buildApp(config, logger, {
    auth,
    sessions,
    features: [
      (app) =>
        app.register(venueRoutes, {
          venues: new VenueService(db.db),
          schedules: new ScheduleService(db.db, permissions),
          participants: new ParticipantService(db.db, permissions),
          invites: new InviteService(db.db, permissions, config.publicUrl, access),
          sessions: new VenueSessionService(db.db, permissions),
        }),
      (app) => app.register(attendanceRoutes, { attendance }),
      (app) =>
        app.register(checkinRoutes, {
          checkins,
          questionnaires,
          watch,
          wellbeingExport: new WellbeingExportService(db.db, permissions, checkins),
          exportGate,
        }),
      (app) =>
        app.register(reportRoutes, {
          reports: new ReportService(db.db, permissions),
          exportService: new ExportService(db.db, permissions),
          exportGate,
        }),
      (app) => app.register(programRoutes, { programs, videos, quizzes }),
      (app) => app.register(staffRoutes, { staff: new StaffService(db.db, auth.lockout, access) }),
    ],
  });
  const handlers = createRequestHandlers({
    call,
    checkins: new CheckinCallActions(checkins, questionnaires),
    live: new LiveRequests(live),
  });
  const io = attachRealtime(app.server, handlers, auth, logger, {
    publicUrl: config.publicUrl,
    trustProxy: proxyTrust(config.trustProxy),
    limits: options.realtimeLimits,
    revocation: new ConnectionRevocation(access, auth, permissions, sessions, logger),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.tls ? 'https' : 'http'}://${config.host === 'localhost' ? 'localhost' : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(planner);
      recorder.stop();
      live.disposeAll();
      await rooms.closeAll();
      await io.close();
      await app.close();
      await passwords.close();
      await pool.close();
      db.close();
    })());

  return { app, io, db, pool, rooms, live, url, close };
}
