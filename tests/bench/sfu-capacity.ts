/**
 * Benchmark 2: forwarding capacity of one mediasoup worker on this machine.
 *
 * Ten synthetic participants each send VP8 video (600 kbps, 30 fps) and Opus-like audio (40 kbps, 50 packets/s)
 * into their own PlainTransport. Receivers are added step by step, each a PlainTransport (SRTP out, as WebRTC)
 * consuming all 20 producers; everything arrives on one local UDP socket that counts packets by SSRC.
 * Each step is measured over three windows; the step's figures are the medians. It stops when loss exceeds 1 %,
 * when the worker's CPU saturates, or after the last step.
 *
 *   npx tsx tests/bench/sfu-capacity.ts            (KAYOI_BENCH_QUICK=1: three small steps only)
 */
import type { types } from 'mediasoup';
import { cpuMeter, processMemoryMb, systemBusyPercent, systemCpuTimes, udpReceiveBufferErrors } from './lib/proc';
import {
  consume,
  createBenchRouter,
  createBenchWorker,
  createReceiverTransport,
  createSenderTransport,
  OPUS_PT,
  produceAudio,
  produceVideo,
  RECEIVER_SRTP_SUITE,
  VP8_PT,
} from './lib/plainMedia';
import { runBench, type BenchResult } from './lib/report';
import { randomSsrc, RtpReceiver, RtpSender } from './lib/rtp';
import { fmt, median, sleep } from './lib/stats';

const QUICK = process.env.KAYOI_BENCH_QUICK === '1';
const SENDERS = 10;
const VIDEO_BITRATE = 600_000;
const AUDIO_BITRATE = 40_000;
/** Receivers at each step; each consumes all 2 × SENDERS producers. */
const RECEIVER_STEPS = QUICK ? [1, 5, 10] : [5, 10, 20, 25, 30, 40, 50, 60, 75, 100, 125, 150];
/** The whole run stays within this (run-all's 10-minute budget): no new step starts after it. */
const MAX_SECONDS = 80;
/** An overloaded worker answers its control channel late; a step whose requests take longer than this ends the run. */
const CHANNEL_TIMEOUT_MS = 5000;
const WARMUP_MS = 1500;
const WINDOWS = 3;
const WINDOW_MS = 1500;
/** Senders paused this long before counters are read: everything in flight arrives. */
const DRAIN_MS = 250;
const LOSS_LIMIT_PCT = 1;
const CPU_SATURATED_PCT = 95;
const GUIDELINE_CONSUMERS = 500;

interface Window {
  expected: number;
  received: number;
  workerIngressLost: number;
  pps: number;
  mbps: number;
  lossPct: number;
  workerCpuPct: number;
  harnessCpuPct: number;
  systemBusyPct: number;
  rcvbufErrors: number;
}

interface Step {
  receivers: number;
  consumers: number;
  lossPct: number;
  pps: number;
  mbps: number;
  workerCpuPct: number;
  workerRssMb: number;
  harnessCpuPct: number;
  systemBusyPct: number;
  rcvbufErrors: number;
  windows: Window[];
}

interface ConsumerRecord {
  ssrc: number;
  producerSsrc: number;
}

