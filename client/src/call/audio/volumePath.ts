/*
 * How a remote voice's volume is applied. Most browsers honour `HTMLMediaElement.volume`; iOS and
 * iPadOS Safari keep it at 1 whatever is set, so there the voice goes through Web Audio instead
 * (a GainNode per voice) with its `<audio>` element muted. Decided by trying, never by user agent.
 */

export type VolumePath = 'element' | 'web-audio';

/**
 * For tests only: `localStorage['kayoi.forceWebAudioVolume'] = '1'` makes a browser whose element
 * volume works (Chromium) take the Web Audio path, so that path can be tested. Read once per page.
 */
export const FORCE_WEB_AUDIO_VOLUME_KEY = 'kayoi.forceWebAudioVolume';

/** Whether setting `volume` takes effect: iOS Safari reads back 1 after `volume = 0.5`. */
export function elementVolumeWorks(element: { volume: number }): boolean {
  element.volume = 0.5;
  return element.volume === 0.5;
}

export interface VolumeAbilities {
  elementVolumeWorks: boolean;
  /** The browser has AudioContext and MediaStreamAudioSourceNode. */
  webAudio: boolean;
  /** The test switch above. */
  forced: boolean;
}

/** The element's own volume where it works; Web Audio where it does not (or when a test asks). */
export function chooseVolumePath({ elementVolumeWorks: works, webAudio, forced }: VolumeAbilities): VolumePath {
  if (!webAudio) return 'element'; // nothing better to offer: the voice plays at full volume
  return forced || !works ? 'web-audio' : 'element';
}
