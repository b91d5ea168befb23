/**
 * DTMF by SIP INFO, the fallback when the trunk does not send RFC 4733 events in the RTP:
 * `application/dtmf-relay` (`Signal=5\r\nDuration=160`) and `application/dtmf` (the digit alone).
 * Returns the digit, null for a body of the right type we cannot read, undefined for another content type.
 */
export function dtmfFromInfo(contentType: string, body: string): string | null | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/dtmf-relay') {
    const signal = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(body);
    return signal ? digitOf(signal[1]!) : null;
  }
  if (type === 'application/dtmf') return digitOf(body.trim());
  return undefined;
}

const EVENT_DIGITS = '0123456789*#ABCD';

function digitOf(text: string): string | null {
  if (/^[0-9*#A-Da-d]$/.test(text)) return text.toUpperCase();
  // Some gateways send the RFC 4733 event number (10 = *, 11 = #).
  if (/^1[0-5]$/.test(text)) return EVENT_DIGITS[Number(text)] ?? null;
  return null;
}