async function main(): Promise<BenchResult> {
  const worker = await createBenchWorker();
  const router = await createBenchRouter(worker);
  const sender = new RtpSender();
  await sender.started();
  const receiver = new RtpReceiver();
  const rxPort = await receiver.port();

  // Senders: one transport each with a video and an audio producer.
  const producers: { producer: types.Producer; ssrc: number }[] = [];
  for (let i = 0; i < SENDERS; i++) {
    const { transport, port } = await createSenderTransport(router);
    const videoSsrc = randomSsrc();
    const audioSsrc = randomSsrc();
    producers.push({ producer: await produceVideo(transport, [videoSsrc], 1), ssrc: videoSsrc });
    producers.push({ producer: await produceAudio(transport, audioSsrc, false), ssrc: audioSsrc });
    sender.add(
      {
        kind: 'video',
        payloadType: VP8_PT,
        fps: 30,
        temporalLayers: 1,
        layers: [{ ssrc: videoSsrc, bitrate: VIDEO_BITRATE, width: 640, height: 360 }],
      },
      port,
    );
    sender.add({ kind: 'audio', payloadType: OPUS_PT, ssrc: audioSsrc, bitrate: AUDIO_BITRATE }, port);
  }
  await sleep(500);

  const consumers: ConsumerRecord[] = [];
  const receiverTransports: types.PlainTransport[] = [];
  const steps: Step[] = [];
  let harnessLimited = false;
  let stopReason = `last step reached (${RECEIVER_STEPS.at(-1)! * 2 * SENDERS} consumers)`;
  const workerCpu = cpuMeter(worker.pid);
  const harnessCpu = cpuMeter(process.pid);

  const began = Date.now();
  /** Adds receivers up to `receivers`, lets it settle, measures WINDOWS windows. */
  const measureStep = async (receivers: number): Promise<Step> => {
    // New consumers are created with the senders paused: a busy worker answers its channel late.
    sender.pause();
    while (receiverTransports.length < receivers) {
      const transport = await answered(createReceiverTransport(router, rxPort));
      receiverTransports.push(transport);
      for (const { producer, ssrc } of producers) {
        if ((Date.now() - began) / 1000 > MAX_SECONDS + 20)
          throw new OutOfTime(`time budget exhausted while creating consumers for the ${receivers * 2 * SENDERS} step`);
        const consumed = await answered(consume(router, transport, producer));
        consumers.push({ ssrc: consumed.ssrc, producerSsrc: ssrc });
      }
    }
    sender.resume();
    await sleep(WARMUP_MS);

    const windows: Window[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      // Counters are read with the senders paused and the SFU drained, so that every packet sent in the
      // window is either received or lost, whatever the queueing delay.
      sender.pause();
      await sleep(DRAIN_MS);
      const ingressBefore = await producerPacketCounts(producers);
      const sentBefore = new Map(producers.map(({ ssrc }) => [ssrc, sender.sent(ssrc).packets]));
      const receivedBefore = consumers.map((c) => receiver.received(c.ssrc));
      const rcvbuf0 = udpReceiveBufferErrors();
      const system0 = systemCpuTimes();
      sender.resume();
      workerCpu.start();
      harnessCpu.start();
      const t0 = process.hrtime.bigint();
      await sleep(WINDOW_MS);
      sender.pause();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const workerCpuPct = workerCpu.stop();
      const harnessCpuPct = harnessCpu.stop();
      const systemBusyPct = systemBusyPercent(system0);
      await sleep(DRAIN_MS);
      const rcvbufErrors = udpReceiveBufferErrors() - rcvbuf0;
      const sentDelta = new Map(producers.map(({ ssrc }) => [ssrc, sender.sent(ssrc).packets - sentBefore.get(ssrc)!]));
      const receivedAfter = consumers.map((c) => receiver.received(c.ssrc));
      const ingressAfter = await producerPacketCounts(producers);
      sender.resume();

      let expected = 0;
      let received = 0;
      let bytes = 0;
      consumers.forEach((c, i) => {
        expected += sentDelta.get(c.producerSsrc)!;
        received += receivedAfter[i]!.packets - receivedBefore[i]!.packets;
        bytes += receivedAfter[i]!.bytes - receivedBefore[i]!.bytes;
      });
      let workerIngressLost = 0;
      for (const { ssrc } of producers)
        workerIngressLost += sentDelta.get(ssrc)! - ((ingressAfter.get(ssrc) ?? 0) - (ingressBefore.get(ssrc) ?? 0));
      windows.push({
        expected,
        received,
        workerIngressLost,
        pps: received / seconds,
        mbps: (bytes * 8) / seconds / 1e6,
        lossPct: expected > 0 ? Math.max(0, ((expected - received) / expected) * 100) : 0,
        workerCpuPct,
        harnessCpuPct,
        systemBusyPct,
        rcvbufErrors,
      });
    }
    const step: Step = {
      receivers,
      consumers: consumers.length,
      lossPct: median(windows.map((w) => w.lossPct)),
      pps: median(windows.map((w) => w.pps)),
      mbps: median(windows.map((w) => w.mbps)),
      workerCpuPct: median(windows.map((w) => w.workerCpuPct)),
      workerRssMb: processMemoryMb(worker.pid).rssMb,
      harnessCpuPct: median(windows.map((w) => w.harnessCpuPct)),
      systemBusyPct: median(windows.map((w) => w.systemBusyPct)),
      rcvbufErrors: windows.reduce((s, w) => s + w.rcvbufErrors, 0),
      windows,
    };
    return step;
  };

  for (const receivers of RECEIVER_STEPS) {
    if ((Date.now() - began) / 1000 > MAX_SECONDS) {
      stopReason = `time budget (${MAX_SECONDS} s) reached before ${receivers * 2 * SENDERS} consumers`;
      break;
    }
    let step: Step;
    try {
      step = await measureStep(receivers);
    } catch (error) {
      sender.resume();
      if (error instanceof OutOfTime) stopReason = error.message;
      else if (error instanceof ChannelTimeout)
        stopReason = `the worker stopped answering its control channel (${error.message}) while going to ${receivers * 2 * SENDERS} consumers: overloaded`;
      else throw error;
      break;
    }
    steps.push(step);
    console.log(
      `  ${step.consumers} consumers: loss ${fmt(step.lossPct, 2)} %, ${fmt(step.pps, 0)} pkt/s, ${fmt(step.mbps, 1)} Mbit/s, worker CPU ${fmt(step.workerCpuPct, 0)} %, RSS ${fmt(step.workerRssMb, 0)} MB`,
    );
    if (step.lossPct > LOSS_LIMIT_PCT) {
      const lost = step.windows.reduce((sum, w) => sum + Math.max(0, w.expected - w.received), 0);
      const dropShare = lost > 0 ? Math.min(100, (step.rcvbufErrors / lost) * 100) : 0;
      harnessLimited = dropShare > 50;
      stopReason =
        `loss ${fmt(step.lossPct, 2)} % > ${LOSS_LIMIT_PCT} % at ${step.consumers} consumers` +
        (step.workerCpuPct >= 90 ? ` (the worker at ${fmt(step.workerCpuPct, 0)} % of a core: saturated)` : '') +
        (step.rcvbufErrors > 0
          ? `; ${fmt(dropShare, 0)} % of the lost packets were dropped by the kernel in a full UDP receive buffer (most likely our counting socket: ${harnessLimited ? 'the harness, not the worker, is the limit here' : 'the rest was lost in or before the worker'})`
          : '');
      break;
    }
    if (step.workerCpuPct >= CPU_SATURATED_PCT) {
      stopReason = `worker CPU saturated (${fmt(step.workerCpuPct, 0)} % of a core) at ${step.consumers} consumers`;
      break;
    }
  }

  sender.close();
  receiver.close();
  worker.close();

  const good = steps.filter((s) => s.lossPct <= LOSS_LIMIT_PCT && s.workerCpuPct < CPU_SATURATED_PCT);
  const capacity = good.at(-1);
  const atGuideline = steps.find((s) => s.consumers === GUIDELINE_CONSUMERS);
  // CPU per 1,000 packets/s forwarded, from the steps under load (for extrapolation to a saturated core).
  const loaded = steps.filter((s) => s.pps > 5000);
  const cpuPerKpps = median(loaded.map((s) => s.workerCpuPct / (s.pps / 1000)));
  const maxWorkerCpu = Math.max(0, ...steps.map((st) => st.workerCpuPct));
  const first = steps[0];
  const lastStep = steps.at(-1);
  const rssPerConsumer =
    first && lastStep && lastStep.consumers > first.consumers
      ? (lastStep.workerRssMb - first.workerRssMb) / (lastStep.consumers - first.consumers)
      : Number.NaN;
  const extrapolatedConsumers =
    Number.isFinite(cpuPerKpps) && capacity ? Math.floor(((100 / cpuPerKpps) * 1000) / (capacity.pps / capacity.consumers)) : Number.NaN;

  return {
    id: 'sfu-capacity',
    title: '2. SFU forwarding capacity of one mediasoup worker',
    headline: [
      {
        metric: 'consumers on one worker with loss ≤ 1 % and CPU < 95 %',
        value: capacity
          ? `≥ ${capacity.consumers} (${fmt(capacity.pps, 0)} pkt/s, ${fmt(capacity.mbps, 0)} Mbit/s, worker CPU ${fmt(capacity.workerCpuPct, 1)} %)`
          : 'none',
        target: `reference: ~${GUIDELINE_CONSUMERS} per worker (mediasoup docs)`,
        pass: capacity ? capacity.consumers >= GUIDELINE_CONSUMERS : false,
      },
      {
        metric: `worker CPU at ${GUIDELINE_CONSUMERS} consumers`,
        value: atGuideline ? `${fmt(atGuideline.workerCpuPct, 0)} % of one core, loss ${fmt(atGuideline.lossPct, 2)} %` : 'not reached',
      },
      { metric: 'stopped because', value: stopReason },
    ],
    tables: [
      {
        title: 'one worker, 10 senders × (VP8 600 kbps + Opus 40 kbps), receivers consume all 20 producers (medians of 3 windows)',
        columns: [
          'consumers',
          'forwarded pkt/s',
          'Mbit/s',
          'loss %',
          'worker CPU % (1 core)',
          'worker RSS MB',
          'harness CPU %',
          'machine busy %',
          'socket drops',
        ],
        rows: steps.map((s) => [
          s.consumers,
          fmt(s.pps, 0),
          fmt(s.mbps, 1),
          fmt(s.lossPct, 2),
          fmt(s.workerCpuPct, 0),
          fmt(s.workerRssMb, 0),
          fmt(s.harnessCpuPct, 0),
          fmt(s.systemBusyPct, 0),
          s.rcvbufErrors,
        ]),
      },
    ],
    method: [
      `One mediasoup ${'3.12.16'} worker (as WorkerPool creates it) and one router with the product's codecs (server/src/call/mediaConfig.ts).`,
      `${SENDERS} synthetic senders (tests/bench/lib/rtp.ts, Node UDP): VP8 at ${VIDEO_BITRATE / 1000} kbps / 30 fps with a real VP8 payload descriptor, packets ≤ 1,100 bytes payload, key frames on PLI/FIR and every 3 s; Opus-like audio at ${AUDIO_BITRATE / 1000} kbps, one packet per 20 ms. Each sender has its own PlainTransport (comedia).`,
      `Receivers: one PlainTransport each, SRTP ${RECEIVER_SRTP_SUITE} towards us (WebRTC egress is always encrypted), consuming all ${SENDERS * 2} producers with the router's full RTP capabilities. All of them send to one UDP socket (4 MB buffer) that counts RTP packets by consumer SSRC without decrypting.`,
      `Per step: ${WARMUP_MS} ms warm-up (key frames), then ${WINDOWS} windows of ${WINDOW_MS} ms; the senders pause ${DRAIN_MS} ms before and after each window so that counters are read with nothing in flight. Loss = (Σ over consumers of packets the generator sent on the consumed producer − packets received) ÷ expected. Worker CPU from /proc/<worker pid>/stat (utime+stime), RSS from /proc/<pid>/status. "socket drops" = kernel UDP RcvbufErrors (machine-wide) during the windows: drops in a receive buffer (ours or the worker's), not in mediasoup.`,
      `Stops at loss > ${LOSS_LIMIT_PCT} %, worker CPU ≥ ${CPU_SATURATED_PCT} % of one core, or after ${RECEIVER_STEPS.at(-1)! * SENDERS * 2} consumers. All traffic on 127.0.0.1.`,
    ],
    findings: [
      ...starvationFinding(steps, stopReason),
      capacity
        ? `One worker forwarded ${capacity.consumers} consumers (${fmt(capacity.pps, 0)} packets/s, ${fmt(capacity.mbps, 0)} Mbit/s) with ${fmt(capacity.lossPct, 2)} % loss at ${fmt(capacity.workerCpuPct, 0)} % of one core; mediasoup's guideline is ~${GUIDELINE_CONSUMERS} consumers per worker.`
        : 'No step stayed under 1 % loss.',
      Number.isFinite(cpuPerKpps)
        ? `Worker CPU cost ≈ ${fmt(cpuPerKpps, 2)} % of a core per 1,000 forwarded packets/s (median over the steps above 5,000 packets/s)${maxWorkerCpu < 90 ? `; at this traffic mix a saturated core would be ≈ ${Number.isFinite(extrapolatedConsumers) ? extrapolatedConsumers : 'n/a'} consumers (linear extrapolation, not measured)` : ''}. Worker memory grows by ≈ ${fmt(rssPerConsumer, 2)} MB per consumer (${fmt(steps[0]?.workerRssMb ?? Number.NaN, 0)} MB at ${steps[0]?.consumers ?? 0} consumers, ${fmt(steps.at(-1)?.workerRssMb ?? Number.NaN, 0)} MB at ${steps.at(-1)?.consumers ?? 0}), most likely the per-consumer packet buffers kept for retransmission.`
        : 'Too little load to estimate the CPU cost per packet.',
      `A 21-person 通いの場 call in which everybody receives everybody has 21 × 20 × 2 = 840 consumers; with the product's gallery rule most of them are small layers, see benchmark 3.`,
    ],
    further: [
      'The generator and the counter run in this Node.js process on the second core: at the top steps they take a large share of it (harness CPU column). A separate load machine (or two) would remove that and also allow real network interfaces instead of loopback.',
      'Real WebRTC receivers add transport-cc feedback, NACK/RTX and RTCP receiver reports; SRTP decryption of ingress and ICE/DTLS are not exercised here (PlainTransports). Each would add per-packet cost; a browser fleet (e.g. several machines running headless Chromium) is the way to measure it.',
      'Simulcast consumers (what the product uses) do a little more work per packet than the simple consumers measured here; benchmark 3 uses simulcast.',
    ],
    raw: { stopReason, harnessLimited, steps, senders: SENDERS, videoBitrate: VIDEO_BITRATE, audioBitrate: AUDIO_BITRATE },
  };
}

