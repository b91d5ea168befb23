/**
 * Japanese telephone numbers, as staff type them and as a SIP trunk gives them: 03-1234-5678, 090 1234 5678,
 * ０９０…, +81 90…, 81901234… and `tel:`/`sip:` forms all become one E.164 string (+81…), which is what is stored
 * and compared. Numbers outside Japan are accepted in E.164 (+ and 8–15 digits).
 */

/** A few numbers per person (自宅, 携帯 …): beyond this the form says so. */
export const PHONE_NUMBERS_PER_PARTICIPANT = 3;

/** 自宅, 携帯, その他. */
export const PHONE_NUMBER_LABELS = ['home', 'mobile', 'other'] as const;

/** Japan's country code. */
const JAPAN = '81';

/** Japanese national numbers are 10 digits (固定, 0A0 except 050) or 11 (050/070/080/090, 0120 is 10): with the 0. */
const NATIONAL = /^0[1-9]\d{8,9}$/;
const E164 = /^\+[1-9]\d{7,14}$/;

/** The longest number staff may type. */
export const PHONE_NUMBER_INPUT_MAX = 40;
/** The longest text considered at all (a trunk's `sip:…@host;user=phone`); anything longer is not a number. */
const TEXT_MAX = 200;

/**
 * The E.164 form of a number, or null when it is not a telephone number. Full-width digits, hyphens (any dash),
 * spaces, dots and brackets are ignored; a leading 0 is a Japanese national number; +81 / 81 and a national
 * number that kept its 0 (+81 03…) are understood.
 */
export function normalisePhoneNumber(input: string): string | null {
  if (input.length > TEXT_MAX) return null;
  let text = input
    .normalize('NFKC')
    .trim()
    .replace(/^(tel|sip|sips):/i, '')
    .replace(/@.*$/, '')
    .replace(/;.*$/, '');
  text = text.replace(/[\s\-‐‑‒–—―−ー.()（）]/g, '');
  if (!/^\+?\d+$/.test(text)) return null;
  if (text.startsWith('+')) return fromInternational(text.slice(1));
  if (text.startsWith('00')) return null;
  if (text.startsWith('0')) return NATIONAL.test(text) ? `+${JAPAN}${text.slice(1)}` : null;
  if (text.startsWith(JAPAN)) return fromInternational(text);
  return null;
}

function fromInternational(digits: string): string | null {
  if (digits.startsWith(JAPAN)) {
    const national = digits.slice(JAPAN.length);
    const withZero = national.startsWith('0') ? national : `0${national}`;
    return NATIONAL.test(withZero) ? `+${JAPAN}${withZero.slice(1)}` : null;
  }
  const e164 = `+${digits}`;
  return E164.test(e164) ? e164 : null;
}

/**
 * How a stored number is shown: Japanese numbers in national form with hyphens where the split is certain
 * (携帯・IP 0X0-XXXX-XXXX, 東京 03 and 大阪 06 0X-XXXX-XXXX, フリーダイヤル 0120-XXX-XXX), other
 * national numbers as digits; other countries in E.164.
 */
export function formatPhoneNumber(e164: string): string {
  if (!e164.startsWith(`+${JAPAN}`)) return e164;
  const national = `0${e164.slice(JAPAN.length + 1)}`;
  if (/^0[5789]0\d{8}$/.test(national)) return `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
  if (/^0[36]\d{8}$/.test(national)) return `${national.slice(0, 2)}-${national.slice(2, 6)}-${national.slice(6)}`;
  if (/^0120\d{6}$/.test(national)) return `${national.slice(0, 4)}-${national.slice(4, 7)}-${national.slice(7)}`;
  return national;
}

/** A 電話番号用の番号 (keypad number): six digits. */
export const KEYPAD_NUMBER_LENGTH = 6;
export const KEYPAD_NUMBER_PATTERN = /^\d{6}$/;
