import { useTranslation } from 'react-i18next';
import type { CallClient } from '../../call/CallClient';
import { canChooseSpeaker } from '../../call/media';
import type { CallSnapshot } from '../../call/types';
import { useMediaDevices } from '../../call/useMediaDevices';
import { DevicePicker } from './DevicePicker';
import { MicLevelMeter } from './MicLevelMeter';
import { SpeakerTestButton } from './SpeakerTestButton';

interface DeviceSettingsProps {
  client: CallClient;
  snapshot: CallSnapshot;
}

/** Camera, microphone and speaker pickers for the venue (USB cameras and speakerphones). */
export function DeviceSettings({ client, snapshot }: DeviceSettingsProps) {
  const { t } = useTranslation();
  // Names are only listed once a track was allowed: list again when the tracks change.
  const devices = useMediaDevices(`${snapshot.mic.track?.id ?? ''}|${snapshot.camera.track?.id ?? ''}`);
  const speakerChoice = canChooseSpeaker() && devices.speakers.length > 0;
  const currentCamera = snapshot.camera.track?.getSettings().deviceId ?? snapshot.camera.deviceId;
  const currentMic = snapshot.mic.track?.getSettings().deviceId ?? snapshot.mic.deviceId;
  return (
    <section className="device-settings" aria-label={t('venue.devices')}>
      <DevicePicker
        label={t('venue.cameraLabel')}
        devices={devices.cameras}
        value={currentCamera}
        onChange={(id) => void client.selectCamera(id)}
        testId="camera-select"
      />
      <DevicePicker
        label={t('venue.microphoneLabel')}
        devices={devices.microphones}
        value={currentMic}
        onChange={(id) => void client.selectMicrophone(id)}
        testId="mic-select"
      />
      <MicLevelMeter track={snapshot.mic.track} />
      {speakerChoice ? (
        <>
          <DevicePicker
            label={t('venue.speakerLabel')}
            devices={devices.speakers}
            value={snapshot.speakerId}
            onChange={(id) => client.selectSpeaker(id)}
            testId="speaker-select"
          />
          <SpeakerTestButton sinkId={snapshot.speakerId} />
        </>
      ) : (
        <>
          <p className="device-settings__note">{t('venue.speakerUnsupported')}</p>
          <SpeakerTestButton sinkId={null} />
        </>
      )}
    </section>
  );
}
