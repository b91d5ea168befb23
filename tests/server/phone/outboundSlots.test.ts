import { describe, expect, it } from 'vitest';
import { OutboundSlots } from '../../../server/src/phone/outboundSlots';

/** A task that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('OutboundSlots (the trunk’s lines for outbound calls)', () => {
  it('runs at most max tasks at once and starts the waiting ones in the order they came as lines free up', async () => {
    const slots = new OutboundSlots(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    expect(slots.inUse).toBe(2);
    gates[1]!.open();
    await runs[1];
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(slots.inUse).toBe(0);
  });

  it('frees the line when a task fails, and refuses to queue past its bound', async () => {
    const slots = new OutboundSlots(1, 1);
    const holding = gate();
    await expect(slots.run(() => Promise.reject(new Error('no RTP port')))).rejects.toThrow('no RTP port');
    expect(slots.inUse).toBe(0);
    const first = slots.run(() => holding.opened);
    const queued = slots.run(() => Promise.resolve('second'));
    await expect(slots.run(() => Promise.resolve('third'))).rejects.toThrow(/too many outbound calls waiting/);
    holding.open();
    await first;
    expect(await queued).toBe('second');
    expect(slots.inUse).toBe(0);
  });
});
