import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface DevicePickerProps {
  label: string;
  devices: readonly MediaDeviceInfo[];
  value: string | null;
  onChange: (deviceId: string) => void;
  testId: string;
}

/** A large native select for one kind of device (USB camera, speakerphone…). */
export function DevicePicker({ label, devices, value, onChange, testId }: DevicePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  if (devices.length === 0) return null;
  const selected = value && devices.some((d) => d.deviceId === value) ? value : (devices[0]?.deviceId ?? '');
  return (
    <div className="device-picker">
      <label className="device-picker__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="device-picker__select"
        value={selected}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      >
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.deviceId === 'default'
              ? `${t('venue.deviceDefault')}${device.label ? ` (${device.label.replace(/^Default - /, '')})` : ''}`
              : device.label || t('venue.deviceUnnamed', { kind: label, n: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
