import type { VenuesMessages } from './ja';

/** English messages of the `venues` namespace (see ./ja.ts). */
export const venuesEn: VenuesMessages = {
  former: 'People who left ({{count}})',
  erasedName: '(record erased)',
  status: {
    paused: 'Taking a break',
    pausedUntil: 'Taking a break (until {{date}})',
    left: 'Left',
    erased: 'Record erased',
  },
  changes: {
    open: 'Break · move · leave',
    title: 'Changes for {{name}}',
    pauseTitle: 'A break (hospital stay etc.)',
    until: 'Last day of the break',
    untilHint: 'Leave empty if not known. The roster shows “taking a break”, and missed sessions do not put them on the watch list.',
    pause: 'Start the break',
    paused: 'On a break. The roster shows “taking a break”.',
    resume: 'End the break (they can come again)',
    resumed: 'The break has ended.',
    moveTitle: 'Move to another venue',
    moveTo: 'Venue to move to',
    moveNote: 'Their past attendance and check-ins stay with this venue. Their current card works at the new venue.',
    move: 'Move',
    moved: 'Moved to {{venue}}.',
    leave: 'Leaves the group',
    leaveConfirmTitle: 'Is {{name}} leaving?',
    leaveConfirmBody: 'Their card’s link stops at once, and they leave the rosters and the watch list. Past attendance stays.',
    leaveYes: 'Leaves',
    left: 'Marked as left. Their link has stopped.',
    erase: 'Erase their record (on request)',
    eraseConfirmTitle: 'Erase {{name}}’s record?',
    eraseConfirmBody:
      'Name, contact, notes, check-in answers, questionnaires and watch-over notes are deleted. This cannot be undone. Attendance stays without a name, so the counts do not change.',
    eraseYes: 'Erase',
    erased: 'The record has been erased.',
  },
};
