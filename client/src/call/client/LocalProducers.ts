import type { Producer } from 'mediasoup-client/types';
import { request } from '../socket';
import type { VideoProfile } from '../media';
import { cameraProducerOptions, micProducerOptions, type ProducerAppData } from '../produceOptions';
import type { LocalSource } from '../types';
import type { CallContext } from './context';
import type { MediaTransports } from './MediaTransports';

/** Microphone first: audio matters most on a weak connection. */
export const SOURCES: readonly LocalSource[] = ['mic', 'camera'];

/** The local tracks and what the user wants, as the producers need them. */
export interface LocalTracks {
  track(source: LocalSource): MediaStreamTrack | null;
  /** The user wants the source on. */
  enabled(source: LocalSource): boolean;
}

/** What local media asks of the sending side when a track or a toggle changes. */
export interface TrackSender {
  /** A new local track for `source`: produce it, or swap it into the running producer. */
  trackChanged(source: LocalSource): void;
  /** Pause or resume `source`'s producer (here and on the server) to match on/off. */
  syncPause(source: LocalSource): Promise<void>;
  /** `source`'s device went away: close its producer. */
  trackEnded(source: LocalSource): void;
  /** The camera was turned off and stopped: pause its producer and let go of the track. */
  cameraReleased(): Promise<void>;
}

/**
 * The local producers (one per source) on the send transport. Producer work (produce, pause,
 * resume, replace, close) runs one step at a time, in order.
 */
export class LocalProducers implements TrackSender {
  private readonly producers = new Map<LocalSource, Producer<ProducerAppData>>();
  private queue: Promise<void> = Promise.resolve();
  /** While joining: a camera producer made now encodes only its smallest simulcast layer. */
  private cameraLayersHeld = false;
  /** The camera producer made while held, until its other layers are turned on. */
  private heldCamera: Producer<ProducerAppData> | null = null;

  constructor(
    private readonly ctx: CallContext,
    private readonly profile: VideoProfile,
    private readonly tracks: LocalTracks,
    private readonly transports: MediaTransports,
  ) {}

  /** The producers now (read by the browser tests' probe, see ../testHooks.ts). */
  get all(): ReadonlyMap<LocalSource, Producer> {
    return this.producers;
  }

  isSending(source: LocalSource): boolean {
    const producer = this.producers.get(source);
    return !!producer && !producer.closed;
  }

  /** Produces every local track that has no producer yet: the microphone first, then the camera. */
  produceAll(generation: number): Promise<void> {
    return this.enqueue(() => this.ensureProducers(generation));
  }

  /**
   * From now until `releaseCameraLayers`, the camera is produced with its smallest layer only (a join's first
   * seconds, while this device decodes its first remote pictures: three encoders at once are too much for a slow
   * tablet then, and nobody needs our larger layers before they see us at all).
   */
  holdCameraLayers(): void {
    this.cameraLayersHeld = true;
  }

  /** Turns on every layer of a camera produced while held; later cameras are produced with all of them. */
  releaseCameraLayers(): Promise<void> {
    this.cameraLayersHeld = false;
    return this.enqueue(async () => {
      const producer = this.heldCamera;
      this.heldCamera = null;
      if (!producer || producer.closed) return;
      const top = (producer.rtpParameters.encodings?.length ?? 1) - 1;
      if (top > 0) await producer.setMaxSpatialLayer(top);
    });
  }

  trackChanged(source: LocalSource): void {
    const generation = this.ctx.generation();
    if (this.ctx.isStale(generation)) return; // not in a call: joining produces it
    void this.enqueue(() => this.attachTrack(source, generation));
  }

  syncPause(source: LocalSource): Promise<void> {
    return this.enqueue(() => this.applyPause(source));
  }

