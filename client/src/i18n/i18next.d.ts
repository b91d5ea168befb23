import 'i18next';
import type { CheckinMessages } from './checkins/ja';
import type { Messages } from './ja';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    /** `checkins` is loaded with the screens that use it (./checkins/index.ts). */
    resources: { translation: Messages; checkins: CheckinMessages };
    returnNull: false;
  }
}
