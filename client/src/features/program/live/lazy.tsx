import { Component, lazy, Suspense, type LazyExoticComponent, type ReactNode } from 'react';
import { logFailure } from '../../../lib/log';
import type * as Live from './index';

type LiveModule = typeof Live;
type Piece =
  'ProgramBar' | 'BreakoutBanner' | 'GalleryPager' | 'QuizCard' | 'ReactionBar' | 'SyncedVideo' | 'UnmutePrompt' | 'RemovedScreen';

// One chunk for all of them: fetched when the home call first shows the program.
const load = () => import('./index');

function fromChunk<K extends Piece>(name: K): LazyExoticComponent<LiveModule[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

/** Starts fetching the program's screens early (while the call connects). */
export function prefetchLive(): void {
  load().catch(logFailure('fetching the program screens early'));
}

export const ProgramBar = fromChunk('ProgramBar');
export const BreakoutBanner = fromChunk('BreakoutBanner');
export const GalleryPager = fromChunk('GalleryPager');
export const QuizCard = fromChunk('QuizCard');
export const ReactionBar = fromChunk('ReactionBar');
export const SyncedVideo = fromChunk('SyncedVideo');
export const UnmutePrompt = fromChunk('UnmutePrompt');
export const RemovedScreen = fromChunk('RemovedScreen');

/**
 * Where a lazy program piece is shown: nothing while it downloads, and nothing if it cannot be
 * downloaded (the call itself must never break for it).
 */
export function LiveSlot({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return (
    <NothingOnFailure>
      <Suspense fallback={fallback}>{children}</Suspense>
    </NothingOnFailure>
  );
}

class NothingOnFailure extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
