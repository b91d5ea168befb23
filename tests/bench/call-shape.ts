/**
 * Benchmark 3: the call of a real 通いの場 — one venue and 20 home participants, everyone sending audio and
 * three-layer simulcast video (the product's encodings), everyone receiving everyone.
 *
 * Synthetic participants on PlainTransports (see lib/rtp.ts and lib/plainMedia.ts) on one worker with the product's
 * router codecs and active-speaker observer. Four receiving patterns are measured in turn:
 *
 *  A. the product: a home shows the venue large (spotlight, layer 2 at 30 fps) and one gallery page of 9 small
 *     pictures (layer 0 at 15 fps), tells the server which videos it shows (call:setVisibleVideos) and the server
 *     pauses the rest; the venue's TV shows every home (layer 0 at 15 fps). Everyone talking;
 *  B. A with Opus DTX for the people not talking (the product enables DTX): the venue and two homes talk;
 *  C. the issue's shape as written: a page of 9 at layer 0 plus the spotlight at layer 2, the rest paused,
 *     every picture at 30 fps, on both sides; everyone talking;
 *  D. a device that never says what it shows (an older page): every video resumed at the product's layers.
 *
 *   npx tsx tests/bench/call-shape.ts
 */
import type { types } from 'mediasoup';
import { GALLERY_PAGE_SIZE as PAGE, galleryPage, shownVideoPeerIds } from '../../client/src/call/gallery';
import { homeViewLayers, temporalLayerFor, venueViewLayers, type TemporalLayer } from '../../client/src/call/layers';
import { MIC_CODEC_OPTIONS, simulcastEncodings } from '../../client/src/call/produceOptions';
import type { RemotePeer, SpatialLayer } from '../../client/src/call/types';
import { consumerForwards } from '../../server/src/call/consumerRules';
import { activeSpeakerIntervalMs } from '../../server/src/call/mediaConfig';
import { cpuMeter, processMemoryMb, systemBusyPercent, systemCpuTimes } from './lib/proc';
import {
  capabilitiesWithoutBwe,
  consume,
  createBenchRouter,
  createBenchWorker,
  createReceiverTransport,
  createSenderTransport,
  OPUS_PT,
  produceAudio,
  produceVideo,
  VP8_PT,
} from './lib/plainMedia';
import { runBench, type BenchResult } from './lib/report';
import { randomSsrc, RtpReceiver, RtpSender } from './lib/rtp';
import { fmt, max, median, sleep } from './lib/stats';

const HOMES = Number(process.env.KAYOI_BENCH_HOMES ?? 20);
/** The Opus bitrate the product asks for, plus what the synthetic sender counts in it: RTP header and audio-level extension, 20 bytes × 50 packets/s. */
const AUDIO_BITRATE = MIC_CODEC_OPTIONS.opusMaxAverageBitrate + 20 * 8 * 50;
const WARMUP_MS = 3000;
const WINDOWS = 3;
const WINDOW_MS = 3000;
const TARGET_MBPS = 2.5;
const DEFAULT_LAYER: SpatialLayer = 1; // what RemotePeers asks for a video no screen mentions

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

/** What one device asks the server for. */
interface ReceivePlan {
  /** The spatial layer per peer (call:setPreferredLayers). */
  layers: Record<string, SpatialLayer>;
  /** Whose video it shows (call:setVisibleVideos); null: it never said, so every video. */
  visible: string[] | null;
}

type Scenario = {
  key: string;
  label: string;
  plan: (p: Participant, all: Participant[]) => ReceivePlan;
  temporal: (spatialLayer: SpatialLayer) => TemporalLayer;
  talking: (p: Participant) => boolean;
};

function remotePeer(p: Participant): RemotePeer {
  return {
    id: p.id,
    displayName: p.name,
    role: p.role,
    audioMuted: false,
    videoMuted: false,
    phone: false,
    stream: null,
    audioTrack: null,
    videoTrack: null,
    videoActive: true,
    videoLayer: null,
  };
}

function othersOf(self: Participant, all: Participant[]): RemotePeer[] {
  return all.filter((p) => p !== self).map(remotePeer);
}

/**
 * A: the product. A home: the venue as spotlight and the first gallery page of the other homes
 * (client/src/call/gallery.ts), layers from client/src/call/layers.ts, and it tells which videos it shows. The
 * venue's TV shows every home and says nothing (every video).
 */
