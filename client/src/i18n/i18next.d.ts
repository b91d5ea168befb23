import 'i18next';
import type { AccountsMessages } from './staff/ja';
import type { CheckinMessages } from './checkins/ja';
import type { ProgramMessages } from './program/ja';
import type { Messages } from './ja';
import type { LiveMessages } from './program/live/ja';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    /** `checkins`, `program`, `live` and `accounts` are loaded with the screens that use them (./checkins/index.ts, ./program/index.ts, ./live/index.ts, ./accounts/index.ts). */
    resources: {
      translation: Messages;
      checkins: CheckinMessages;
      program: ProgramMessages;
      live: LiveMessages;
      accounts: AccountsMessages;
    };
    returnNull: false;
  }
}
