import { describe, expect, it } from 'vitest';
import {
  addDays,
  addJapanMonths,
  addMonths,
  fiscalYearRange,
  japanDate,
  japanMonth,
  japanToday,
  japanWeekday,
  lastDayOf,
  lastMonthRange,
  monthsBetween,
} from '@shared/japanTime';

describe('addMonths (the one copy for server and client)', () => {
  it('walks forwards and backwards across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -11)).toBe('2025-04');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
    expect(addMonths('2024-02', 24)).toBe('2026-02');
    expect(addMonths('2026-07', 0)).toBe('2026-07');
  });

  it('keeps the year four digits, so months stay YYYY-MM and sort as text', () => {
    expect(addMonths('1000-01', -1)).toBe('0999-12');
    expect(addMonths('0999-12', 1)).toBe('1000-01');
    expect(monthsBetween('0999-11', '1000-02')).toEqual(['0999-11', '0999-12', '1000-01', '1000-02']);
  });
});

describe('Japan dates', () => {
  it('reads an instant as its Japan date, from a Date, an ISO string or milliseconds', () => {
    const lateEveningUtc = '2026-03-31T15:30:00Z'; // 00:30 on 1 April in Japan
    expect(japanDate(new Date(lateEveningUtc))).toBe('2026-04-01');
    expect(japanDate(lateEveningUtc)).toBe('2026-04-01');
    expect(japanDate(Date.parse(lateEveningUtc))).toBe('2026-04-01');
    expect(japanToday(new Date(lateEveningUtc))).toBe('2026-04-01');
    expect(japanMonth(new Date(lateEveningUtc))).toBe('2026-04');
    expect(japanWeekday(new Date(lateEveningUtc))).toBe(3);
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2025-12')).toBe('2025-12-31');
  });

  it('moves an instant by calendar months in Japan time, a missing day becoming the last one', () => {
    const augustThirtyFirst = new Date('2025-08-31T01:00:00Z');
    expect(addJapanMonths(augustThirtyFirst, 6).toISOString()).toBe('2026-02-28T01:00:00.000Z');
    expect(addJapanMonths(augustThirtyFirst, -6).toISOString()).toBe('2025-02-28T01:00:00.000Z');
  });

  it('gives last month and the fiscal year (April to March) of a day', () => {
    expect(lastMonthRange('2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(fiscalYearRange('2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(fiscalYearRange('2026-04-01')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
  });
});