function productPlan(self: Participant, all: Participant[]): ReceivePlan {
  const others = othersOf(self, all);
  const homes = others.filter((p) => p.role === 'home');
  if (self.role === 'venue') return { layers: venueViewLayers(homes), visible: null };
  const venue = others.find((p) => p.role === 'venue') ?? null;
  const page = galleryPage(homes, 0).tiles;
  return { layers: homeViewLayers(venue, page), visible: shownVideoPeerIds(venue, page) };
}

/** C: the issue's shape on both sides: spotlight (homes: the venue; the venue: the first home) plus a page of 9 at layer 0. */
function issueShapePlan(self: Participant, all: Participant[]): ReceivePlan {
  const others = othersOf(self, all);
  const spotlight = self.role === 'home' ? others.find((p) => p.role === 'venue')! : others[0]!;
  const page = galleryPage(
    others.filter((p) => p !== spotlight),
    0,
  ).tiles;
  const layers: Record<string, SpatialLayer> = { [spotlight.id]: 2 };
  for (const peer of page) layers[peer.id] = 0;
  return { layers, visible: shownVideoPeerIds(spotlight, page) };
}

/** D: a device that never sends call:setVisibleVideos: the layers it asks for, every video resumed. */
function unpagedPlan(self: Participant, all: Participant[]): ReceivePlan {
  const others = othersOf(self, all);
  const homes = others.filter((p) => p.role === 'home');
  const layers = self.role === 'venue' ? venueViewLayers(homes) : homeViewLayers(others.find((p) => p.role === 'venue') ?? null, homes);
  return { layers, visible: null };
}

