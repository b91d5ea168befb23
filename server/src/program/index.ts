export type { PlayableVideo, ProgramSource, QuizSource, VideoSource } from './ports';
export { QuizService } from './quizzes/service';
export { programRoutes } from './routes';
export { ProgramService } from './service';
export { VideoService } from './videos/service';
export { VideoUrlSigner, videoUrlKeyFile } from './videos/signing';
export { VideoStorage } from './videos/storage';
