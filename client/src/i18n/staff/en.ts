import type { StaffMessages } from './ja';

/** English messages of the `staff` namespace. Typed against the Japanese ones: a missing key is a type error. */
export const staffEn: StaffMessages = {
  title: 'Staff accounts',
  lead: 'The organisers and hosts of this organisation. Five wrong passwords lock an account for 15 minutes.',
  open: 'Open staff accounts',
  dashboardNote: 'Lift a lock, stop or restart an account, change a host’s venues.',
  none: 'No accounts.',
  you: '(you)',
  email: 'Email',
  role: 'Role',
  venues: 'Venues',
  allVenues: 'All venues',
  noVenues: 'None',
  state: 'State',
  active: 'Active',
  locked: 'Locked (until {{until}})',
  disabled: 'Stopped',
  unlock: 'Lift the lock',
  unlocked: 'The lock is lifted.',
  disable: 'Stop',
  enable: 'Restart',
  disabledNote: 'The account is stopped. This person’s devices are signed out at once.',
  enabledNote: 'The account is active again and can sign in.',
  disableConfirmTitle: 'Stop the account of {{name}}?',
  disableConfirmBody:
    'Once stopped, this person cannot sign in, and their devices (the venue tablet too) leave any gathering at once. You can restart it later.',
  disableYes: 'Stop',
  changeVenues: 'Change venues',
  venuesLegend: 'Venues {{name}} hosts',
  saveVenues: 'Save the venues',
  venuesSaved: 'The venues are changed. A device showing a gathering of a venue taken away leaves it at once.',
};
