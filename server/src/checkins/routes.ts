import type { checkinRoutes } from '@shared/checkins/routes';
import { requireRole, requireUser } from '../auth/plugin';
import type { RouteHandlers } from '../core/routes';
import type { ExportGate } from '../reports/exportGate';
import { exportHandler, type ExportSource } from '../reports/routes';
import type { WellbeingExportService } from './export';
import type { QuestionnaireService } from './questionnaires';
import type { CheckinService } from './service';
import type { WatchService } from './watchService';

export interface CheckinRouteDeps {
  checkins: CheckinService;
  questionnaires: QuestionnaireService;
  watch: WatchService;
  wellbeingExport: WellbeingExportService;
  exportGate: ExportGate;
}

/**
 * Check-ins recorded by the host, the frailty questionnaire, trends, the organisation's questions and the
 * venue's timing; the watch-over list and its history. Only the participant's organisers and their venues' hosts
 * see anything; the rest answers 404.
 */
export function checkinHandlers({
  checkins,
  questionnaires,
  watch,
  wellbeingExport,
  exportGate,
}: CheckinRouteDeps): RouteHandlers<typeof checkinRoutes> {
  const wellbeing: ExportSource = {
    asciiPrefix: 'checkins',
    open: async (user, query, format) => await wellbeingExport.open(user, query, format),
    gate: exportGate,
  };
  const questionnaireFile: ExportSource = {
    asciiPrefix: 'questionnaires',
    open: async (user, query, format) => await wellbeingExport.openQuestionnaires(user, query, format),
    gate: exportGate,
  };
  return {
    forSession: async (request) => await checkins.list(requireUser(request), request.params.sessionId),
    record: async (request) =>
      await checkins.record(requireUser(request), request.params.sessionId, request.params.participantId, request.body),
    troubleHandled: async (request) =>
      await checkins.markTroubleHandled(requireUser(request), request.params.sessionId, request.params.participantId),
    questionnaire: async (request) => await questionnaires.status(requireUser(request), request.params.participantId),
    recordQuestionnaire: async (request) =>
      await questionnaires.submitByHost(requireUser(request), request.params.participantId, request.body.answers),
    trend: async (request) => await checkins.trend(requireUser(request), request.params.participantId),
    questions: async (request) => await checkins.questionsOf(requireUser(request).organisationId),
    setQuestions: async (request) => await checkins.setQuestions(requireRole(request, 'organiser'), request.body),
    venueSettings: async (request) => await checkins.venueSettings(requireUser(request), request.params.venueId),
    setVenueTiming: async (request) =>
      await checkins.setVenueTiming(requireRole(request, 'organiser'), request.params.venueId, request.body.checkinTiming),
    exportCsv: exportHandler(wellbeing, 'csv'),
    exportXlsx: exportHandler(wellbeing, 'xlsx'),
    questionnairesCsv: exportHandler(questionnaireFile, 'csv'),
    questionnairesXlsx: exportHandler(questionnaireFile, 'xlsx'),

    watch: async (request) => await watch.list(requireUser(request), request.query),
    handleWatch: async (request) => {
      await watch.handle(requireUser(request), request.params.participantId, request.body);
      return { ok: true };
    },
    watchHistory: async (request) => await watch.history(requireUser(request), request.params.participantId),
  };
}
