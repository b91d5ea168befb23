import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/ack';
import { SetStaffVenues, StaffMember, StaffParams } from '@shared/staff/schemas';
import { requireRole } from '../auth/plugin';
import type { StaffService } from './service';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The organisation's staff accounts: organisers only. */
export const staffRoutes: FastifyPluginAsyncZod<{ staff: StaffService }> = async (app, { staff }) => {
  const tags = ['staff'];
  // Checked before validation (http/access.ts): a stranger gets 401 and a host 403, never a schema's details.
  const config = { access: 'organiser' } as const;
  const member = { tags, params: StaffParams, response: { 200: StaffMember, ...errors } };
  app.get('/api/staff', { config, schema: { tags, response: { 200: z.array(StaffMember), ...errors } } }, async (request) =>
    staff.list(requireRole(request, 'organiser')),
  );
  app.post('/api/staff/:userId/unlock', { config, schema: member }, async (request) =>
    staff.liftLockout(requireRole(request, 'organiser'), request.params.userId),
  );
  app.post('/api/staff/:userId/disable', { config, schema: member }, async (request) =>
    staff.setDisabled(requireRole(request, 'organiser'), request.params.userId, true),
  );
  app.post('/api/staff/:userId/enable', { config, schema: member }, async (request) =>
    staff.setDisabled(requireRole(request, 'organiser'), request.params.userId, false),
  );
  app.put('/api/staff/:userId/venues', { config, schema: { ...member, body: SetStaffVenues } }, async (request) =>
    staff.setHostVenues(requireRole(request, 'organiser'), request.params.userId, request.body.venueIds),
  );
};
