import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, normalisePhoneNumber } from '@shared/phone/numbers';
import { isGuessableKeypadNumber, randomKeypadNumber } from '../../server/src/phone/keypadNumbers';

describe('normalisePhoneNumber', () => {
  it.each([
    ['03-1234-5678', '+81312345678'],
    ['０３（１２３４）５６７８', '+81312345678'],
    ['090 1234 5678', '+819012345678'],
    ['+81 90-1234-5678', '+819012345678'],
    ['+81 090 1234 5678', '+819012345678'],
    ['819012345678', '+819012345678'],
    ['sip:0312345678@trunk.example.jp;user=phone', '+81312345678'],
    ['tel:+81-50-1234-5678', '+815012345678'],
    ['0120-123-456', '+81120123456'],
    ['+1 202 555 0143', '+12025550143'],
  ])('reads %s as %s', (input, e164) => {
    expect(normalisePhoneNumber(input)).toBe(e164);
  });

  it.each(['', '12345', '0312345', '031234567890', '00 1 202 555 0143', 'abc', '090-1234-567８9', '+81 5', '0'.repeat(300)])(
    'refuses %s',
    (input) => {
      expect(normalisePhoneNumber(input)).toBeNull();
    },
  );
});

describe('formatPhoneNumber', () => {
  it('shows Japanese numbers in national form with hyphens where the split is certain', () => {
    expect(formatPhoneNumber('+819012345678')).toBe('090-1234-5678');
    expect(formatPhoneNumber('+81312345678')).toBe('03-1234-5678');
    expect(formatPhoneNumber('+81452345678')).toBe('0452345678');
    expect(formatPhoneNumber('+12025550143')).toBe('+12025550143');
  });
});

describe('keypad numbers', () => {
  it('never issues a repeated digit, a run or two equal halves', () => {
    for (const guessable of ['000000', '111111', '123456', '987654', '890123', '123123'])
      expect(isGuessableKeypadNumber(guessable)).toBe(true);
    expect(isGuessableKeypadNumber('583920')).toBe(false);
    for (let i = 0; i < 2000; i++) {
      const n = randomKeypadNumber();
      expect(n).toMatch(/^\d{6}$/);
      expect(isGuessableKeypadNumber(n)).toBe(false);
    }
  });
});