const FULL_FRAME_RATE = (): TemporalLayer => 2;

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
    const participant: Participant = {
      id: role === 'venue' ? 'venue' : `p-${i}`,
      name: role === 'venue' ? 'さくら町 公民館' : `参加者 ${String(i).padStart(2, '0')}`,
      role,
      audioSsrc: randomSsrc(),
      receives: [],
    };
    participant.video = await produceVideo(
      transport,
      layers.map((l) => l.ssrc),
      3,
      { peerId: participant.id },
    );
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

  const fewTalk = (p: Participant) => p.role === 'venue' || p.id === 'p-1' || p.id === 'p-2';
  const scenarios: Scenario[] = [
    {
      key: 'A',
      label: `A. product: spotlight L2 30 fps + page of ${PAGE} at L0 15 fps, rest paused by setVisibleVideos; all talking`,
      plan: productPlan,
      temporal: temporalLayerFor,
      talking: () => true,
    },
    {
      key: 'B',
      label: `B. as A, Opus DTX: venue + 2 homes talk, ${HOMES - 2} silent`,
      plan: productPlan,
      temporal: temporalLayerFor,
      talking: fewTalk,
    },
    {
      key: 'C',
      label: `C. issue's shape as written: spotlight L2 + page of ${PAGE} at L0, all 30 fps, rest paused; all talking`,
      plan: issueShapePlan,
      temporal: FULL_FRAME_RATE,
      talking: () => true,
    },
    {
      key: 'D',
      label: 'D. a page that never says what it shows: every video resumed (layers.ts, L0 at 15 fps); all talking',
      plan: unpagedPlan,
      temporal: temporalLayerFor,
      talking: () => true,
    },
  ];

  const workerCpu = cpuMeter(worker.pid);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    for (const p of participants) sender.setSilent(p.audioSsrc, !scenario.talking(p));
    const plans = new Map<Participant, ReceivePlan>();
    for (const self of participants) {
      const plan = scenario.plan(self, participants);
      plans.set(self, plan);
      for (const r of self.receives) {
        if (r.consumer.kind !== 'video') continue;
        // The server's rule (Room.bringConsumerInLine): accepted, no small groups, shown or not.
        const shownOnScreen = plan.visible === null || plan.visible.includes(r.peerId);
        if (!consumerForwards({ kind: 'video', accepted: true, sameGroup: true, shownOnScreen, voiceHeard: true }))
          await r.consumer.pause();
        else {
          if (r.consumer.paused) await r.consumer.resume();
          const spatialLayer = plan.layers[r.peerId] ?? DEFAULT_LAYER;
          await r.consumer.setPreferredLayers({ spatialLayer, temporalLayer: scenario.temporal(spatialLayer) });
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
          if (r.consumer.kind === 'video' && plans.get(p)!.layers[r.peerId] === 2) spotlight += bytes;
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
    console.log(
      `  ${scenario.key}: home ${fmt(result.homeMedianMbps, 2)} Mbit/s (max ${fmt(result.homeMaxMbps, 2)}), venue ${fmt(result.venueMbps, 2)} Mbit/s, worker CPU ${fmt(result.workerCpuPct, 0)} %, RSS ${fmt(result.workerRssMb, 0)} MB`,
    );
  }

  sender.close();
  receiver.close();
  worker.close();

  const worstOf = (r: (typeof results)[number]) => Math.max(r.homeMaxMbps, r.venueMbps);
  const [a, b, c, d] = results as [ScenarioResult, ScenarioResult, ScenarioResult, ScenarioResult];
  const ingressMbps =
    (venueEncodings.reduce((s, e) => s + e.maxBitrate!, 0) +
      HOMES * homeEncodings.reduce((s, e) => s + e.maxBitrate!, 0) +
      (HOMES + 1) * AUDIO_BITRATE) /
    1e6;
  const kbps = (encodings: typeof venueEncodings) => encodings.map((e) => e.maxBitrate! / 1000).join('/');
  const headlineOf = (r: ScenarioResult, what: string) => ({
    metric: `per-participant download, ${what} (${r.key}), worst participant`,
    value: `${fmt(worstOf(r), 2)} Mbit/s (homes median ${fmt(r.homeMedianMbps, 2)}, venue ${fmt(r.venueMbps, 2)})`,
    target: `< ${TARGET_MBPS} Mbit/s`,
    pass: worstOf(r) < TARGET_MBPS,
  });
  const galleryOf = (r: ScenarioResult) => r.homeVideoMbps - r.homeSpotlightMbps;

  return {
    id: 'call-shape',
    title: `3. Call shape: 1 venue + ${HOMES} homes, everyone receiving everyone`,
    headline: [
      headlineOf(a, 'the product, everyone talking'),
      headlineOf(b, 'the product, Opus DTX for the silent'),
      headlineOf(c, "the issue's shape as written, all 30 fps"),
      {
        metric: 'per-participant download, a page that never says what it shows (D), worst participant',
        value: `${fmt(worstOf(d), 2)} Mbit/s (homes median ${fmt(d.homeMedianMbps, 2)}, venue ${fmt(d.venueMbps, 2)})`,
      },
      {
        metric: 'server CPU (the worker) / worker memory, the product (A)',
        value: `${fmt(a.workerCpuPct, 0)} % of one core / ${fmt(a.workerRssMb, 0)} MB RSS`,
      },
    ],
    tables: [
      {
        title: `${consumerCount} consumers on one worker; download = RTP bytes (SRTP) received per participant, medians of ${WINDOWS} × ${WINDOW_MS / 1000} s`,
        columns: [
          'pattern',
          'home download Mbit/s (median / max)',
          'of which spotlight / gallery / audio',
          'venue download Mbit/s',
          'videos received (home / venue)',
          'worker CPU % (1 core)',
          'worker RSS MB',
          `< ${TARGET_MBPS} Mbit/s`,
        ],
        rows: results.map((r) => [
          r.label,
          `${fmt(r.homeMedianMbps, 2)} / ${fmt(r.homeMaxMbps, 2)}`,
          `${fmt(r.homeSpotlightMbps, 2)} / ${fmt(galleryOf(r), 2)} / ${fmt(r.homeAudioMbps, 2)}`,
          fmt(r.venueMbps, 2),
          `${r.homeResumedVideos} / ${r.venueResumedVideos}`,
          fmt(r.workerCpuPct, 1),
          fmt(r.workerRssMb, 0),
          worstOf(r) < TARGET_MBPS ? 'PASS' : 'FAIL',
        ]),
      },
    ],
    method: [
      `${HOMES + 1} synthetic participants on one worker (one router with the product's codecs and an ActiveSpeakerObserver at ${activeSpeakerIntervalMs} ms, as Room creates): each sends Opus-like audio (${MIC_CODEC_OPTIONS.opusMaxAverageBitrate / 1000} kbit/s, the product's opusMaxAverageBitrate, plus RTP header and ssrc-audio-level extension: ${AUDIO_BITRATE / 1000} kbit/s) and VP8 simulcast with the product's three encodings (client/src/call/produceOptions.ts: venue ${kbps(venueEncodings)} kbit/s, home ${kbps(homeEncodings)} kbit/s, L1T3, 30 fps), each layer at its maxBitrate — an upper bound of what Chrome sends. Temporal layers carry libwebrtc's VP8 shares (TL0 40 %, TL1 20 %, TL2 40 %), so 15 fps is 60 % of a layer's bytes. Ingress ≈ ${fmt(ingressMbps, 1)} Mbit/s.`,
      `Everyone consumes everyone's audio and video (${consumerCount} consumers) on one receive PlainTransport each, SRTP towards a local UDP socket that counts bytes per consumer; a participant's download is the sum over their consumers (UDP payload: RTP + SRTP tag; IP/UDP headers and RTCP not included).`,
      "What each device asks for is computed by the product's own functions: client/src/call/gallery.ts (pages of 9, the ids shown), client/src/call/layers.ts (spatial layer per picture; temporalLayerFor: 15 fps for layer 0, 30 fps otherwise); paused or forwarded by the server's rule (server/src/call/consumerRules.ts, as Room applies for call:setVisibleVideos), then consumer.pause()/resume() and setPreferredLayers. The receivers advertise no transport-cc/REMB, so mediasoup forwards exactly the layers asked for (no bandwidth estimation caps them): the download figures are what the layer choice costs.",
      `Per pattern: ${WARMUP_MS / 1000} s to settle (key frames on layer switches), then ${WINDOWS} windows of ${WINDOW_MS / 1000} s; figures are medians. "Server CPU" is the worker process (/proc/<pid>/stat); the Node.js process has no per-packet work in a call.`,
    ],
    findings: [
      `The product (A): a home receives the venue large (${fmt(a.homeSpotlightMbps, 2)} Mbit/s: 720p at a ${venueEncodings[2]!.maxBitrate! / 1e6} Mbit/s cap, 30 fps), one page of ${PAGE} small pictures at 15 fps (${fmt(galleryOf(a), 2)} Mbit/s) and ${HOMES} voices (${fmt(a.homeAudioMbps, 2)} Mbit/s): ${fmt(a.homeMedianMbps, 2)} Mbit/s with everyone talking at once, ${worstOf(a) < TARGET_MBPS ? 'under' : 'over'} the ${TARGET_MBPS} Mbit/s target; the venue's TV, which shows all ${HOMES} homes small, ${fmt(a.venueMbps, 2)} Mbit/s. With DTX for the silent (B, a gathering where one or two speak at a time) a home needs ${fmt(b.homeMedianMbps, 2)} Mbit/s. Videos off the page cost nothing, so a home's download no longer grows with the gathering (only ~${fmt(a.homeAudioMbps / HOMES, 3)} Mbit/s of voice per talking person).`,
      `The issue's shape as written (C: every picture at 30 fps): ${fmt(c.homeMedianMbps, 2)} Mbit/s for a home (gallery ${fmt(galleryOf(c), 2)}): 15 fps for small tiles saves ${fmt(galleryOf(c) - galleryOf(a), 2)} Mbit/s. A page that never says what it shows (D: every video resumed) costs a home ${fmt(d.homeMedianMbps, 2)} Mbit/s. (The run before this change, with a 1.5 Mbit/s venue top layer and every video resumed, measured 4.60 Mbit/s.)`,
      `With everyone talking the margin is small: voice is ${fmt((a.homeAudioMbps / a.homeMedianMbps) * 100, 0)} % of a home's download. A long ptime or a lower Opus rate would buy more, but would cost clarity for older ears and delay; 20 people never speak at once in a gathering, and DTX (on) makes the silent nearly free.`,
      `Server side, the call is cheap: ${fmt(a.workerCpuPct, 0)} % of one core and ${fmt(a.workerRssMb, 0)} MB RSS for the worker in pattern A (${consumerCount} consumers, ${a.homeResumedVideos} of ${HOMES} videos forwarded to each home).`,
    ],
    further: [
      'Real encoders send less than maxBitrate on easy scenes and the layer-0 streams of small pictures often stay well under their cap; a run with real browsers (21 Chromium instances need far more than 2 cores: a load cluster) would give the real figure. These are upper bounds.',
      'Bandwidth estimation is not exercised (the synthetic receivers send no transport-cc/REMB feedback): with WebRTC the server may forward lower layers than asked when a home line is weak, so a slow line gets less, never more.',
    ],
    raw: {
      homes: HOMES,
      consumerCount,
      ingressMbps,
      audioBitrate: AUDIO_BITRATE,
      venueEncodings: venueEncodings.map((e) => e.maxBitrate),
      homeEncodings: homeEncodings.map((e) => e.maxBitrate),
      speakerChanges,
      results,
    },
  };
}

runBench(main);
