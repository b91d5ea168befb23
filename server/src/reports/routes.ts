import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../../../shared/src/ack';
import { Dashboard, DashboardQuery, ExportQuery, ParticipantPattern, ParticipantPatternsQuery } from '../../../shared/src/reports/schemas';
import { requireRole } from '../auth/plugin';
import { EXPORT_CONTENT_TYPES, type ExportService } from './exportService';
import type { ReportService } from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** A streamed file: Fastify pipes streams without serializing them; in OpenAPI a binary string. */
const FileStream = z.custom<Readable>((value) => value instanceof Readable).meta({ type: 'string', format: 'binary' });

/** `attachment` with the Japanese name for current browsers (RFC 6266 / 5987) and an ASCII one for the rest. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]+/g, '').replace(/^_+/, '').replace(/["\\]/g, '') || 'download';
  return `attachment; filename="attendance_${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The organiser's reports: the monthly dashboard, who came lately, and attendance exports (CSV, XLSX). */
export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportService; exportService: ExportService }> = async (app, { reports, exportService }) => {
  const tags = ['reports'];

  app.get(
    '/api/reports/dashboard',
    { schema: { tags, querystring: DashboardQuery, response: { 200: Dashboard, ...errors } } },
    async (request) => reports.dashboard(requireRole(request, 'organiser'), request.query.month, request.query.venueIds),
  );

  app.get(
    '/api/reports/participants',
    { schema: { tags, querystring: ParticipantPatternsQuery, response: { 200: z.array(ParticipantPattern), ...errors } } },
    async (request) => reports.participantPatterns(requireRole(request, 'organiser'), request.query.venueId, request.query.sessions),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/reports/attendance.${format}`,
      {
        // A HEAD would count the rows and write an audit entry for a file nobody receives.
        exposeHeadRoute: false,
        schema: {
          tags,
          description: `Attendance of the period (Japan dates, inclusive) as a ${format.toUpperCase()} download, streamed; audited.`,
          querystring: ExportQuery,
          produces: [EXPORT_CONTENT_TYPES[format], 'application/json'],
          response: { 200: FileStream, ...errors },
        },
      },
      async (request, reply) => {
        const file = exportService.open(requireRole(request, 'organiser'), request.query, format);
        return reply
          .header('content-disposition', contentDisposition(file.filename))
          .header('cache-control', 'no-store')
          .type(file.contentType)
          .send(file.stream);
      },
    );
  }
};
