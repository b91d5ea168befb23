import type { StaffLiveMessages } from './ja';

/** English messages of the `staffLive` namespace. Typed against the Japanese ones: a missing key is a type error. */
export const staffLiveEn: StaffLiveMessages = {
  trouble: '{{name}} ({{venue}}) would like to talk',
  gathering: 'Gathering: {{title}}',
  hint: 'Please reach them by phone or through the venue’s host.',
  handled: 'Handled',
  handling: 'Saving…',
  failed: 'Could not save. Please press again.',
  attendance: 'Attending {{total}} (venue {{venue}}, online {{online}}, phone {{phone}})',
  connectedNow: 'Connected now: {{n}}',
};
