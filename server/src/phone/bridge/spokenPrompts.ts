import type { PhoneRefused } from '../directory';
import type { IvrPrompt } from '../ivr';
import type { PromptId } from '../promptList';

const JAPAN_OFFSET_MS = 9 * 3_600_000;

/** 「9時30分」 as prompts, for times on the quarter hour (others are not said: a wrong time is worse than none). */
export function spokenTime(instant: Date): PromptId[] | null {
  const japan = new Date(instant.getTime() + JAPAN_OFFSET_MS);
  const minutes = japan.getUTCMinutes();
  const hour = `hour-${japan.getUTCHours()}` as PromptId;
  if (minutes === 0) return [hour];
  if (minutes === 15 || minutes === 30 || minutes === 45) return [hour, `minute-${minutes}`];
  return null;
}

/** Why the caller cannot join now, in words: what happened, when it opens if it opens today, goodbye. */
export function refusalPrompts(refusal: PhoneRefused): PromptId[] {
  switch (refusal.reason) {
    case 'NOT_YET_OPEN': {
      const at = refusal.opensAt ? spokenTime(refusal.opensAt) : null;
      return at ? ['no-gathering-now', 'opens-at', ...at, 'from-suffix', 'goodbye'] : ['no-gathering-now', 'goodbye'];
    }
    case 'SESSION_ENDED':
      return ['gathering-ended', 'goodbye'];
    case 'SESSION_CANCELLED':
      return ['gathering-cancelled', 'goodbye'];
    case 'NO_ACTIVE_SESSION':
      return ['no-gathering-now', 'goodbye'];
    case 'TOO_MANY_ATTEMPTS':
    case 'WRONG_KEYPAD_NUMBER':
      return ['wrong-keypad-number-goodbye'];
    default:
      // Paused, left, erased, a line of no organisation: nothing the caller can do by phone; staff can.
      return ['cannot-join'];
  }
}

/** The recorded prompts that say what the dialog means; `noGathering` says why, from the directory's refusal. */
export function promptsFor(prompt: IvrPrompt, refusal: PhoneRefused | null): PromptId[] {
  switch (prompt) {
    case 'welcome':
      return ['welcome'];
    case 'enterPin':
      return ['enter-keypad-number'];
    case 'wrongPinRetry':
      return ['wrong-keypad-number-retry'];
    case 'wrongPinGoodbye':
      return ['wrong-keypad-number-goodbye'];
    case 'noGathering':
      return refusal ? refusalPrompts(refusal) : ['no-gathering-now', 'goodbye'];
    case 'joined':
      return ['joined'];
    case 'selfMuted':
      return ['self-muted'];
    case 'selfUnmuted':
      return ['self-unmuted'];
    case 'handRaised':
      return ['hand-raised'];
    case 'goodbye':
      return ['goodbye'];
  }
}
