import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExportQuery } from '@shared/reports/schemas';
import type { reportRoutes } from '@shared/reports/routes';
import { requireRole } from '../auth/plugin';
import type { AuthUser } from '../auth/service';
import type { RouteHandlers } from '../core/routes';
import type { ExportGate } from './exportGate';
import type { ExportService } from './exportService';
import type { ExportFile, ExportFormat } from './fileExport';
import type { ReportService } from './service';

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

export interface ExportSource<Q = ExportQuery> {
  asciiPrefix: string;
  open: (user: AuthUser, query: Q, format: ExportFormat) => Promise<ExportFile>;
  /** The server's one ceiling on exports running at once. */
  gate: ExportGate;
}

/**
 * The handler of an export route (shared/src/reports/routes.ts exportRoute): the organiser's file of the period,
 * opened (and audited) by `open` within the export gate's ceiling (else 429), streamed as an attachment.
 */
export function exportHandler<Q = ExportQuery>(source: ExportSource<Q>, format: ExportFormat) {
  return async (request: FastifyRequest<{ Querystring: Q }>, reply: FastifyReply): Promise<FastifyReply> => {
    const user = requireRole(request, 'organiser');
    const file = await source.gate.run(user.id, () => source.open(user, request.query as Q, format));
    return reply
      .header('content-disposition', contentDisposition(file.filename, source.asciiPrefix))
      .header('cache-control', 'no-store')
      .type(file.contentType)
      .send(file.stream);
  };
}

export interface ReportRouteDeps {
  reports: ReportService;
  exportService: ExportService;
  exportGate: ExportGate;
}

/** The organiser's reports: the monthly dashboard, who came lately, and attendance exports (CSV, XLSX). */
export function reportHandlers({ reports, exportService, exportGate }: ReportRouteDeps): RouteHandlers<typeof reportRoutes> {
  const attendance: ExportSource = {
    asciiPrefix: 'attendance',
    open: async (user, query, format) => await exportService.open(user, query, format),
    gate: exportGate,
  };
  return {
    dashboard: (request) => reports.dashboard(requireRole(request, 'organiser'), request.query.month, request.query.venueIds),
    participantPatterns: (request) =>
      reports.participantPatterns(requireRole(request, 'organiser'), request.query.venueId, request.query.sessions),
    attendanceCsv: exportHandler(attendance, 'csv'),
    attendanceXlsx: exportHandler(attendance, 'xlsx'),
  };
}
