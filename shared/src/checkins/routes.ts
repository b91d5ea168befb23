import { defineRoutes, type ErrorStatus } from '../http/routes';
import { exportRoute } from '../reports/routes';

const tags = ['checkins'];
const watchTags = ['watch'];
/** Besides the usual: 409 when the participant's state forbids it (no consent, not in the session, …). */
const errors: readonly ErrorStatus[] = [400, 401, 403, 404, 409];
const what = 'Check-in answers (one row per check-in)';
const whatQuestionnaires = 'Frailty questionnaires completed by the venues’ members (one row per questionnaire)';

/**
 * Check-ins recorded by the host, the frailty questionnaire, trends, the organisation's questions and the
 * venue's timing (tag checkins); the watch-over list and its history (tag watch). Only the participant's
 * organisers and their venues' hosts see anything; the rest answers 404.
 */
export const checkinRoutes = defineRoutes({
  forSession: {
    method: 'GET',
    path: '/api/sessions/:sessionId/checkins',
    access: 'staff',
    params: 'SessionIdParams',
    response: 'CheckinList',
    errors,
    tags,
  },
  record: {
    method: 'PUT',
    path: '/api/sessions/:sessionId/checkins/:participantId',
    access: 'staff',
    params: 'CheckinParams',
    body: 'SubmitCheckin',
    response: 'Checkin',
    errors,
    tags,
    description:
      'The host records the answers of someone at the venue or on the phone (in the session’s attendance). A second PUT replaces the first.',
  },
  troubleHandled: {
    method: 'POST',
    path: '/api/sessions/:sessionId/checkins/:participantId/handled',
    access: 'staff',
    params: 'CheckinParams',
    response: 'Checkin',
    errors,
    tags,
    description: 'The 困りごと request was dealt with; audited.',
  },
  questionnaire: {
    method: 'GET',
    path: '/api/participants/:participantId/questionnaire',
    access: 'staff',
    params: 'ParticipantParams',
    response: 'QuestionnaireStatus',
    errors,
    tags,
  },
  recordQuestionnaire: {
    method: 'POST',
    path: '/api/participants/:participantId/questionnaire',
    access: 'staff',
    params: 'ParticipantParams',
    body: 'SubmitQuestionnaire',
    response: 'QuestionnaireResult',
    status: 201,
    errors,
    tags,
  },
  trend: {
    method: 'GET',
    path: '/api/participants/:participantId/trend',
    access: 'staff',
    params: 'ParticipantParams',
    response: 'ParticipantTrend',
    errors,
    tags,
  },
  questions: { method: 'GET', path: '/api/organisation/checkin-questions', access: 'staff', response: 'CheckinQuestionSet', errors, tags },
  setQuestions: {
    method: 'PUT',
    path: '/api/organisation/checkin-questions',
    access: 'organiser',
    body: 'CheckinQuestionSet',
    response: 'CheckinQuestionSet',
    errors,
    tags,
  },
  venueSettings: {
    method: 'GET',
    path: '/api/venues/:venueId/checkin-settings',
    access: 'staff',
    params: 'VenueParams',
    response: 'VenueCheckinSettings',
    errors,
    tags,
  },
  setVenueTiming: {
    method: 'PATCH',
    path: '/api/venues/:venueId',
    access: 'organiser',
    params: 'VenueParams',
    body: 'UpdateVenueCheckinSettings',
    response: 'VenueCheckinSettings',
    errors,
    tags,
  },
  exportCsv: exportRoute('/api/reports/checkins.csv', 'csv', tags, what),
  exportXlsx: exportRoute('/api/reports/checkins.xlsx', 'xlsx', tags, what),
  questionnairesCsv: exportRoute('/api/reports/questionnaires.csv', 'csv', tags, whatQuestionnaires),
  questionnairesXlsx: exportRoute('/api/reports/questionnaires.xlsx', 'xlsx', tags, whatQuestionnaires),

  watch: {
    method: 'GET',
    path: '/api/watch',
    access: 'staff',
    query: 'WatchQuery',
    response: 'WatchList',
    errors,
    tags: watchTags,
    description: 'Who needs attention and why, per venue; every view is audited.',
  },
  handleWatch: {
    method: 'POST',
    path: '/api/watch/:participantId/handled',
    access: 'staff',
    params: 'ParticipantParams',
    body: 'HandleWatchReason',
    response: 'Ok',
    errors,
    tags: watchTags,
  },
  watchHistory: {
    method: 'GET',
    path: '/api/participants/:participantId/watch-history',
    access: 'staff',
    params: 'ParticipantParams',
    response: 'WatchHistory',
    errors,
    tags: watchTags,
  },
});
