import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Ack } from '@shared/ack';
import { requestBudgets } from '@shared/call/budgets';
import { checkins, participants } from '../../../server/src/db/schema';
import { demoCall } from '../../support/demoCall';

const call = demoCall();

/** 山田 花子 and 佐藤 一郎 have consented to check-ins in the demo data. */
async function joinAs(name: string) {
  const token = call.server.demo.invites.find((i) => i.displayName === name)!.token;
  const client = await call.connect();
  await client.ok('call:join', { credentials: { role: 'home', token }, clientId: `tab-of-${name}` });
  return client;
}

function codes(answers: Ack<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const code = answer.ok ? 'ok' : answer.code;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

describe('per-peer budgets', () => {
  it('accepts the first check-ins of a burst of 200 and answers the rest RATE_LIMITED; the venue hears of 困りごと only as often', async () => {
    const venue = await call.joinVenue();
    const home = await joinAs('山田 花子');
    const burst = Array.from({ length: 200 }, () => home.request('checkin:submit', { answers: { mood: 'bad' }, trouble: true }));
    const answers = await Promise.all(burst);

    const { points } = requestBudgets.checkin;
    expect(codes(answers)).toEqual({ ok: points, RATE_LIMITED: 200 - points });
    const limited = answers.find((a) => !a.ok);
    expect(limited).toMatchObject({ message: expect.stringMatching(/^Too many check-ins: try again in \d+ s$/) });

    const personId = (await call.server.db.db.select().from(participants).where(eq(participants.displayName, '山田 花子')))[0]!.id;
    const rows = await call.server.db.db
      .select()
      .from(checkins)
      .where(and(eq(checkins.sessionId, call.server.demo.sessionId), eq(checkins.participantId, personId)));
    expect(rows).toHaveLength(1);
    await expect.poll(() => venue.received('checkin:troubleRequested').length).toBe(points);
    expect(home.socket.connected).toBe(true);
  });

  it('follows the peer across a reconnect: a new socket of the same person is still over budget', async () => {
    const first = await joinAs('佐藤 一郎');
    const spent = await Promise.all(
      Array.from({ length: requestBudgets.checkin.points }, () => first.request('checkin:submit', { answers: {} })),
    );
    expect(codes(spent)).toEqual({ ok: requestBudgets.checkin.points });
    first.close();
    const again = await joinAs('佐藤 一郎');
    expect(await again.request('checkin:submit', { answers: {} })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  it('keeps one budget per kind of request: a reaction flood is cut, and the clock and the hand still answer', async () => {
    const { client } = await call.joinHome(1);
    const reactions = await Promise.all(Array.from({ length: 100 }, () => client.request('reaction:send', { kind: 'clap' })));
    const overBudget = reactions.filter(
      (a) => !a.ok && a.code === 'RATE_LIMITED' && a.message.startsWith('Too many reactions: try again in'),
    );
    expect(overBudget).toHaveLength(100 - requestBudgets.reaction.points);
    expect(await client.request('live:clock', { clientTime: 1 })).toMatchObject({ ok: true });
    expect(await client.request('hand:set', { raised: true })).toMatchObject({ ok: true });
  });

  it('refuses a flood before validating it: over budget, even garbage gets RATE_LIMITED', async () => {
    const { client } = await call.joinHome(2);
    const answers = await Promise.all(Array.from({ length: 60 }, () => client.raw('live:clock', 'not an object')));
    expect(codes(answers)).toEqual({ INVALID_PAYLOAD: requestBudgets.clock.points, RATE_LIMITED: 60 - requestBudgets.clock.points });
  });
});

describe('a socket that floods', () => {
  it('is closed after 500 messages in ten seconds, even in the call; the server answers everyone else', async () => {
    const bystander = await call.joinHome(0);
    const flooder = await call.joinVenue();
    const emit = flooder.socket.emit.bind(flooder.socket) as (event: string, ...args: unknown[]) => unknown;
    for (let i = 0; i < 600; i++) emit('call:explode', i);
    await expect.poll(() => flooder.socket.connected, { timeout: 5_000 }).toBe(false);
    expect(await bystander.client.request('live:clock', { clientTime: 1 })).toMatchObject({ ok: true });
  });
});