/** When the last step lost packets without the worker using a full core: say what limited it. */
function starvationFinding(steps: Step[], stopReason: string): string[] {
  const last = steps.at(-1);
  const previous = steps.at(-2);
  if (!last || !stopReason.startsWith('loss') || last.workerCpuPct >= 90) return [];
  const rssJump = previous ? last.workerRssMb - previous.workerRssMb : 0;
  return [
    `The run stopped at ${last.consumers} consumers with ${fmt(last.lossPct, 1)} % loss while the worker used only ${fmt(last.workerCpuPct, 0)} % of a core, the harness ${fmt(last.harnessCpuPct, 0)} % and the whole 2-core machine was ${fmt(last.systemBusyPct, 0)} % busy${rssJump > 50 ? `; the worker's memory jumped by ${fmt(rssJump, 0)} MB (packets it could not send yet, queued)` : ''}: the limit reached is this machine's (worker, load generator${last.systemBusyPct > 90 ? " and other people's work" : ''} sharing two cores), not the worker's own. On a dedicated core the worker would go further (see the CPU cost per packet below).`,
  ];
}

class ChannelTimeout extends Error {}
class OutOfTime extends Error {}

/** A worker request that must answer within CHANNEL_TIMEOUT_MS (an overloaded worker answers very late). */
function answered<T>(request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelTimeout(`no answer from the worker within ${CHANNEL_TIMEOUT_MS} ms`)), CHANNEL_TIMEOUT_MS);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

async function producerPacketCounts(producers: { producer: types.Producer; ssrc: number }[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const { producer, ssrc } of producers) {
    const stats = await answered(producer.getStats());
    counts.set(
      ssrc,
      stats.filter((s) => s.type === 'inbound-rtp').reduce((sum, s) => sum + s.packetCount, 0),
    );
  }
  return counts;
}

runBench(main);
