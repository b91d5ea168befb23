import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/core/logger';
import { RtpLine } from '../../../server/src/phone/media/RtpLine';
import { sineTone } from '../../support/goertzel';
import { findFreeMediaPorts } from '../../support/ports';
import { RtpPhone } from '../../support/rtpPhone';

const logger = createLogger('warn');
const opened: { close(): void }[] = [];

afterEach(() => {
  for (const thing of opened.splice(0)) thing.close();
});

async function lineFor(phone: RtpPhone): Promise<RtpLine> {
  const base = (await findFreeMediaPorts(4)) & ~1;
  const line = await RtpLine.open(
    { bindAddress: '127.0.0.1', publicAddress: '203.0.113.5', portRange: { min: base, max: base + 3 } },
    phone.remoteMedia,
    logger,
  );
  opened.push(line);
  return line;
}

describe('the RTP line', () => {
  it('names the public address in LocalMedia and takes an even port of the range', async () => {
    const phone = await RtpPhone.open();
    opened.push(phone);
    const line = await lineFor(phone);

    expect(line.local.address).toBe('203.0.113.5');
    expect(line.local.port % 2).toBe(0);
  });

  it('takes no more than about 120 packets a second from the caller, however many are sent', async () => {
    const phone = await RtpPhone.open();
    opened.push(phone);
    const line = await lineFor(phone);
    const to = { address: '127.0.0.1', port: line.local.port };
    let heard = 0;
    line.on('audio', () => (heard += 1));
    const tone = sineTone(1000, 8000, 20);

    // In bursts of 100 (more at once would overflow the socket's receive buffer in the kernel).
    const started = performance.now();
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 100; i++) phone.sendFrame(to, tone);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seconds = (performance.now() - started) / 1000;
    // On a busy machine the kernel may still drop some; enough arrive to be over the budget.
    expect(line.stats.received + line.stats.overBudget).toBeGreaterThan(300);

    // A burst of 60, then 120 a second.
    const allowed = 60 + Math.ceil(120 * seconds);
    expect(heard).toBeLessThanOrEqual(allowed);
    expect(line.stats.overBudget).toBeGreaterThanOrEqual(line.stats.received + line.stats.overBudget - allowed);
    expect(line.stats.overBudget).toBeGreaterThan(0);
  });

  it('ignores audio packets longer than 60 ms', async () => {
    const phone = await RtpPhone.open();
    opened.push(phone);
    const line = await lineFor(phone);
    let heard = 0;
    line.on('audio', () => (heard += 1));

    phone.sendFrame({ address: '127.0.0.1', port: line.local.port }, sineTone(1000, 8000, 100));
    phone.sendFrame({ address: '127.0.0.1', port: line.local.port }, sineTone(1000, 8000, 20));
    await expect.poll(() => heard).toBe(1);

    expect(line.stats.ignored).toBe(1);
  });
});