  trackEnded(source: LocalSource): void {
    void this.enqueue(async () => {
      const producer = this.live(source);
      if (!producer) return;
      this.producers.delete(source);
      producer.close();
      this.ctx.changed();
      await request(this.ctx.socket, 'call:closeProducer', { producerId: producer.id }).catch((e: unknown) =>
        this.ctx.log(`closeProducer ${source} failed (the server closes it when we leave)`, e),
      );
    });
  }

  cameraReleased(): Promise<void> {
    return this.enqueue(async () => {
      await this.applyPause('camera');
      await this.live('camera')
        ?.replaceTrack({ track: null })
        .catch((e: unknown) => this.ctx.log('releasing the camera track from its producer failed', e));
    });
  }

  /** Closes every producer here (the server closes its side with the transport). */
  closeAll(): void {
    for (const producer of this.producers.values()) producer.close();
    this.producers.clear();
    this.heldCamera = null;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch((e: unknown) => this.ctx.log('media step failed', e));
    this.queue = run;
    return run;
  }

  private live(source: LocalSource): Producer<ProducerAppData> | null {
    const producer = this.producers.get(source);
    return producer && !producer.closed ? producer : null;
  }

  /** Puts the current local track of a source on the wire: a new producer, or replaceTrack. */
  private async attachTrack(source: LocalSource, generation: number): Promise<void> {
    if (this.ctx.isStale(generation)) return;
    const producer = this.live(source);
    if (!producer) {
      await this.ensureProducers(generation);
      return;
    }
    const track = this.tracks.track(source);
    if (!track || producer.track === track) return;
    await producer.replaceTrack({ track });
    await this.applyPause(source);
  }

  private async ensureProducers(generation: number): Promise<void> {
    for (const source of SOURCES) {
      if (this.ctx.isStale(generation)) return;
      const transport = this.transports.sendTransport;
      if (!transport || transport.closed || !this.transports.device) return;
      const track = this.tracks.track(source);
      if (!track || track.readyState === 'ended' || this.live(source)) continue;
      await this.produce(source, track, generation);
    }
  }

  private async produce(source: LocalSource, track: MediaStreamTrack, generation: number): Promise<void> {
    const transport = this.transports.sendTransport;
    const device = this.transports.device;
    if (!transport || !device) return;
    const kind = source === 'mic' ? 'audio' : 'video';
    if (!device.canProduce(kind)) {
      this.ctx.log(`this browser cannot send ${kind}`);
      return;
    }
    const paused = !this.tracks.enabled(source);
    const lowestLayerOnly = source === 'camera' && this.cameraLayersHeld;
    track.enabled = true;
    try {
      const producer = await transport.produce(
        source === 'mic' ? micProducerOptions(track, paused) : cameraProducerOptions(device, track, this.profile, paused, lowestLayerOnly),
      );
      if (this.ctx.isStale(generation) || transport.closed) {
        producer.close();
        return;
      }
      if (lowestLayerOnly) this.heldCamera = producer;
      if (paused) producer.pause();
      producer.on('transportclose', () => {
        if (this.producers.get(source) === producer) this.producers.delete(source);
      });
      this.producers.set(source, producer);
      this.ctx.changed();
      // The user may have toggled while the producer was being made.
      await this.applyPause(source);
    } catch (error) {
      track.enabled = this.tracks.enabled(source);
      this.ctx.log(`produce ${source} failed`, error);
    }
  }

  /** Makes the producer's pause state (here and on the server) match what the user wants. */
  private async applyPause(source: LocalSource): Promise<void> {
    const producer = this.live(source);
    if (!producer) return;
    const wantOn = this.tracks.enabled(source) && !!this.tracks.track(source);
    if (wantOn === !producer.paused) return;
    if (wantOn) producer.resume();
    else producer.pause();
    await request(this.ctx.socket, wantOn ? 'call:resumeProducer' : 'call:pauseProducer', {
      producerId: producer.id,
    }).catch((e: unknown) => this.ctx.log(`${wantOn ? 'resume' : 'pause'} ${source} failed`, e));
  }
}
