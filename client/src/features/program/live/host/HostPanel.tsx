import { useEffect, useRef, useState } from 'react';
import type { LiveState } from '@shared/program/live';
import type { CallClient } from '../../../../call/CallClient';
import type { RemotePeer } from '../../../../call/types';
import { GroupsTab } from './GroupsTab';
import { PeopleTab } from './PeopleTab';
import { ProgramTab } from './ProgramTab';
import { QuizTab } from './QuizTab';
import { RejoinAttemptAlert } from './RejoinAttemptAlert';
import { useHostT } from './text';
import { useHostAction } from './useHostAction';
import { VideoTab } from './VideoTab';
import './host.css';

export type HostTab = 'program' | 'video' | 'quiz' | 'groups' | 'people';

const TABS: readonly { key: HostTab; icon: string; testId: string }[] = [
  { key: 'program', icon: '▶', testId: 'host-tab-program' },
  { key: 'video', icon: '🎬', testId: 'host-tab-video' },
  { key: 'quiz', icon: '💡', testId: 'host-tab-quiz' },
  // The groups tab is where small groups are opened from.
  { key: 'groups', icon: '👥', testId: 'breakout-open' },
  { key: 'people', icon: '🙋', testId: 'host-tab-people' },
];

interface HostPanelProps {
  client: CallClient;
  live: LiveState;
  sessionId: string;
  selfId: string | null;
  homes: readonly RemotePeer[];
}

/**
 * The host's controls beside the call (never over it): one group of controls at a time behind big
 * tabs. One tap on a tab opens the panel there; the open tab again, or 閉じる, folds it to the row
 * of tabs, so the room sees people. It is open on the program tab only until the program starts,
 * and folds by itself when the program starts and when the exercise video starts playing.
 */
export function HostPanel({ client, live, sessionId, selfId, homes }: HostPanelProps) {
  const { t } = useHostT();
  const [tab, setTab] = useState<HostTab | null>(() => (live.clock.status === 'not-started' ? 'program' : null));
  const action = useHostAction();
  const nameOf = usePeerNames(homes, live);
  useFoldWhenTheRoomWatches(live, () => setTab(null));
  const choose = (key: HostTab) => {
    action.clearError();
    setTab((current) => (current === key ? null : key));
  };

  return (
    <aside className={`host-panel ${tab ? '' : 'host-panel--folded'}`} aria-label={t('panelLabel')} data-testid="host-panel">
      <div className="host-panel__tabs" role="tablist" aria-orientation="vertical">
        {TABS.map(({ key, icon, testId }) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`host-tab-${key}`}
            aria-selected={tab === key}
            aria-controls={tab === key ? 'host-panel-body' : undefined}
            className="host-panel__tab"
            onClick={() => choose(key)}
            data-testid={testId}
          >
            <span className="host-panel__tab-icon" aria-hidden="true">
              {icon}
            </span>
            {t(`tabs.${key}`)}
            {key === 'people' && live.hands.length > 0 && (
              <span className="host-panel__tab-badge" data-testid="hands-count">
                ✋{live.hands.length}
              </span>
            )}
          </button>
        ))}
      </div>
      {tab && (
        <div className="host-panel__body" id="host-panel-body" role="tabpanel" aria-labelledby={`host-tab-${tab}`}>
          <button type="button" className="host-panel__close" onClick={() => setTab(null)} data-testid="host-panel-close">
            {t('panelCloseShort')}
            <span className="host-panel__close-x" aria-hidden="true">
              ✕
            </span>
          </button>
          <RejoinAttemptAlert live={live} onShowPeople={() => setTab('people')} />
          {tab === 'program' && <ProgramTab client={client} live={live} homes={homes} action={action} />}
          {tab === 'video' && <VideoTab client={client} live={live} sessionId={sessionId} action={action} />}
          {tab === 'quiz' && <QuizTab client={client} live={live} sessionId={sessionId} action={action} />}
          {tab === 'groups' && <GroupsTab client={client} live={live} homes={homes} selfId={selfId} nameOf={nameOf} action={action} />}
          {tab === 'people' && <PeopleTab client={client} live={live} homes={homes} action={action} />}
          {action.error && (
            <p className="host-error host-error--toast" role="alert" data-testid="host-error">
              {action.error}
            </p>
          )}
        </div>
      )}
    </aside>
  );
}

/** Calls `fold` when the program starts and when the exercise video starts playing: then the room watches. */
function useFoldWhenTheRoomWatches(live: LiveState, fold: () => void): void {
  const started = live.clock.status !== 'not-started';
  const playing = !!live.video?.playing;
  const before = useRef({ started, playing });
  useEffect(() => {
    if ((started && !before.current.started) || (playing && !before.current.playing)) fold();
    before.current = { started, playing };
  });
}

/**
 * Names by peer id, remembered once seen: during small groups the venue sees only its own group,
 * but the host still reads every group's names.
 */
function usePeerNames(homes: readonly RemotePeer[], live: LiveState): (peerId: string) => string {
  const names = useRef(new Map<string, string>());
  for (const peer of homes) names.current.set(peer.id, peer.displayName);
  for (const hand of live.hands) names.current.set(hand.peerId, hand.displayName);
  return (peerId) => names.current.get(peerId) ?? '…';
}
