import { useState } from 'react';
import type { LiveBreakout, LiveState } from '@shared/program/live';
import type { CallClient } from '../../../../call/CallClient';
import { BigButton } from '../../../../ui/BigButton';
import type { RemotePeer } from '../../../../call/types';
import { completeAssignments, loneGroupCount, manualSplit, MAX_GROUPS, MIN_GROUPS, spreadEvenly, type VenuePlace } from './breakoutGroups';
import { useHostT } from './text';
import type { HostAction } from './useHostAction';
import { formatCountdown } from '../stage';
import { useServerClock } from '../useServerClock';

interface GroupsTabProps {
  client: CallClient;
  live: LiveState;
  homes: readonly RemotePeer[];
  selfId: string | null;
  nameOf: (peerId: string) => string;
  action: HostAction;
}

/** Small groups: how to split, for how long, where the venue goes; during, the groups and the way back. */
export function GroupsTab(props: GroupsTabProps) {
  return props.live.breakout ? <GroupsRunning {...props} breakout={props.live.breakout} /> : <GroupsSetup {...props} />;
}

const GROUP_COUNTS = Array.from({ length: MAX_GROUPS - MIN_GROUPS + 1 }, (_, i) => MIN_GROUPS + i);
const MINUTES = [5, 10, 15] as const;
type StartRequest = Parameters<CallClient['live']['startBreakout']>[0];

function GroupsSetup({ client, homes, nameOf, action }: GroupsTabProps) {
  const { t } = useHostT();
  const [mode, setMode] = useState<'auto' | 'manual'>('auto');
  const [groupCount, setGroupCount] = useState(2);
  const [minutes, setMinutes] = useState<number>(10);
  const [venue, setVenue] = useState<VenuePlace>('own');
  const [chosen, setChosen] = useState<Record<string, number> | null>(null);
  const [starting, setStarting] = useState(false);
  const homeIds = homes.map((p) => p.id);
  const assignments = completeAssignments(homeIds, chosen ?? spreadEvenly(homeIds, groupCount), groupCount);
  const place = venue !== 'own' && venue >= groupCount ? 'own' : venue;
  // Auto spreads everyone evenly on the server whatever was chosen by hand before.
  const lonely = loneGroupCount(homeIds, mode === 'auto' ? spreadEvenly(homeIds, groupCount) : assignments, groupCount, place);

  const buildRequest = (): StartRequest | null => {
    if (mode === 'auto') return { split: { mode: 'auto', groupCount }, minutes, venue: place };
    const manual = manualSplit(homeIds, assignments, groupCount, place);
    return manual && { ...manual, minutes };
  };
  const start = async () => {
    const request = buildRequest();
    if (!request) return;
    setStarting(true);
    await action.run('start groups', () => client.live.startBreakout(request));
    setStarting(false);
  };

  return (
    <div className="host-tab">
      <h3 className="host-heading">{t('groups.title')}</h3>
      {homes.length === 0 && <p className="host-note">{t('groups.nobodyHome')}</p>}
      <Choices
        label={t('groups.how')}
        options={[
          { value: 'auto', text: t('groups.auto') },
          { value: 'manual', text: t('groups.manual') },
        ]}
        value={mode}
        onChange={(value) => setMode(value)}
        testId="breakout-mode"
      />
      <Choices
        label={t('groups.count')}
        options={GROUP_COUNTS.map((n) => ({ value: n, text: t('groups.countValue', { count: n }) }))}
        value={groupCount}
        onChange={setGroupCount}
        testId="breakout-count"
      />
      {mode === 'manual' &&
        homes.map((peer) => (
          <Choices
            key={peer.id}
            label={t('groups.person', { name: nameOf(peer.id) })}
            options={Array.from({ length: groupCount }, (_, i) => ({ value: i, text: String(i + 1) }))}
            value={assignments[peer.id] ?? 0}
            onChange={(group) => setChosen({ ...assignments, [peer.id]: group })}
            testId="breakout-assign"
            peerId={peer.id}
          />
        ))}
      <Choices
        label={t('groups.minutes')}
        options={MINUTES.map((n) => ({ value: n, text: t('groups.minutesValue', { count: n }) }))}
        value={minutes}
        onChange={setMinutes}
        testId="breakout-minutes"
      />
      <Choices<VenuePlace>
        label={t('groups.venue')}
        options={[
          { value: 'own', text: t('groups.venueOwn') },
          ...Array.from({ length: groupCount }, (_, i) => ({ value: i, text: t('groups.venueJoin', { n: i + 1 }) })),
        ]}
        value={place}
        onChange={setVenue}
        testId="breakout-venue"
      />
      {lonely > 0 && (
        <p className="host-status host-alert" role="alert" data-testid="breakout-lonely" data-count={lonely}>
          {t('groups.lonely', { count: lonely })}
        </p>
      )}
      <BigButton
        label={t('groups.start')}
        variant="primary"
        disabled={homes.length === 0 || starting}
        onClick={() => void start()}
        data-testid="breakout-start"
        className="host-wide"
      />
    </div>
  );
}

interface ChoicesProps<T extends string | number> {
  label: string;
  options: readonly { value: T; text: string }[];
  value: T;
  onChange: (value: T) => void;
  testId: string;
  peerId?: string;
}

/** A row of big one-tap choices (a radio group), each with `data-value`. */
function Choices<T extends string | number>({ label, options, value, onChange, testId, peerId }: ChoicesProps<T>) {
  return (
    <div className="host-field" role="radiogroup" aria-label={label} data-peer-id={peerId}>
      <p className="host-label">{label}</p>
      <div className="host-choices">
        {options.map((option) => (
          <button
            key={String(option.value)}
            type="button"
            role="radio"
            aria-checked={option.value === value}
            className="host-choice"
            onClick={() => onChange(option.value)}
            data-testid={testId}
            data-value={String(option.value)}
            data-peer-id={peerId}
          >
            {option.text}
          </button>
        ))}
      </div>
    </div>
  );
}

function GroupsRunning({ client, breakout, selfId, nameOf, action }: GroupsTabProps & { breakout: LiveBreakout }) {
  const { t } = useHostT();
  const now = useServerClock(client, 1_000);
  return (
    <div className="host-tab" data-testid="breakout-running">
      <p className="host-status" data-testid="breakout-host-time-left">
        {t('groups.timeLeft', { time: formatCountdown(breakout.endsAt - now) })}
      </p>
      <BigButton
        label={t('groups.end')}
        variant="primary"
        onClick={() => void action.run('end groups', () => client.live.endBreakout())}
        data-testid="breakout-end"
        className="host-wide"
      />
      {breakout.groups.map((group) => (
        <section key={group.id} className="host-group" data-testid="breakout-group" data-group-id={group.id}>
          <h4 className="host-label">
            {group.name}
            {selfId !== null && group.peerIds.includes(selfId) && group.peerIds.length > 1 && ` ${t('groups.venueHere')}`}
          </h4>
          <p className="host-group__names">
            {group.peerIds
              .filter((id) => id !== selfId)
              .map((id) => t('groups.person', { name: nameOf(id) }))
              .join('、')}
          </p>
        </section>
      ))}
    </div>
  );
}
