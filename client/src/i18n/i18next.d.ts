import 'i18next';
import type { CaptionsMessages } from './captions/ja';
import type { CheckinMessages } from './checkins/ja';
import type { Messages } from './ja';
import type { LettersMessages } from './letters/ja';
import type { PhoneMessages } from './phone/ja';
import type { ProgramMessages } from './program/ja';
import type { LiveMessages } from './program/live/ja';
import type { StaffMessages } from './staff/ja';
import type { StaffLiveMessages } from './staffLive/ja';
import type { VenuesMessages } from './venues/ja';
import type { SurveyMessages } from './survey/ja';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    /**
     * One namespace per feature folder whose screens are lazy chunks (features/checkins, features/program,
     * features/program/live, features/staff, features/venues' people changes): each is loaded with the screens that use it (./checkins/index.ts,
     * ./program/index.ts, ./program/live/index.ts, ./staff/index.ts, ./venues/index.ts). `translation` is in the first download.
     */
    resources: {
      translation: Messages;
      checkins: CheckinMessages;
      program: ProgramMessages;
      live: LiveMessages;
      staff: StaffMessages;
      staffLive: StaffLiveMessages;
      venues: VenuesMessages;
      survey: SurveyMessages;
      phone: PhoneMessages;
      letters: LettersMessages;
      captions: CaptionsMessages;
    };
    returnNull: false;
  }
}
