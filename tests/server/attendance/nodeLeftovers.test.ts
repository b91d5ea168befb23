import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallFactWriter } from '../../../server/src/attendance/callFacts';
import { ensureDemo } from '../../../server/src/demo/seed';
import { createLogger } from '../../../server/src/core/logger';
import { LetterService } from '../../../server/src/letters/service';
import { nodeRows } from '../../support/nodeLeftovers';
import { openTestDatabase, temporaryDir } from '../../support/testDatabase';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openDemo() {
  const folder = temporaryDir('kayoi-leftovers-');
  const db = await openTestDatabase(path.join(folder.dir, 'kayoi.sqlite'));
  cleanups.push(async () => {
    await db.close();
    folder.remove();
  });
  const demo = await ensureDemo(db.db);
  return { db: db.db, rows: nodeRows(db.db, demo.sessionId) };
}

/** Only failInterrupted is used: it reads and writes the letters table alone. */
function letterService(db: Awaited<ReturnType<typeof openDemo>>['db']) {
  const unused = undefined as never;
  return new LetterService(db, unused, unused, unused, unused, unused, 'http://localhost', createLogger('silent'));
}

const t0 = Date.parse('2026-11-22T01:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

describe('a node’s call connections and letter renders are its own (issue #17)', () => {
  it('a node’s heartbeat keeps its own stretches alive and leaves another node’s alone', async () => {
    const { db, rows } = await openDemo();
    const mine = await rows.stretch('node-a', at(0), at(1));
    const theirs = await rows.stretch('node-b', at(0), at(1));
    await new CallFactWriter(db, 'node-a').writeAll([{ kind: 'seen', at: at(9) }]);
    expect((await rows.connection(mine.connectionId)).lastSeenAt).toEqual(at(9));
    expect((await rows.connection(theirs.connectionId)).lastSeenAt).toEqual(at(1));
    expect((await rows.connection(mine.connectionId)).nodeId).toBe('node-a');
  });

  it('closing a node’s leftovers ends its stretches at their last heartbeat, with the minutes up to it; others stay open', async () => {
    const { db, rows } = await openDemo();
    const dead = await rows.stretch('node-dead', at(0), at(7));
    const live = await rows.stretch('node-live', at(0), at(3));
    const closed = await new CallFactWriter(db, 'node-live').closeStaleConnections({ except: ['node-live'] });
    expect(closed).toBe(1);
    expect(await rows.connection(dead.connectionId)).toMatchObject({ leftAt: at(7), lastSeenAt: at(7) });
    expect(await rows.attendanceOf(dead.participantId)).toMatchObject({ minutesConnected: 7, lastLeaveAt: at(7) });
    expect((await rows.connection(live.connectionId)).leftAt).toBeNull();

    expect(await new CallFactWriter(db, 'node-live').closeStaleConnections({ of: ['node-live'] })).toBe(1);
    expect(await rows.connection(live.connectionId)).toMatchObject({ leftAt: at(3) });
    expect(await rows.attendanceOf(live.participantId)).toMatchObject({ minutesConnected: 3, lastLeaveAt: at(3) });
  });

  it('a server alone closes every stretch left open, whichever node opened it', async () => {
    const { db, rows } = await openDemo();
    const local = await rows.stretch('local', at(0), at(2));
    const old = await rows.stretch('node-old', at(0), at(4));
    expect(await new CallFactWriter(db).closeStaleConnections()).toBe(2);
    expect((await rows.connection(local.connectionId)).leftAt).toEqual(at(2));
    expect((await rows.connection(old.connectionId)).leftAt).toEqual(at(4));
  });

  it('letters left queued or rendering are failed per node; those of no node (older rows) count as a dead node’s', async () => {
    const { db, rows } = await openDemo();
    const letters = letterService(db);
    const deadRendering = await rows.letter('node-dead');
    const deadQueued = await rows.letter('node-dead', 'queued');
    const nobodys = await rows.letter(null);
    const live = await rows.letter('node-live');
    expect(await letters.failInterrupted({ except: ['node-live'] })).toBe(3);
    for (const id of [deadRendering, deadQueued, nobodys]) expect(await rows.letterStatus(id)).toBe('failed');
    expect(await rows.letterStatus(live)).toBe('rendering');
    expect(await letters.failInterrupted({ of: ['node-other'] })).toBe(0);
    expect(await letters.failInterrupted({ of: ['node-live'] })).toBe(1);
    expect(await rows.letterStatus(live)).toBe('failed');
  });
});
