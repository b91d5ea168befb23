import { describe, expect, it } from 'vitest';
import { chooseVolumePath, elementVolumeWorks } from '../../../client/src/call/audio/volumePath';

/** A media element as iOS Safari has it: `volume` reads 1 whatever is set. */
const iosElement = () => ({
  get volume() {
    return 1;
  },
  set volume(_ignored: number) {},
});

describe('how a voice is made quieter', () => {
  it('finds the element volume ignored when it reads back 1 after setting 0.5 (iOS), honoured otherwise', () => {
    expect(elementVolumeWorks(iosElement())).toBe(false);
    expect(elementVolumeWorks({ volume: 1 })).toBe(true);
  });

  it('uses Web Audio where the element volume is ignored, the element elsewhere', () => {
    expect(chooseVolumePath({ elementVolumeWorks: false, webAudio: true, forced: false })).toBe('web-audio');
    expect(chooseVolumePath({ elementVolumeWorks: true, webAudio: true, forced: false })).toBe('element');
  });

  it('takes the Web Audio path in a browser whose volume works only when the test switch is on', () => {
    expect(chooseVolumePath({ elementVolumeWorks: true, webAudio: true, forced: true })).toBe('web-audio');
  });

  it('keeps the element when the browser has no Web Audio, even when asked to force it', () => {
    expect(chooseVolumePath({ elementVolumeWorks: false, webAudio: false, forced: false })).toBe('element');
    expect(chooseVolumePath({ elementVolumeWorks: true, webAudio: false, forced: true })).toBe('element');
  });
});
