/**
 * RFC 4733 telephone-events → keypad digits. A phone sends each key press as many packets with the same RTP
 * timestamp (start, updates, and the end packet three times); the digit is reported once, on the first packet
 * seen of that event, so a lost start packet or a repeated end packet changes nothing.
 */
const DIGITS = '0123456789*#ABCD';
/** Events already reported, remembered by RTP timestamp; a few are enough to absorb late repeats. */
const REMEMBERED_EVENTS = 8;

export class TelephoneEventReader {
  private readonly seen: number[] = [];

  /** The digit this packet starts, or null (a repeat of a digit already reported, or not a keypad event). */
  read(timestamp: number, payload: Buffer): string | null {
    if (payload.length < 4) return null;
    const digit = DIGITS[payload[0]!];
    if (digit === undefined) return null;
    if (this.seen.includes(timestamp)) return null;
    this.seen.push(timestamp);
    if (this.seen.length > REMEMBERED_EVENTS) this.seen.shift();
    return digit;
  }
}
