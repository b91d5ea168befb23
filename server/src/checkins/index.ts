export { CheckinCallActions } from './callActions';
export { deleteWellbeingAnswers } from './consent';
export { WellbeingExportService } from './export';
export { QuestionnaireService } from './questionnaires';
export { checkinRoutes } from './routes';
export { CheckinService } from './service';
export { WatchService } from './watchService';
