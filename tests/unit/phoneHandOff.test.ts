import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CallerHandOver, HAND_OFF_TTL_MS, HandOffTokens, type SessionHolder } from '../../server/src/phone/handOff';

const SECRET = 'unit-test-handoff-secret-0123456789';
const handOff = { sessionId: 'Qm9keS1zZXNzaW9uLWlkLTAxMjM0NTY3', participantId: 'par_AbCdEfGhIjKlMnOp', greeted: true, muted: false };

/** A clock the test moves. */
function clockAt(ms: number) {
  const clock = { at: ms, now: () => new Date(clock.at) };
  return clock;
}

describe('a telephone hand-off between nodes', () => {
  it('is a SIP user part the other node takes once: who joins which session, whether they were greeted', () => {
    const tokens = new HandOffTokens(SECRET);
    const user = tokens.sign(handOff);
    expect(user).toMatch(/^kayoi-[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(user.length).toBeLessThan(300);
    expect(new HandOffTokens(SECRET).take(user)).toEqual(handOff);
  });

  it('carries whether the caller’s microphone is off, so that they join the other node muted', () => {
    const tokens = new HandOffTokens(SECRET);
    const muted = { ...handOff, muted: true };
    expect(new HandOffTokens(SECRET).take(tokens.sign(muted))).toEqual(muted);
    expect(new HandOffTokens(SECRET).take(tokens.sign(handOff))).toEqual(handOff);
  });

  it('is read from a node not yet updated (a rolling upgrade), whose tokens say nothing of the microphone: on', () => {
    const body = Buffer.from(
      JSON.stringify({ s: handOff.sessionId, p: handOff.participantId, g: true, e: Date.now() + 30_000, n: 'AbCdEfGhIjKl' }),
    ).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(`kayoi-handoff-v1.${body}`).digest('base64url');
    expect(new HandOffTokens(SECRET).take(`kayoi-${body}.${mac}`)).toEqual({ ...handOff, muted: false });
  });

  it('is refused when taken a second time (a replayed transfer)', () => {
    const tokens = new HandOffTokens(SECRET);
    const user = tokens.sign(handOff);
    expect(tokens.take(user)).toEqual(handOff);
    expect(tokens.take(user)).toEqual({ refused: 'replayed' });
  });

  it('is refused after a minute', () => {
    const clock = clockAt(Date.UTC(2026, 11, 5, 1, 0));
    const tokens = new HandOffTokens(SECRET, clock);
    const user = tokens.sign(handOff);
    clock.at += HAND_OFF_TTL_MS;
    expect(tokens.take(user)).toEqual({ refused: 'expired' });
  });

  it('is refused when signed with another secret, altered, or not one at all', () => {
    const tokens = new HandOffTokens(SECRET);
    const user = tokens.sign(handOff);
    const [body, mac] = user.slice('kayoi-'.length).split('.') as [string, string];
    const other = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const altered = `kayoi-${Buffer.from(JSON.stringify({ ...other, s: 'another-session' })).toString('base64url')}.${mac}`;
    expect(tokens.take(new HandOffTokens('another-secret-of-another-cluster-0123').sign(handOff))).toEqual({ refused: 'forged' });
    expect(tokens.take(altered)).toEqual({ refused: 'forged' });
    expect(tokens.take(`${user}.x`)).toEqual({ refused: 'malformed' });
    expect(tokens.take('kayoi-')).toEqual({ refused: 'malformed' });
    expect(tokens.take(`kayoi-${'A'.repeat(500)}.B`)).toEqual({ refused: 'malformed' });
    expect(tokens.take('0501234567')).toEqual({ refused: 'malformed' });
  });

  it('names the node holding the session, at the SIP address it announced; none when the session is held here', async () => {
    let holder: SessionHolder = { here: false, nodeId: 'node-2', sip: { host: '2001:db8::7', port: 5070 } };
    const handOver = new CallerHandOver(new HandOffTokens(SECRET), () => Promise.resolve(holder));
    const target = await handOver.targetFor(handOff);
    expect(target?.nodeId).toBe('node-2');
    expect(target?.uri).toMatch(/^sip:kayoi-[^@]+@\[2001:db8::7\]:5070$/);
    expect(handOver.take(/^sip:([^@]+)@/.exec(target!.uri)![1]!)).toEqual(handOff);
    holder = { here: true };
    expect(await handOver.targetFor(handOff)).toBeNull();
    holder = { here: false, nodeId: 'node-3', sip: undefined };
    await expect(handOver.targetFor(handOff)).rejects.toThrow(/node-3 .*no telephone/);
  });
});
