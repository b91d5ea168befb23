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
 *  D. a device that never says what it shows (an older page): every video resumed at the product's layers;
 *  E. loudest voices (issue #15 part 4): A, with each home sent only the venue's voice and the three loudest
 *     (server/src/call/voices.ts, fed by a real AudioLevelObserver as Room does), the venue every voice.
 *     Measured right after A, so that the two compare under the same load;
 *  S. loudest voices at real screen sizes: E, with each home's screen as the product lays it out at a realistic
 *     viewport (odd-numbered homes a 360×740 phone, even-numbered a 1280×800 tablet), the venue leading in spotlight
 *     (features/program/live/stage.ts homeStagePage), and each picture's layer lowered to the size it is shown at
 *     (client/src/call/shownLayers.ts, with the boxes Chromium lays out at those viewports);
 *  G. as S, the gallery layout (the venue's picture featured among the others).
 *
 *   npx tsx tests/bench/call-shape.ts
 */
import type { types } from 'mediasoup';
import { GALLERY_PAGE_SIZE as PAGE, galleryPage, shownVideoPeerIds } from '../../client/src/call/gallery';
import { homeViewLayers, temporalLayerFor, venueViewLayers, type TemporalLayer } from '../../client/src/call/layers';
import { MIC_CODEC_OPTIONS, simulcastEncodings } from '../../client/src/call/produceOptions';
import { fitLayersToScreen, SHOWN_SIZE_RULES, type ShownBox } from '../../client/src/call/shownLayers';
import {
  homeStagePage,
  PHONE_PAGE_SIZES,
  TABLET_PAGE_SIZES,
  type HomeStage,
  type StagePageSizes,
} from '../../client/src/features/program/live/stage';
import type { RemotePeer, SpatialLayer } from '../../client/src/call/types';
import { consumerForwards } from '../../server/src/call/consumerRules';
import { activeSpeakerIntervalMs, voiceLevels } from '../../server/src/call/mediaConfig';
import { SpeakerRanking, VOICE_RULES, voicesHeard } from '../../server/src/call/voices';
import { cpuMeter, processMemoryMb, systemBusyPercent, systemCpuTimes, udpReceiveBufferErrors } from './lib/proc';
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
/** Issue #15 part 4: a home's download with everyone talking, and the worker's CPU cut by a third. */
const VOICES_TARGET_MBPS = 1.5;
const VOICES_CPU_CUT = 1 / 3;
/** How much of a core a worker may use before it is full (benchmark 2 stops at 95 %). */
const USABLE_CORE_PCT = 95;

type Device = 'phone' | 'tablet';
const contain = (width: number, height: number): ShownBox => ({ width, height, fit: 'contain' });
const cover = (width: number, height: number): ShownBox => ({ width, height, fit: 'cover' });

/**
 * A home's screen at two realistic viewports: how many pictures a page shows (stage.ts) and the boxes Chromium lays
 * the pictures out in on the product's home page (measured with the venue and ten homes in the call, default text
 * size; tests/e2e/shownLayers.e2e.test.ts checks the layer the server forwards at these viewports).
 */
const SCREENS: Record<
  Device,
  {
    label: string;
    sizes: StagePageSizes;
    spotlight: { leader: ShownBox; strip: ShownBox | null };
    gallery: { venue: ShownBox; tile: ShownBox };
  }
> = {
  phone: {
    label: '360×740 phone',
    sizes: PHONE_PAGE_SIZES,
    spotlight: { leader: contain(344, 284), strip: null },
    gallery: { venue: contain(344, 176), tile: cover(166, 82) },
  },
  tablet: {
    label: '1280×800 tablet',
    sizes: TABLET_PAGE_SIZES,
    spotlight: { leader: contain(892, 497), strip: cover(170, 114) },
    gallery: { venue: contain(478, 327), tile: cover(233, 158) },
  },
};

/** Odd-numbered homes are phones, even-numbered ones tablets. */
function deviceOf(p: { id: string }): Device {
  return Number(p.id.slice(2)) % 2 === 1 ? 'phone' : 'tablet';
}

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
  /** Packets per second the worker sent to all receivers (the forwarding work). */
  forwardedPps: number;
  /** Datagrams the machine dropped for a full UDP receive buffer (the synthetic receiver starved by load): figures too low. */
  rcvbufErrors: number;
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
  /** The homes on each screen size (S and G are laid out for it; the other patterns alike on both). */
  byDevice: Record<
    Device,
    { medianMbps: number; maxMbps: number; spotlightMbps: number; videoMbps: number; audioMbps: number; videos: number }
  >;
  venueResumedVideos: number;
  homeResumedVoices: number;
  venueResumedVoices: number;
  forwardedPps: number;
  /** Voice consumers paused or resumed by the loudest-voices rule while measuring (switches). */
  voiceSwitches: number;
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
  /** Only the loudest voices are forwarded to homes (voices.ts); otherwise every voice. */
  loudestVoices?: boolean;
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

/**
 * S and G: a home's screen as the product lays it out on its device (stage.ts homeStagePage, first page, the venue
 * leading in spotlight), each picture's layer lowered to the size it is shown at (shownLayers.ts fitLayersToScreen).
 * The venue's TV as in A.
 */
function screenPlan(kind: 'spotlight' | 'gallery') {
  return (self: Participant, all: Participant[]): ReceivePlan => {
    const others = othersOf(self, all);
    const homes = others.filter((p) => p.role === 'home');
    if (self.role === 'venue') return { layers: venueViewLayers(homes), visible: null };
    const venue = others.find((p) => p.role === 'venue')!;
    const screen = SCREENS[deviceOf(self)];
    const stage: HomeStage = kind === 'spotlight' ? { kind, leader: venue, strip: homes } : { kind, tiles: [venue, ...homes] };
    const paged = homeStagePage(stage, 0, screen.sizes);
    const boxes = new Map<string, ShownBox>();
    for (const peerId of Object.keys(paged.layers)) {
      const isVenue = peerId === venue.id;
      const box =
        kind === 'spotlight'
          ? isVenue
            ? screen.spotlight.leader
            : screen.spotlight.strip
          : isVenue
            ? screen.gallery.venue
            : screen.gallery.tile;
      if (box) boxes.set(peerId, box);
    }
    const roles = new Map(others.map((p) => [p.id, p.role]));
    return { layers: fitLayersToScreen(paged.layers, boxes, (id) => roles.get(id)), visible: paged.visible };
  };
}

const FULL_FRAME_RATE = (): TemporalLayer => 2;

/** Packets received so far over every consumer of every participant. */
function sumPackets(participants: readonly Participant[], receiver: RtpReceiver): number {
  let packets = 0;
  for (const p of participants) for (const r of p.receives) packets += receiver.received(r.ssrc).packets;
  return packets;
}

/** `now` relative to `before`, as a signed percentage. */
function pct(now: number, before: number): string {
  const change = (now / before - 1) * 100;
  return `${change >= 0 ? '+' : '−'}${fmt(Math.abs(change), 0)} %`;
}

async function main(): Promise<BenchResult> {
  const worker = await createBenchWorker();
  const router = await createBenchRouter(worker);
  const observer = await router.createActiveSpeakerObserver({ interval: activeSpeakerIntervalMs });
  let speakerChanges = 0;
  observer.on('dominantspeaker', () => speakerChanges++);
  // The loudest voices, as Room does: the worker's level reports → SpeakerRanking → voicesHeard per device.
  const levelObserver = await router.createAudioLevelObserver({
    interval: voiceLevels.intervalMs,
    threshold: voiceLevels.thresholdDbov,
    maxEntries: voiceLevels.maxEntries,
  });
  const ranking = new SpeakerRanking();
  let loudestVoices = false;
  let voiceSwitches = 0;
  let levelReports = 0;
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
    await levelObserver.addProducer({ producerId: participant.audio.id });
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

  /** Every voice consumer in line with the rule: with loudestVoices, a home hears the venue and the loudest; else every voice. */
  let voiceUpdate = Promise.resolve();
  const applyVoices = () => {
    voiceUpdate = voiceUpdate.then(async () => {
      for (const self of participants) {
        const heard = loudestVoices
          ? voicesHeard({
              listener: { id: self.id, role: self.role },
              candidates: participants.filter((p) => p !== self).map((p) => p.id),
              alwaysHeard: new Set(['venue']),
              ranking: ranking.ranking,
            })
          : 'all';
        for (const r of self.receives) {
          if (r.consumer.kind !== 'audio') continue;
          const voiceHeard = heard === 'all' || heard.has(r.peerId);
          const forwards = consumerForwards({ kind: 'audio', accepted: true, sameGroup: true, shownOnScreen: true, voiceHeard });
          if (forwards === !r.consumer.paused) continue;
          voiceSwitches++;
          await (forwards ? r.consumer.resume() : r.consumer.pause());
        }
      }
    });
    return voiceUpdate;
  };
  const hearLevels = (levels: { peerId: string; volume: number }[]) => {
    levelReports++;
    if (ranking.report(levels, performance.now()) && loudestVoices) void applyVoices();
  };
  levelObserver.on('volumes', (volumes) =>
    hearLevels(volumes.map(({ producer, volume }) => ({ peerId: (producer.appData as { peerId: string }).peerId, volume }))),
  );
  levelObserver.on('silence', () => hearLevels([]));

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
      key: 'E',
      label: `E. loudest voices: as A, a home is sent the venue's voice and the ${VOICE_RULES.loudest} loudest (server/src/call/voices.ts), the venue every voice; all talking`,
      plan: productPlan,
      temporal: temporalLayerFor,
      talking: () => true,
      loudestVoices: true,
    },
    {
      key: 'S',
      label: `S. loudest voices at real screen sizes: as E, each home as the product lays it out on a 360×740 phone or a 1280×800 tablet, the venue leading in spotlight, each picture at the layer its size needs (client/src/call/shownLayers.ts); all talking`,
      plan: screenPlan('spotlight'),
      temporal: temporalLayerFor,
      talking: () => true,
      loudestVoices: true,
    },
    {
      key: 'G',
      label: `G. as S, the gallery layout (the room featured among the others); all talking`,
      plan: screenPlan('gallery'),
      temporal: temporalLayerFor,
      talking: () => true,
      loudestVoices: true,
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
  // A, E and S, the comparison of the loudest voices and the screen sizes, twice and alternating, so that they see the same load; then the others.
  const schedule = ['A', 'E', 'S', 'A', 'E', 'S', 'G', 'B', 'C', 'D'].map((key) => scenarios.find((s) => s.key === key)!);
  const windowsByKey = new Map<string, ScenarioWindow[]>();
  const switchesByKey = new Map<string, number>();
  for (const scenario of schedule) {
    for (const p of participants) sender.setSilent(p.audioSsrc, !scenario.talking(p));
    loudestVoices = scenario.loudestVoices === true;
    await applyVoices();
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
    await voiceUpdate;
    const switchesBefore = voiceSwitches;
    const windows: ScenarioWindow[] = windowsByKey.get(scenario.key) ?? [];
    windowsByKey.set(scenario.key, windows);
    for (let w = 0; w < WINDOWS; w++) {
      const before = participants.map((p) => p.receives.map((r) => receiver.received(r.ssrc)));
      const packetsBefore = sumPackets(participants, receiver);
      const rcvbuf0 = udpReceiveBufferErrors();
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
          // The room's picture, at home (whatever its layer).
          if (r.consumer.kind === 'video' && p.role === 'home' && r.peerId === 'venue') spotlight += bytes;
        });
        const mbps = (bytes: number) => (bytes * 8) / seconds / 1e6;
        return { id: p.id, role: p.role, videoMbps: mbps(video), audioMbps: mbps(audio), spotlightMbps: mbps(spotlight) };
      });
      const forwardedPps = (sumPackets(participants, receiver) - packetsBefore) / seconds;
      windows.push({
        workerCpuPct: cpu,
        systemBusyPct: systemBusy,
        forwardedPps,
        rcvbufErrors: udpReceiveBufferErrors() - rcvbuf0,
        download,
      });
    }
    const perParticipant = participants.map((p, i) => ({
      id: p.id,
      role: p.role,
      totalMbps: median(windows.map((w) => w.download[i]!.videoMbps + w.download[i]!.audioMbps)),
      videoMbps: median(windows.map((w) => w.download[i]!.videoMbps)),
      audioMbps: median(windows.map((w) => w.download[i]!.audioMbps)),
      spotlightMbps: median(windows.map((w) => w.download[i]!.spotlightMbps)),
      resumedVideos: p.receives.filter((r) => r.consumer.kind === 'video' && !r.consumer.paused).length,
      resumedVoices: p.receives.filter((r) => r.consumer.kind === 'audio' && !r.consumer.paused).length,
    }));
    const homes = perParticipant.filter((p) => p.role === 'home');
    const venue = perParticipant.find((p) => p.role === 'venue')!;
    const onDevice = (device: Device) => {
      const these = homes.filter((h) => deviceOf(h) === device);
      return {
        medianMbps: median(these.map((h) => h.totalMbps)),
        maxMbps: max(these.map((h) => h.totalMbps)),
        spotlightMbps: median(these.map((h) => h.spotlightMbps)),
        videoMbps: median(these.map((h) => h.videoMbps)),
        audioMbps: median(these.map((h) => h.audioMbps)),
        videos: median(these.map((h) => h.resumedVideos)),
      };
    };
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
      byDevice: { phone: onDevice('phone'), tablet: onDevice('tablet') },
      venueResumedVideos: venue.resumedVideos,
      homeResumedVoices: median(homes.map((h) => h.resumedVoices)),
      venueResumedVoices: venue.resumedVoices,
      forwardedPps: median(windows.map((w) => w.forwardedPps)),
      voiceSwitches: (switchesByKey.get(scenario.key) ?? 0) + voiceSwitches - switchesBefore,
      perParticipant,
      windows,
    };
    switchesByKey.set(scenario.key, result.voiceSwitches);
    const earlier = results.findIndex((r) => r.key === scenario.key);
    if (earlier >= 0) results[earlier] = result;
    else results.push(result);
    const fresh = windows.slice(-WINDOWS);
    console.log(
      `  ${scenario.key} (this run: home ${fresh.map((w) => fmt(median(w.download.filter((d) => d.role === 'home').map((d) => d.videoMbps + d.audioMbps)), 2)).join('/')} Mbit/s, worker ${fresh.map((w) => fmt(w.workerCpuPct, 0)).join('/')} %, machine busy ${fresh.map((w) => fmt(w.systemBusyPct, 0)).join('/')} %, UDP drops ${fresh.reduce((n, w) => n + w.rcvbufErrors, 0)}) — so far: home ${fmt(result.homeMedianMbps, 2)} Mbit/s (max ${fmt(result.homeMaxMbps, 2)}), venue ${fmt(result.venueMbps, 2)} Mbit/s, worker CPU ${fmt(result.workerCpuPct, 0)} %, RSS ${fmt(result.workerRssMb, 0)} MB`,
    );
  }

  sender.close();
  receiver.close();
  worker.close();

  const worstOf = (r: (typeof results)[number]) => Math.max(r.homeMaxMbps, r.venueMbps);
  const byKey = (key: string) => results.find((r) => r.key === key)!;
  const [a, b, c, d, e, sized, gallery] = ['A', 'B', 'C', 'D', 'E', 'S', 'G'].map(byKey) as [
    ScenarioResult,
    ScenarioResult,
    ScenarioResult,
    ScenarioResult,
    ScenarioResult,
    ScenarioResult,
    ScenarioResult,
  ];
  const devices = ['phone', 'tablet'] as const;
  const worstHome = (r: ScenarioResult) => Math.max(r.byDevice.phone.maxMbps, r.byDevice.tablet.maxMbps);
  const onScreens = (r: ScenarioResult) =>
    `${devices.map((dev) => `${SCREENS[dev].label} ${fmt(r.byDevice[dev].medianMbps, 2)} (max ${fmt(r.byDevice[dev].maxMbps, 2)})`).join(', ')} Mbit/s; the venue ${fmt(r.venueMbps, 2)}`;
  const cpuCut = 1 - e.workerCpuPct / a.workerCpuPct;
  const roomsPerCore = (r: ScenarioResult) => Math.floor(USABLE_CORE_PCT / r.workerCpuPct);
  const dropsOf = (r: ScenarioResult) => r.windows.reduce((n, w) => n + w.rcvbufErrors, 0);
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
    title: `3. Call shape: 1 venue + ${HOMES} homes, everyone receiving everyone, and the loudest voices`,
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
      {
        metric: `loudest voices: a home's download with everyone talking, every voice (A) → the loudest ${VOICE_RULES.loudest} and the venue (E), the layers of A`,
        value: `${fmt(a.homeMedianMbps, 2)} → ${fmt(e.homeMedianMbps, 2)} Mbit/s (voices ${fmt(a.homeAudioMbps, 2)} → ${fmt(e.homeAudioMbps, 2)}; worst home ${fmt(e.homeMaxMbps, 2)})`,
      },
      {
        metric: `loudest voices at real screen sizes: a home's download with everyone talking, the venue leading in spotlight (S), worst home`,
        value: `${fmt(worstHome(sized), 2)} Mbit/s (${onScreens(sized)})`,
        target: `< ${VOICES_TARGET_MBPS} Mbit/s`,
        pass: worstHome(sized) < VOICES_TARGET_MBPS,
      },
      {
        metric: `loudest voices at real screen sizes: a home's download with everyone talking, the gallery (G), worst home`,
        value: `${fmt(worstHome(gallery), 2)} Mbit/s (${onScreens(gallery)})`,
        target: `< ${VOICES_TARGET_MBPS} Mbit/s`,
        pass: worstHome(gallery) < VOICES_TARGET_MBPS,
      },
      {
        metric: 'loudest voices: worker CPU for the gathering, A → E',
        value: `${fmt(a.workerCpuPct, 1)} → ${fmt(e.workerCpuPct, 1)} % of one core (−${fmt(cpuCut * 100, 0)} %; forwarded ${fmt(a.forwardedPps / 1000, 1)}k → ${fmt(e.forwardedPps / 1000, 1)}k packets/s)`,
        target: `−${fmt(VOICES_CPU_CUT * 100, 0)} % or more`,
        pass: cpuCut >= VOICES_CPU_CUT,
      },
      {
        metric: `loudest voices: rooms of ${HOMES + 1} per core (${USABLE_CORE_PCT} % of a core / the worker's CPU for one gathering)`,
        value: `${roomsPerCore(e)} (every voice: ${roomsPerCore(a)})`,
      },
    ],
    tables: [
      {
        title: `${consumerCount} consumers on one worker; download = RTP bytes (SRTP) received per participant, medians of ${WINDOWS} × ${WINDOW_MS / 1000} s (A and E: of 2 × ${WINDOWS})`,
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
      {
        title: `loudest voices: the same gathering (A) with every voice forwarded, and with a home sent the venue's voice and the ${VOICE_RULES.loudest} loudest (E), measured one after the other`,
        columns: ['', `every voice (A)`, `loudest voices (E)`, 'change'],
        rows: [
          [
            "a home's download, Mbit/s (median)",
            fmt(a.homeMedianMbps, 2),
            fmt(e.homeMedianMbps, 2),
            pct(e.homeMedianMbps, a.homeMedianMbps),
          ],
          ['of which voices, Mbit/s', fmt(a.homeAudioMbps, 2), fmt(e.homeAudioMbps, 2), pct(e.homeAudioMbps, a.homeAudioMbps)],
          [
            'voices sent to a home / to the venue',
            `${a.homeResumedVoices} / ${a.venueResumedVoices}`,
            `${e.homeResumedVoices} / ${e.venueResumedVoices}`,
            '',
          ],
          ["the venue's download, Mbit/s", fmt(a.venueMbps, 2), fmt(e.venueMbps, 2), pct(e.venueMbps, a.venueMbps)],
          ['packets/s the worker forwards', fmt(a.forwardedPps, 0), fmt(e.forwardedPps, 0), pct(e.forwardedPps, a.forwardedPps)],
          ['worker CPU, % of one core', fmt(a.workerCpuPct, 1), fmt(e.workerCpuPct, 1), pct(e.workerCpuPct, a.workerCpuPct)],
          [`rooms of ${HOMES + 1} per core (${USABLE_CORE_PCT} % / CPU of one)`, roomsPerCore(a), roomsPerCore(e), ''],
          ['machine busy (all processes, 2 cores), %', fmt(a.systemBusyPct, 0), fmt(e.systemBusyPct, 0), ''],
          ['datagrams dropped by the receiver (load)', dropsOf(a), dropsOf(e), ''],
        ],
      },
      {
        title: `loudest voices at real screen sizes: what a home on each device receives with everyone talking (S: the venue leads in spotlight, G: the gallery; E: every home as in A), Mbit/s, median (max) of the ${HOMES / 2} homes on that device`,
        columns: ['', 'layers of A (E)', 'spotlight, sized (S)', 'gallery, sized (G)', `< ${VOICES_TARGET_MBPS} Mbit/s (S / G)`],
        rows: [
          ...devices.flatMap((dev) => {
            const cell = (r: ScenarioResult) => `${fmt(r.byDevice[dev].medianMbps, 2)} (${fmt(r.byDevice[dev].maxMbps, 2)})`;
            const parts = (r: ScenarioResult) =>
              `${fmt(r.byDevice[dev].spotlightMbps, 2)} / ${fmt(r.byDevice[dev].videoMbps - r.byDevice[dev].spotlightMbps, 2)} / ${fmt(r.byDevice[dev].audioMbps, 2)}`;
            const verdict = (r: ScenarioResult) => (r.byDevice[dev].maxMbps < VOICES_TARGET_MBPS ? 'PASS' : 'FAIL');
            return [
              [`${SCREENS[dev].label}: download`, cell(e), cell(sized), cell(gallery), `${verdict(sized)} / ${verdict(gallery)}`],
              [`${SCREENS[dev].label}: of which the room's picture / the others / voices`, parts(e), parts(sized), parts(gallery), ''],
              [
                `${SCREENS[dev].label}: videos received`,
                e.byDevice[dev].videos,
                sized.byDevice[dev].videos,
                gallery.byDevice[dev].videos,
                '',
              ],
            ];
          }),
          [
            "the venue's download (its TV shows every home small)",
            fmt(e.venueMbps, 2),
            fmt(sized.venueMbps, 2),
            fmt(gallery.venueMbps, 2),
            '',
          ],
          ['worker CPU, % of one core', fmt(e.workerCpuPct, 1), fmt(sized.workerCpuPct, 1), fmt(gallery.workerCpuPct, 1), ''],
          [
            'machine busy (all processes, 2 cores), %',
            fmt(e.systemBusyPct, 0),
            fmt(sized.systemBusyPct, 0),
            fmt(gallery.systemBusyPct, 0),
            '',
          ],
        ],
      },
    ],
    method: [
      `${HOMES + 1} synthetic participants on one worker (one router with the product's codecs and an ActiveSpeakerObserver at ${activeSpeakerIntervalMs} ms, as Room creates): each sends Opus-like audio (${MIC_CODEC_OPTIONS.opusMaxAverageBitrate / 1000} kbit/s, the product's opusMaxAverageBitrate, plus RTP header and ssrc-audio-level extension: ${AUDIO_BITRATE / 1000} kbit/s) and VP8 simulcast with the product's three encodings (client/src/call/produceOptions.ts: venue ${kbps(venueEncodings)} kbit/s, home ${kbps(homeEncodings)} kbit/s, L1T3, 30 fps), each layer at its maxBitrate — an upper bound of what Chrome sends. Temporal layers carry libwebrtc's VP8 shares (TL0 40 %, TL1 20 %, TL2 40 %), so 15 fps is 60 % of a layer's bytes. Ingress ≈ ${fmt(ingressMbps, 1)} Mbit/s.`,
      `Everyone consumes everyone's audio and video (${consumerCount} consumers) on one receive PlainTransport each, SRTP towards a local UDP socket that counts bytes per consumer; a participant's download is the sum over their consumers (UDP payload: RTP + SRTP tag; IP/UDP headers and RTCP not included).`,
      "What each device asks for is computed by the product's own functions: client/src/call/gallery.ts (pages of 9, the ids shown), client/src/call/layers.ts (spatial layer per picture; temporalLayerFor: 15 fps for layer 0, 30 fps otherwise); paused or forwarded by the server's rule (server/src/call/consumerRules.ts, as Room applies for call:setVisibleVideos), then consumer.pause()/resume() and setPreferredLayers. The receivers advertise no transport-cc/REMB, so mediasoup forwards exactly the layers asked for (no bandwidth estimation caps them): the download figures are what the layer choice costs.",
      `Loudest voices (E): a real AudioLevelObserver on the router with the product's settings (server/src/call/mediaConfig.ts voiceLevels: every ${voiceLevels.intervalMs} ms, threshold ${voiceLevels.thresholdDbov} dBov), fed by the senders' ssrc-audio-level (the venue −30 dBov, home i −(30 + i) dBov, so everyone is above the threshold and the order is fixed); each report goes through the product's SpeakerRanking and voicesHeard (server/src/call/voices.ts) and consumerForwards, and the audio consumers are paused or resumed as Room does. Switching is not exercised (fixed levels: ${e.voiceSwitches} switches while measuring); in a real gathering each switch is one pause and one resume request to the worker.`,
      `Real screen sizes (S, G): the odd-numbered homes are ${SCREENS.phone.label}s (stage.ts PHONE_PAGE_SIZES: in spotlight the room large and no small pictures, in the gallery ${PHONE_PAGE_SIZES.gallery} a page), the even-numbered ones ${SCREENS.tablet.label}s (${TABLET_PAGE_SIZES.strip} small pictures beside the leader, ${TABLET_PAGE_SIZES.gallery} a gallery page); each picture's box is the one Chromium lays out on the product's home page at that viewport (phone: the room 344×284 in spotlight, 344×176 in the gallery with the others 166×82; tablet: the room 892×497 with the others 170×114 beside it, in the gallery the room 478×327 and the others 233×158), and client/src/call/shownLayers.ts lowers the layout's layer to the smallest one enlarged at most ${SHOWN_SIZE_RULES.maxUpscale}× on screen, never below the middle one for the screen's largest pictures (as the page does with the boxes it measures).`,
      `Rooms per core = ${USABLE_CORE_PCT} % of a core (where benchmark 2 calls a worker full) divided by the worker's CPU for one gathering, rounded down: worker CPU grows linearly with the packets it forwards (benchmark 2), and rooms on one worker share nothing but the worker. The Node.js process's share (signalling, ${1000 / voiceLevels.intervalMs} level reports/s per room while someone speaks) is not in it.`,
      `Per pattern: ${WARMUP_MS / 1000} s to settle (key frames on layer switches), then ${WINDOWS} windows of ${WINDOW_MS / 1000} s; figures are medians. A and E run twice, alternating (A, E, A, E), and their figures are medians of both runs' windows, so that the comparison sees the same load. "Server CPU" is the worker process (/proc/<pid>/stat); the Node.js process has no per-packet work in a call.`,
    ],
    findings: [
      `The product (A): a home receives the venue large (${fmt(a.homeSpotlightMbps, 2)} Mbit/s: 720p at a ${venueEncodings[2]!.maxBitrate! / 1e6} Mbit/s cap, 30 fps), one page of ${PAGE} small pictures at 15 fps (${fmt(galleryOf(a), 2)} Mbit/s) and ${HOMES} voices (${fmt(a.homeAudioMbps, 2)} Mbit/s): ${fmt(a.homeMedianMbps, 2)} Mbit/s with everyone talking at once, ${worstOf(a) < TARGET_MBPS ? 'under' : 'over'} the ${TARGET_MBPS} Mbit/s target; the venue's TV, which shows all ${HOMES} homes small, ${fmt(a.venueMbps, 2)} Mbit/s. With DTX for the silent (B, a gathering where one or two speak at a time) a home needs ${fmt(b.homeMedianMbps, 2)} Mbit/s. Videos off the page cost nothing, so a home's download no longer grows with the gathering (only ~${fmt(a.homeAudioMbps / HOMES, 3)} Mbit/s of voice per talking person).`,
      `The issue's shape as written (C: every picture at 30 fps): ${fmt(c.homeMedianMbps, 2)} Mbit/s for a home (gallery ${fmt(galleryOf(c), 2)}): 15 fps for small tiles saves ${fmt(galleryOf(c) - galleryOf(a), 2)} Mbit/s. A page that never says what it shows (D: every video resumed) costs a home ${fmt(d.homeMedianMbps, 2)} Mbit/s. (The run before this change, with a 1.5 Mbit/s venue top layer and every video resumed, measured 4.60 Mbit/s.)`,
      `With everyone talking the margin is small: voice is ${fmt((a.homeAudioMbps / a.homeMedianMbps) * 100, 0)} % of a home's download. A long ptime or a lower Opus rate would buy more, but would cost clarity for older ears and delay; 20 people never speak at once in a gathering, and DTX (on) makes the silent nearly free.`,
      `Loudest voices (E, issue #15 part 4): a home is sent ${e.homeResumedVoices} voices instead of ${a.homeResumedVoices} (the venue, always, and the ${VOICE_RULES.loudest} loudest), so its download with everyone talking falls from ${fmt(a.homeMedianMbps, 2)} to ${fmt(e.homeMedianMbps, 2)} Mbit/s (voices ${fmt(a.homeAudioMbps, 2)} → ${fmt(e.homeAudioMbps, 2)}), ${e.homeMaxMbps < VOICES_TARGET_MBPS ? 'under' : 'over'} the ${VOICES_TARGET_MBPS} Mbit/s target${e.homeMaxMbps < VOICES_TARGET_MBPS ? '' : `: what is left is video (${fmt(e.homeVideoMbps, 2)} Mbit/s, of which the venue's picture ${fmt(e.homeSpotlightMbps, 2)}), which the screen sizes (S, G) take care of`}. The venue is still sent every voice (${e.venueResumedVoices}): its loudspeaker is how the hall hears the homes. The worker forwards ${pct(e.forwardedPps, a.forwardedPps)} packets/s and uses ${fmt(e.workerCpuPct, 1)} instead of ${fmt(a.workerCpuPct, 1)} % of one core (${cpuCut >= VOICES_CPU_CUT ? 'meets' : 'misses'} the cut by a third): ≈ ${roomsPerCore(e)} gatherings of ${HOMES + 1} per core instead of ${roomsPerCore(a)}. Voices are small but many: at 50 packets/s each, they were most of the packets.`,
      `Loudest voices at real screen sizes (S, the venue leading in spotlight): ${onScreens(sized)} Mbit/s with everyone talking, ${worstHome(sized) < VOICES_TARGET_MBPS ? 'under' : 'over'} the ${VOICES_TARGET_MBPS} Mbit/s target; in the gallery (G): ${onScreens(gallery)} Mbit/s (${worstHome(gallery) < VOICES_TARGET_MBPS ? 'under' : 'over'}). Both get the room's picture at the venue's middle layer (640×360, at most ${venueEncodings[1]!.maxBitrate! / 1000} kbit/s; phone ${fmt(sized.byDevice.phone.spotlightMbps, 2)}, tablet ${fmt(sized.byDevice.tablet.spotlightMbps, 2)} Mbit/s instead of ${fmt(e.homeSpotlightMbps, 2)}): the phone shows it 344 px wide, where 720p would be thrown away, and keeps the middle layer rather than the lowest for the leader's face; the tablet shows it 892×497, the middle layer enlarged 1.38×. A screen that shows the room larger than 1.5× the middle layer (1920×1080: 1353×746) still gets the top one, and so does the venue's TV for a home's leader. The venue's download is unchanged (${fmt(sized.venueMbps, 2)} Mbit/s: every voice and ${HOMES} small pictures).`,
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
      levelReports,
      voiceRules: VOICE_RULES,
      voiceLevels,
      results,
    },
  };
}

runBench(main);
