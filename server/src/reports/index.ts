export { ExportGate } from './exportGate';
export { ExportService } from './exportService';
export { reportRoutes } from './routes';
export { ReportService } from './service';
