import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveProgram, REACTION_SHOWN_MS } from '../../../client/src/call/client/LiveProgram';
import type { CallContext } from '../../../client/src/call/client/context';
import { CallError } from '../../../client/src/lib/errors';
import type { CallSocket } from '../../../client/src/call/socket';
import type { Ack } from '@shared/ack';
import type { LiveState } from '@shared/program/live';
import { liveState } from './fixtures';

const state = (revision: number, changes: Partial<LiveState> = {}) => liveState({ revision, serverTime: 1_000_000, ...changes });

/** The socket boundary only: answers each request with what `answer` returns for it. */
function fakeSocket(answer: (event: string, payload: unknown) => Ack<unknown>) {
  const sent: { event: string; payload: unknown }[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (event: string, payload: unknown) => {
        sent.push({ event, payload });
        return answer(event, payload);
      },
    }),
  } as unknown as CallSocket;
  return { socket, sent };
}

function program(answer: (event: string, payload: unknown) => Ack<unknown> = () => ({ ok: true, data: {} })) {
  const { socket, sent } = fakeSocket(answer);
  const changed = vi.fn();
  const hooks = { muteMic: vi.fn(), removed: vi.fn() };
  const ctx: CallContext = { socket, log: () => undefined, changed, generation: () => 1, isStale: () => false };
  return { live: new LiveProgram(ctx, hooks), sent, changed, hooks };
}

afterEach(() => vi.useRealTimers());

describe('LiveProgram', () => {
  it('shows the newest revision and ignores an older one that arrives late', () => {
    const { live } = program();
    live.apply(state(5));
    live.apply(state(3, { layout: 'spotlight' }));
    expect(live.state?.revision).toBe(5);
    expect(live.state?.layout).toBe('gallery');
    live.apply(state(6, { layout: 'spotlight' }));
    expect(live.state?.layout).toBe('spotlight');
  });

  it('takes the join answer as it is, even with a lower revision (the server may have restarted)', () => {
    const { live } = program((event) => (event === 'live:clock' ? { ok: true, data: { serverTime: 0 } } : { ok: true, data: {} }));
    live.apply(state(40));
    live.onJoined(state(2), 1);
    expect(live.state?.revision).toBe(2);
  });

  it('estimates the server clock from live:clock after joining', async () => {
    const offset = 60_000;
    const { live, sent } = program((event) =>
      event === 'live:clock' ? { ok: true, data: { serverTime: Date.now() + offset } } : { ok: true, data: {} },
    );
    live.onJoined(state(1), 1);
    await vi.waitFor(() => expect(sent.filter((s) => s.event === 'live:clock')).toHaveLength(3));
    await vi.waitFor(() => expect(Math.abs(live.serverOffsetMs - offset)).toBeLessThan(1_000));
    expect(Math.abs(live.serverNow() - (Date.now() + offset))).toBeLessThan(1_000);
  });

  it('applies the state a request answers with at once', async () => {
    const { live, sent } = program(() => ({ ok: true, data: state(9, { you: { groupId: null, handRaised: true } }) }));
    live.apply(state(8));
    await live.setHand(true);
    expect(sent).toEqual([{ event: 'hand:set', payload: { raised: true } }]);
    expect(live.state?.you.handRaised).toBe(true);
  });

  it('throws the server refusal as a CallError', async () => {
    const { live } = program(() => ({ ok: false, code: 'NOT_ALLOWED', message: 'host only' }));
    await expect(live.control({ action: 'next' })).rejects.toMatchObject({ name: 'CallError', code: 'NOT_ALLOWED' });
  });

  it('drops a rate-limited reaction quietly but not other failures', async () => {
    const limited = program(() => ({ ok: false, code: 'RATE_LIMITED', message: 'slow down' }));
    await expect(limited.live.react('clap')).resolves.toBeUndefined();
    const refused = program(() => ({ ok: false, code: 'NOT_JOINED', message: 'no' }));
    await expect(refused.live.react('clap')).rejects.toBeInstanceOf(CallError);
  });

  it('returns how many microphones were turned off', async () => {
    const { live } = program(() => ({ ok: true, data: { mutedCount: 4 } }));
    expect(await live.muteAll()).toBe(4);
  });

  it('keeps reactions for a few seconds, then lets them go', () => {
    vi.useFakeTimers();
    const { live, changed } = program();
    live.onReaction({ peerId: 'p1', displayName: '花子', kind: 'clap' });
    vi.advanceTimersByTime(1_000);
    live.onReaction({ peerId: 'p2', displayName: '一郎', kind: 'thumbsUp' });
    expect(live.reactions.map((r) => r.kind)).toEqual(['clap', 'thumbsUp']);
    expect(new Set(live.reactions.map((r) => r.id)).size).toBe(2);
    vi.advanceTimersByTime(REACTION_SHOWN_MS - 500);
    expect(live.reactions.map((r) => r.displayName)).toEqual(['一郎']);
    vi.advanceTimersByTime(1_000);
    expect(live.reactions).toEqual([]);
    expect(changed).toHaveBeenCalled();
  });

  it('turns the microphone off for the host, asks to unmute until the person chooses, and leaves when removed', () => {
    const { live, hooks } = program();
    live.onMutedByHost();
    expect(hooks.muteMic).toHaveBeenCalledTimes(1);
    live.onAskedUnmute();
    expect(live.unmuteAsked).toBe(true);
    live.dismissUnmuteAsk();
    expect(live.unmuteAsked).toBe(false);
    live.onRemoved();
    expect(hooks.removed).toHaveBeenCalledTimes(1);
  });
});
