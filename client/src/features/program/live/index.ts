/**
 * The session program's screens, shared by the home and venue calls. The venue imports them
 * directly (its page is a lazy chunk already); the home call goes through ./lazy.tsx, so none of
 * this nor its messages are in a home participant's first download.
 */
export { BreakoutBanner } from './BreakoutBanner';
export { GalleryPager } from './GalleryPager';
export { ProgramBar } from './ProgramBar';
export { QuizCard } from './QuizCard';
export { ReactionBar } from './ReactionBar';
export { ReactionFloat } from './ReactionFloat';
export { RemovedScreen } from './RemovedScreen';
export { SpotlightTile } from './SpotlightTile';
export { SyncedVideo } from './SyncedVideo';
export { UnmutePrompt } from './UnmutePrompt';
export { useServerClock } from './useServerClock';
export * from './stage';
