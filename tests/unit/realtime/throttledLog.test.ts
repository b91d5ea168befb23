import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ThrottledLog } from '../../../server/src/realtime/ThrottledLog';

function collectingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the throttled log of the socket edge', () => {
  it('writes one line per kind per interval and says how many it left out', async () => {
    const { logger, lines } = collectingLogger();
    let now = 0;
    const log = new ThrottledLog(logger, 10_000, () => now);
    for (let i = 0; i < 1_000; i++) log.warn('unknown-event', { i }, 'unknown event');
    log.warn('rate-limited', {}, 'over budget');
    now = 10_000;
    log.warn('unknown-event', { i: 'later' }, 'unknown event');
    await flush();
    expect(lines.map((l) => [l.kind, l.suppressedSinceLast])).toEqual([
      ['unknown-event', 0],
      ['rate-limited', 0],
      ['unknown-event', 999],
    ]);
  });
});
