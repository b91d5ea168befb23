import { useSyncExternalStore } from 'react';
import type { CallClient } from './CallClient';
import type { CallSnapshot } from './types';

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

/** The client's current snapshot, re-rendering on every change. */
export function useCallSnapshot(client: CallClient | null): CallSnapshot | null {
  return useSyncExternalStore<CallSnapshot | null>(client ? client.subscribe : noSubscribe, client ? client.getSnapshot : noSnapshot);
}
