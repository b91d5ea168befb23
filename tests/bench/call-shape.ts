/**
 * Benchmark 3: the call of a real 通いの場 — one venue and 20 home participants, everyone sending audio and
 * three-layer simulcast video (the product's encodings), everyone receiving everyone.
 *
 * Synthetic participants on PlainTransports (see lib/rtp.ts and lib/plainMedia.ts) on one worker with the product's
 * router codecs and active-speaker observer. Three receiving patterns are measured in turn:
 *
 *  A. the product today: the layers client/src/call/layers.ts asks for (home: venue at layer 2, every other
 *     home at layer 0; venue: every home at layer 0), every video consumer resumed;
 *  B. the issue's shape: a gallery page of 9 videos at layer 0 plus the spotlight at layer 2, the other
 *     videos paused;
 *  C. B with Opus DTX for the people not talking (the product enables DTX): the venue and two homes talk.
 *
 *   npx tsx tests/bench/call-shape.ts
 */
import type { types } from 'mediasoup';
import { homeViewLayers, venueViewLayers } from '../../client/src/call/layers';
import { simulcastEncodings } from '../../client/src/call/produceOptions';
import type { RemotePeer, SpatialLayer } from '../../client/src/call/types';
import { activeSpeakerIntervalMs } from '../../server/src/call/mediaConfig';
import { cpuMeter, processMemoryMb, systemBusyPercent, systemCpuTimes } from './lib/proc';
import { capabilitiesWithoutBwe, consume, createBenchRouter, createBenchWorker, createReceiverTransport, createSenderTransport, OPUS_PT, produceAudio, produceVideo, VP8_PT } from './lib/plainMedia';
import { runBench, type BenchResult } from './lib/report';
import { randomSsrc, RtpReceiver, RtpSender } from './lib/rtp';
import { fmt, max, median, sleep } from './lib/stats';

const HOMES = Number(process.env.KAYOI_BENCH_HOMES ?? 20);
const AUDIO_BITRATE = 40_000;
const WARMUP_MS = 3000;
const WINDOWS = 3;
const WINDOW_MS = 3000;
const TARGET_MBPS = 2.5;
const GALLERY_PAGE = 9;

interface Participant {
  id: string;
  name: string;
  role: 'venue' | 'home';
  audioSsrc: number;
  video?: types.Producer;
  audio?: types.Producer;
  /** Consumers of this participant (what they receive), by the peer they show. */
  receives: { peerId: string; consumer: types.Consumer; ssrc: number }[];
}

interface ParticipantDownload {
  id: string;
  role: 'venue' | 'home';
  videoMbps: number;
  audioMbps: number;
  spotlightMbps: number;
}

interface ScenarioWindow {
  workerCpuPct: number;
  systemBusyPct: number;
  download: ParticipantDownload[];
}

interface ScenarioResult {
  key: string;
  label: string;
  workerCpuPct: number;
  systemBusyPct: number;
  workerRssMb: number;
  homeMedianMbps: number;
  homeMaxMbps: number;
  homeVideoMbps: number;
  homeAudioMbps: number;
  homeSpotlightMbps: number;
  venueMbps: number;
  venueVideoMbps: number;
  venueAudioMbps: number;
  homeResumedVideos: number;
  venueResumedVideos: number;
  perParticipant: unknown[];
  windows: ScenarioWindow[];
}

type Scenario = { key: string; label: string; plan: (p: Participant, all: Participant[]) => Map<string, SpatialLayer | 'paused'>; talking: (p: Participant) => boolean };

function remotePeer(p: Participant): RemotePeer {
  return { id: p.id, displayName: p.name, role: p.role, audioMuted: false, videoMuted: false, stream: null, audioTrack: null, videoTrack: null, videoActive: true, videoLayer: null };
}

/** A: what the pages ask for today (client/src/call/layers.ts); nothing is paused. */
function productLayers(self: Participant, all: Participant[]): Map<string, SpatialLayer | 'paused'> {
  const others = all.filter((p) => p !== self).map(remotePeer);
  const layers =
    self.role === 'venue'
      ? venueViewLayers(others.filter((p) => p.role === 'home'))
      : homeViewLayers(others.find((p) => p.role === 'venue') ?? null, others.filter((p) => p.role === 'home'));
  return new Map(Object.entries(layers));
}

