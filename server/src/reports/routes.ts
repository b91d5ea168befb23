import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/ack';
import { HTTP_LIMITS, PERIOD_LIMITS } from '@shared/limits';
import { Dashboard, DashboardQuery, ExportQuery, ParticipantPattern, ParticipantPatternsQuery } from '@shared/reports/schemas';
import { requireRole } from '../auth/plugin';
import type { AuthUser } from '../auth/service';
import type { ExportGate } from './exportGate';
import type { ExportService } from './exportService';
import { EXPORT_CONTENT_TYPES, type ExportFile, type ExportFormat } from './fileExport';
import type { ReportService } from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** A streamed file: Fastify pipes streams without serializing them; in OpenAPI a binary string. */
const FileStream = z.custom<Readable>((value) => value instanceof Readable).meta({ type: 'string', format: 'binary' });

/**
 * `attachment` with the Japanese name for current browsers (RFC 6266 / 5987) and an ASCII one for the rest:
 * the name's ASCII part after `asciiPrefix`, e.g. attendance_2026-04-01_2026-09-30.csv.
 */
export function contentDisposition(filename: string, asciiPrefix = 'attendance'): string {
  const ascii =
    filename
      .replace(/[^\x20-\x7e]+/g, '')
      .replace(/^_+/, '')
      .replace(/["\\]/g, '') || 'download';
  return `attachment; filename="${asciiPrefix}_${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

type App = Parameters<FastifyPluginAsyncZod>[0];

export interface ExportRouteSpec {
  path: string;
  tags: string[];
  what: string;
  asciiPrefix: string;
  open: (user: AuthUser, query: ExportQuery, format: ExportFormat) => Promise<ExportFile>;
  /** The server's one ceiling on exports running at once. */
  gate: ExportGate;
}

/**
 * GET `<path>.csv` and `<path>.xlsx` for the organiser: a period's file (Japan dates, inclusive), streamed and
 * audited by `open`, within the export gate's ceiling (else 429). No HEAD route: it would count the rows and
 * write an audit entry for a file nobody receives.
 */
export function registerExportRoutes(app: App, spec: ExportRouteSpec): void {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `${spec.path}.${format}`,
      {
        exposeHeadRoute: false,
        config: { access: 'organiser' },
        schema: {
          tags: spec.tags,
          description: `${spec.what} of the period (Japan dates, inclusive, at most ${PERIOD_LIMITS.exportMonths} calendar months) as a ${format.toUpperCase()} download, streamed; audited. At most ${HTTP_LIMITS.exportsAtOnce} exports run at once on the server and ${HTTP_LIMITS.exportsPerUser} per user (else 429 with Retry-After).`,
          querystring: ExportQuery,
          produces: [EXPORT_CONTENT_TYPES[format], 'application/json'],
          response: { 200: FileStream, ...errors, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const user = requireRole(request, 'organiser');
        const file = await spec.gate.run(user.id, () => spec.open(user, request.query, format));
        return reply
          .header('content-disposition', contentDisposition(file.filename, spec.asciiPrefix))
          .header('cache-control', 'no-store')
          .type(file.contentType)
          .send(file.stream);
      },
    );
  }
}

export interface ReportRouteDeps {
  reports: ReportService;
  exportService: ExportService;
  exportGate: ExportGate;
}

/** The organiser's reports: the monthly dashboard, who came lately, and attendance exports (CSV, XLSX). */
export const reportRoutes: FastifyPluginAsyncZod<ReportRouteDeps> = async (app, { reports, exportService, exportGate }) => {
  const tags = ['reports'];
  const config = { access: 'organiser' } as const;

  app.get(
    '/api/reports/dashboard',
    { config, schema: { tags, querystring: DashboardQuery, response: { 200: Dashboard, ...errors } } },
    async (request) => reports.dashboard(requireRole(request, 'organiser'), request.query.month, request.query.venueIds),
  );

  app.get(
    '/api/reports/participants',
    { config, schema: { tags, querystring: ParticipantPatternsQuery, response: { 200: z.array(ParticipantPattern), ...errors } } },
    async (request) => reports.participantPatterns(requireRole(request, 'organiser'), request.query.venueId, request.query.sessions),
  );

  registerExportRoutes(app, {
    path: '/api/reports/attendance',
    tags,
    what: 'Attendance',
    asciiPrefix: 'attendance',
    open: (user, query, format) => exportService.open(user, query, format),
    gate: exportGate,
  });
};
