import { randomInt } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { KEYPAD_NUMBER_LENGTH } from '@shared/phone/numbers';
import type { Db } from '../db/client';
import { phoneKeypadNumbers } from '../db/schema';

type DbOrTx = Pick<Db, 'select' | 'insert' | 'update'>;

/** Tries before giving up on finding a free number (a million values; an organisation has hundreds of people). */
const MAX_TRIES = 50;

/**
 * Numbers nobody should get: one digit repeated (111111), a run up or down (123456, 987654), or two halves the same
 * (123123): the first ones a stranger would try, and easy to mistype into someone else's.
 */
export function isGuessableKeypadNumber(digits: string): boolean {
  const d = [...digits].map(Number);
  const steps = d.slice(1).map((n, i) => (n - d[i]! + 10) % 10);
  if (steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9)) return true;
  const half = digits.length / 2;
  return digits.slice(0, half) === digits.slice(half);
}

/** Six random digits from the system's CSPRNG, never a guessable one. */
export function randomKeypadNumber(): string {
  for (;;) {
    const digits = String(randomInt(0, 10 ** KEYPAD_NUMBER_LENGTH)).padStart(KEYPAD_NUMBER_LENGTH, '0');
    if (!isGuessableKeypadNumber(digits)) return digits;
  }
}

export interface KeypadNumberRow {
  keypadNumber: string;
  issuedAt: Date;
}

/** Issues a new random keypad number to the participant, replacing theirs if they had one; unique in the organisation. */
export async function issueKeypadNumber(tx: DbOrTx, participantId: string, organisationId: string, now: Date): Promise<KeypadNumberRow> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const keypadNumber = randomKeypadNumber();
    const [taken] = await tx
      .select({ participantId: phoneKeypadNumbers.participantId })
      .from(phoneKeypadNumbers)
      .where(and(eq(phoneKeypadNumbers.organisationId, organisationId), eq(phoneKeypadNumbers.keypadNumber, keypadNumber)))
      .limit(1);
    if (taken) continue;
    await tx
      .insert(phoneKeypadNumbers)
      .values({ participantId, organisationId, keypadNumber, issuedAt: now })
      .onConflictDoUpdate({ target: phoneKeypadNumbers.participantId, set: { keypadNumber, issuedAt: now } });
    return { keypadNumber, issuedAt: now };
  }
  throw new Error('No free keypad number found');
}

/** The participant's keypad number, issued now if they have none yet. */
export async function ensureKeypadNumber(tx: DbOrTx, participantId: string, organisationId: string, now: Date): Promise<KeypadNumberRow> {
  return (await keypadNumberOf(tx, participantId)) ?? (await issueKeypadNumber(tx, participantId, organisationId, now));
}

export async function keypadNumberOf(db: Pick<Db, 'select'>, participantId: string): Promise<KeypadNumberRow | undefined> {
  const [row] = await db
    .select({ keypadNumber: phoneKeypadNumbers.keypadNumber, issuedAt: phoneKeypadNumbers.issuedAt })
    .from(phoneKeypadNumbers)
    .where(eq(phoneKeypadNumbers.participantId, participantId))
    .limit(1);
  return row;
}

/** The keypad numbers of these people (those who have one), by participant. */
export async function keypadNumbersOf(db: Pick<Db, 'select'>, participantIds: readonly string[]): Promise<Map<string, string>> {
  if (participantIds.length === 0) return new Map();
  const rows = await db
    .select({ participantId: phoneKeypadNumbers.participantId, keypadNumber: phoneKeypadNumbers.keypadNumber })
    .from(phoneKeypadNumbers)
    .where(inArray(phoneKeypadNumbers.participantId, [...participantIds]));
  return new Map(rows.map((r) => [r.participantId, r.keypadNumber]));
}