/** B: spotlight at layer 2 (homes: the venue; the venue: the first home), one page of 9 at layer 0, the rest paused. */
function pagedLayers(self: Participant, all: Participant[]): Map<string, SpatialLayer | 'paused'> {
  const others = all.filter((p) => p !== self);
  const spotlight = self.role === 'home' ? others.find((p) => p.role === 'venue')! : others[0]!;
  const plan = new Map<string, SpatialLayer | 'paused'>([[spotlight.id, 2]]);
  others
    .filter((p) => p !== spotlight)
    .forEach((p, i) => plan.set(p.id, i < GALLERY_PAGE ? 0 : 'paused'));
  return plan;
}

async function main(): Promise<BenchResult> {
  const worker = await createBenchWorker();
  const router = await createBenchRouter(worker);
  const observer = await router.createActiveSpeakerObserver({ interval: activeSpeakerIntervalMs });
  let speakerChanges = 0;
  observer.on('dominantspeaker', () => speakerChanges++);
  const sender = new RtpSender();
  await sender.started();
  const receiver = new RtpReceiver();
  const rxPort = await receiver.port();

  const participants: Participant[] = [];
  const venueEncodings = simulcastEncodings('venue');
  const homeEncodings = simulcastEncodings('home');
  for (let i = 0; i <= HOMES; i++) {
    const role = i === 0 ? 'venue' : 'home';
    const encodings = role === 'venue' ? venueEncodings : homeEncodings;
    const [width, height] = role === 'venue' ? [1280, 720] : [640, 360];
    const { transport, port } = await createSenderTransport(router);
    const layers = encodings.map((e) => ({
      ssrc: randomSsrc(),
      bitrate: e.maxBitrate!,
      width: Math.round(width / e.scaleResolutionDownBy!),
      height: Math.round(height / e.scaleResolutionDownBy!),
    }));
    const participant: Participant = { id: role === 'venue' ? 'venue' : `p-${i}`, name: role === 'venue' ? 'さくら町 公民館' : `参加者 ${String(i).padStart(2, '0')}`, role, audioSsrc: randomSsrc(), receives: [] };
    participant.video = await produceVideo(transport, layers.map((l) => l.ssrc), 3, { peerId: participant.id });
    participant.audio = await produceAudio(transport, participant.audioSsrc, true, { peerId: participant.id });
    await observer.addProducer({ producerId: participant.audio.id });
    sender.add({ kind: 'video', payloadType: VP8_PT, fps: 30, temporalLayers: 3, layers }, port);
    sender.add({ kind: 'audio', payloadType: OPUS_PT, ssrc: participant.audioSsrc, bitrate: AUDIO_BITRATE, audioLevel: 30 + i }, port);
    participants.push(participant);
  }
  // Everyone receives everyone (as Room.setReady does), on one receive transport each.
  const receiverCaps = capabilitiesWithoutBwe(router);
  for (const self of participants) {
    const transport = await createReceiverTransport(router, rxPort);
    for (const other of participants) {
      if (other === self) continue;
      for (const producer of [other.audio!, other.video!]) {
        const { consumer, ssrc } = await consume(router, transport, producer, producer.kind === 'video' ? 1 : undefined, receiverCaps);
        self.receives.push({ peerId: other.id, consumer, ssrc });
      }
    }
  }
  const consumerCount = participants.reduce((sum, p) => sum + p.receives.length, 0);

  const scenarios: Scenario[] = [
    { key: 'A', label: 'A. product today (layers.ts, all videos resumed), all talking', plan: productLayers, talking: () => true },
    { key: 'B', label: `B. issue's shape: spotlight L2 + page of ${GALLERY_PAGE} at L0, rest paused, all talking`, plan: pagedLayers, talking: () => true },
    { key: 'C', label: 'C. as B, Opus DTX: venue + 2 homes talk, 18 silent', plan: pagedLayers, talking: (p) => p.role === 'venue' || p.id === 'p-1' || p.id === 'p-2' },
  ];

  const workerCpu = cpuMeter(worker.pid);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    for (const p of participants) sender.setSilent(p.audioSsrc, !scenario.talking(p));
    const plans = new Map<Participant, Map<string, SpatialLayer | 'paused'>>();
    for (const self of participants) {
      const plan = scenario.plan(self, participants);
      plans.set(self, plan);
      for (const r of self.receives) {
        if (r.consumer.kind !== 'video') continue;
        const want = plan.get(r.peerId) ?? 1;
        if (want === 'paused') await r.consumer.pause();
        else {
          if (r.consumer.paused) await r.consumer.resume();
          await r.consumer.setPreferredLayers({ spatialLayer: want, temporalLayer: 2 });
        }
      }
    }
    await sleep(WARMUP_MS);
    const windows: ScenarioWindow[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const before = participants.map((p) => p.receives.map((r) => receiver.received(r.ssrc)));
      const system0 = systemCpuTimes();
      workerCpu.start();
      const t0 = process.hrtime.bigint();
      await sleep(WINDOW_MS);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = workerCpu.stop();
      const systemBusy = systemBusyPercent(system0);
      const download = participants.map((p, i): ParticipantDownload => {
        let audio = 0;
        let video = 0;
        let spotlight = 0;
        p.receives.forEach((r, j) => {
          const bytes = receiver.received(r.ssrc).bytes - before[i]![j]!.bytes;
          if (r.consumer.kind === 'audio') audio += bytes;
          else video += bytes;
          if (r.consumer.kind === 'video' && plans.get(p)!.get(r.peerId) === 2) spotlight += bytes;
        });
        const mbps = (bytes: number) => (bytes * 8) / seconds / 1e6;
        return { id: p.id, role: p.role, videoMbps: mbps(video), audioMbps: mbps(audio), spotlightMbps: mbps(spotlight) };
      });
      windows.push({ workerCpuPct: cpu, systemBusyPct: systemBusy, download });
    }
    const perParticipant = participants.map((p, i) => ({
      id: p.id,
      role: p.role,
      totalMbps: median(windows.map((w) => w.download[i]!.videoMbps + w.download[i]!.audioMbps)),
      videoMbps: median(windows.map((w) => w.download[i]!.videoMbps)),
      audioMbps: median(windows.map((w) => w.download[i]!.audioMbps)),
      spotlightMbps: median(windows.map((w) => w.download[i]!.spotlightMbps)),
      resumedVideos: p.receives.filter((r) => r.consumer.kind === 'video' && !r.consumer.paused).length,
    }));
    const homes = perParticipant.filter((p) => p.role === 'home');
    const venue = perParticipant.find((p) => p.role === 'venue')!;
    const result: ScenarioResult = {
      key: scenario.key,
      label: scenario.label,
      workerCpuPct: median(windows.map((w) => w.workerCpuPct)),
      systemBusyPct: median(windows.map((w) => w.systemBusyPct)),
      workerRssMb: processMemoryMb(worker.pid).rssMb,
      homeMedianMbps: median(homes.map((h) => h.totalMbps)),
      homeMaxMbps: max(homes.map((h) => h.totalMbps)),
      homeVideoMbps: median(homes.map((h) => h.videoMbps)),
      homeAudioMbps: median(homes.map((h) => h.audioMbps)),
      homeSpotlightMbps: median(homes.map((h) => h.spotlightMbps)),
      venueMbps: venue.totalMbps,
      venueVideoMbps: venue.videoMbps,
      venueAudioMbps: venue.audioMbps,
      homeResumedVideos: median(homes.map((h) => h.resumedVideos)),
      venueResumedVideos: venue.resumedVideos,
      perParticipant,
      windows,
    };
    results.push(result);
    console.log(`  ${scenario.key}: home ${fmt(result.homeMedianMbps, 2)} Mbit/s (max ${fmt(result.homeMaxMbps, 2)}), venue ${fmt(result.venueMbps, 2)} Mbit/s, worker CPU ${fmt(result.workerCpuPct, 0)} %, RSS ${fmt(result.workerRssMb, 0)} MB`);
  }

  sender.close();
  receiver.close();
  worker.close();

  const worstOf = (r: (typeof results)[number]) => Math.max(r.homeMaxMbps, r.venueMbps);
  const a = results[0]!;
  const b = results[1]!;
  const c = results[2]!;
  const ingressMbps = (venueEncodings.reduce((s, e) => s + e.maxBitrate!, 0) + HOMES * homeEncodings.reduce((s, e) => s + e.maxBitrate!, 0) + (HOMES + 1) * AUDIO_BITRATE) / 1e6;

  return {
    id: 'call-shape',
    title: `3. Call shape: 1 venue + ${HOMES} homes, everyone receiving everyone`,
    headline: [
      { metric: 'per-participant download, product today (A), worst participant', value: `${fmt(worstOf(a), 2)} Mbit/s (homes median ${fmt(a.homeMedianMbps, 2)}, venue ${fmt(a.venueMbps, 2)})`, target: `< ${TARGET_MBPS} Mbit/s`, pass: worstOf(a) < TARGET_MBPS },
      { metric: "per-participant download, issue's shape (B), worst participant", value: `${fmt(worstOf(b), 2)} Mbit/s (homes median ${fmt(b.homeMedianMbps, 2)}, venue ${fmt(b.venueMbps, 2)})`, target: `< ${TARGET_MBPS} Mbit/s`, pass: worstOf(b) < TARGET_MBPS },
      { metric: 'per-participant download, B with DTX for the silent (C), worst participant', value: `${fmt(worstOf(c), 2)} Mbit/s (homes median ${fmt(c.homeMedianMbps, 2)}, venue ${fmt(c.venueMbps, 2)})`, target: `< ${TARGET_MBPS} Mbit/s`, pass: worstOf(c) < TARGET_MBPS },
      { metric: 'server CPU (the worker) / worker memory, product today (A)', value: `${fmt(a.workerCpuPct, 0)} % of one core / ${fmt(a.workerRssMb, 0)} MB RSS` },
    ],
    tables: [
      {
        title: `${consumerCount} consumers on one worker; download = RTP bytes (SRTP) received per participant, medians of ${WINDOWS} × ${WINDOW_MS / 1000} s`,
        columns: ['pattern', 'home download Mbit/s (median / max)', 'of which spotlight / gallery / audio', 'venue download Mbit/s', 'videos received (home / venue)', 'worker CPU % (1 core)', 'worker RSS MB', `< ${TARGET_MBPS} Mbit/s`],
        rows: results.map((r) => [
          r.label,
          `${fmt(r.homeMedianMbps, 2)} / ${fmt(r.homeMaxMbps, 2)}`,
          `${fmt(r.homeSpotlightMbps, 2)} / ${fmt(r.homeVideoMbps - r.homeSpotlightMbps, 2)} / ${fmt(r.homeAudioMbps, 2)}`,
          fmt(r.venueMbps, 2),
          `${r.homeResumedVideos} / ${r.venueResumedVideos}`,
          fmt(r.workerCpuPct, 1),
          fmt(r.workerRssMb, 0),
          worstOf(r) < TARGET_MBPS ? 'PASS' : 'FAIL',
        ]),
      },
    ],
    method: [
      `${HOMES + 1} synthetic participants on one worker (one router with the product's codecs and an ActiveSpeakerObserver at ${activeSpeakerIntervalMs} ms, as Room creates): each sends Opus-like audio (${AUDIO_BITRATE / 1000} kbps, ssrc-audio-level extension) and VP8 simulcast with the product's three encodings (client/src/call/produceOptions.ts: venue ${venueEncodings.map((e) => e.maxBitrate! / 1000).join('/')} kbps, home ${homeEncodings.map((e) => e.maxBitrate! / 1000).join('/')} kbps, L1T3, 30 fps), each layer at its maxBitrate — an upper bound of what Chrome sends. Ingress ≈ ${fmt(ingressMbps, 1)} Mbit/s.`,
      `Everyone consumes everyone's audio and video (${consumerCount} consumers) on one receive PlainTransport each, SRTP towards a local UDP socket that counts bytes per consumer; a participant's download is the sum over their consumers (UDP payload: RTP + SRTP tag; IP/UDP headers and RTCP not included).`,
      'Layers per pattern are set with setPreferredLayers (temporal layer 2 = 30 fps), paused videos with consumer.pause(), as the signalling would; A uses the functions of client/src/call/layers.ts themselves. The receivers advertise no transport-cc/REMB, so mediasoup forwards exactly the layers asked for (no bandwidth estimation caps them): the download figures are what the layer choice costs.',
      `Per pattern: ${WARMUP_MS / 1000} s to settle (key frames on layer switches), then ${WINDOWS} windows of ${WINDOW_MS / 1000} s; figures are medians. "Server CPU" is the worker process (/proc/<pid>/stat); the Node.js process has no per-packet work in a call.`,
    ],
    findings: [
      `Today the pages resume every video they are offered: a home participant receives ${a.homeResumedVideos} videos (the venue at layer 2 plus every other home at layer 0, client/src/call/layers.ts) and ${HOMES} audio streams: ${fmt(a.homeMedianMbps, 2)} Mbit/s (spotlight ${fmt(a.homeSpotlightMbps, 2)}, gallery ${fmt(a.homeVideoMbps - a.homeSpotlightMbps, 2)}, audio ${fmt(a.homeAudioMbps, 2)}). ${worstOf(a) < TARGET_MBPS ? 'That is under the target.' : `That misses the ${TARGET_MBPS} Mbit/s target, and it grows by ~0.1 Mbit/s of video and ~0.05 Mbit/s of audio with every person who joins.`}`,
      `With pages of ${GALLERY_PAGE} and off-page videos paused (B, the issue's shape) a home needs ${fmt(b.homeMedianMbps, 2)} Mbit/s: the venue's top layer alone is ${fmt(b.homeSpotlightMbps, 2)} Mbit/s (encoding cap ${venueEncodings[2]!.maxBitrate! / 1e6} Mbit/s) and ${HOMES} continuous audio streams ${fmt(b.homeAudioMbps, 2)} Mbit/s. With DTX for those not talking (C, closer to a gathering where one or two speak at a time) it is ${fmt(c.homeMedianMbps, 2)} Mbit/s.`,
      `Product changes these numbers point to: (1) page the home gallery (≤ ${GALLERY_PAGE} tiles) and pause the video consumers of people not on screen, so that download stops growing with the gathering; (2) cap what a home receives for the venue (e.g. layer 1 on phones, or a venue top layer of ~1 Mbit/s: 720p at 1.5 Mbit/s is more than a tablet at home needs) — with (1) and a 1 Mbit/s venue top layer, pattern C would be ≈ ${fmt(c.homeMedianMbps - c.homeSpotlightMbps * (1 - 1 / 1.5), 2)} Mbit/s (estimate); (3) keep Opus DTX on (it is) — continuous audio from 20 microphones costs ~1 Mbit/s per receiver.`,
      `Server side, the call is cheap: ${fmt(a.workerCpuPct, 0)} % of one core and ${fmt(a.workerRssMb, 0)} MB RSS for the worker in pattern A (${consumerCount} consumers).`,
    ],
    further: [
      'Real encoders send less than maxBitrate on easy scenes and the layer-0 streams of small pictures often stay well under their cap; a run with real browsers (21 Chromium instances need far more than 2 cores: a load cluster) would give the real figure. These are upper bounds.',
      'Bandwidth estimation is not exercised (the synthetic receivers send no transport-cc/REMB feedback): with WebRTC the server may forward lower layers than asked when a home line is weak, so a slow line gets less, never more.',
    ],
    raw: { homes: HOMES, consumerCount, ingressMbps, speakerChanges, results },
  };
}

runBench(main);
