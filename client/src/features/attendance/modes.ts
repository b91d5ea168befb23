import type { AttendanceMode } from '@shared/attendance/schemas';

export const MODES: readonly AttendanceMode[] = ['venue', 'online', 'phone'];

/**
 * One colour per way of attending, the same in the chart and in the attendance marks. Marks also
 * carry a letter (会/オ/電), so colour is never the only cue. Okabe–Ito hues, darkened for white text.
 */
export const MODE_COLOURS: Record<AttendanceMode, { fill: string; text: string }> = {
  venue: { fill: '#0b3d91', text: '#ffffff' },
  online: { fill: '#e69f00', text: '#111111' },
  phone: { fill: '#00704f', text: '#ffffff' },
};
