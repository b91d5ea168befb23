import type { DevicePrefs } from '../../call/CallClient';

const KEY = 'kayoi.venue.devices';

/** The venue tablet remembers its camera, microphone and speaker between gatherings. */
export function loadVenueDevicePrefs(): DevicePrefs {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return {};
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    const v = value as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' && x ? x : null);
    return { cameraId: str(v.cameraId), micId: str(v.micId), speakerId: str(v.speakerId) };
  } catch {
    return {};
  }
}

export function saveVenueDevicePrefs(prefs: DevicePrefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // storage full or disabled: the choice lasts for this visit only
  }
}
