import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../../server/src/reports/routes';
import { addMonths, japanDateRange, japanMonthRange, monthsBetween } from '@shared/japanTime';
import { uniqueSheetName } from '../../../server/src/reports/sheetNames';

describe('sheet names', () => {
  it('replaces the characters Excel forbids and keeps at most 31 characters', () => {
    expect(uniqueSheetName('集計_会議室[1]: 東/西*?\\', new Set())).toBe('集計_会議室_1__ 東_西___');
    const long = uniqueSheetName(`集計_${'あ'.repeat(40)}`, new Set());
    expect(long).toBe(`集計_${'あ'.repeat(28)}`);
    expect(long.length).toBe(31);
  });

  it('never splits a surrogate pair and drops an apostrophe at the end', () => {
    expect(uniqueSheetName(`集計_${'𠮷'.repeat(20)}`, new Set())).toBe(`集計_${'𠮷'.repeat(14)}`);
    expect(uniqueSheetName("集計_まつば'", new Set())).toBe('集計_まつば');
  });

  it('numbers repeats, ignoring case, and stays within 31 characters', () => {
    const used = new Set<string>();
    const name = `集計_${'い'.repeat(40)}`;
    expect(uniqueSheetName(name, used)).toBe(`集計_${'い'.repeat(28)}`);
    expect(uniqueSheetName(name, used)).toBe(`集計_${'い'.repeat(25)}(2)`);
    expect(uniqueSheetName('集計_Hall', used)).toBe('集計_Hall');
    expect(uniqueSheetName('集計_HALL', used)).toBe('集計_HALL(2)');
  });
});

describe('Japan-time periods', () => {
  it('walks months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -11)).toBe('2025-04');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('turns Japan dates and months into UTC instants, end exclusive', () => {
    expect(japanDateRange('2026-02-01', '2026-02-01')).toEqual({
      fromMs: Date.parse('2026-01-31T15:00:00Z'),
      toMs: Date.parse('2026-02-01T15:00:00Z'),
    });
    expect(japanMonthRange('2025-04', '2026-03')).toEqual({
      fromMs: Date.parse('2025-03-31T15:00:00Z'),
      toMs: Date.parse('2026-03-31T15:00:00Z'),
    });
  });
});

describe('download file names', () => {
  it('sends the Japanese name encoded, with an ASCII fallback', () => {
    expect(contentDisposition('出欠_2026-04-01_2026-09-30.csv')).toBe(
      'attachment; filename="attendance_2026-04-01_2026-09-30.csv"; filename*=UTF-8\'\'%E5%87%BA%E6%AC%A0_2026-04-01_2026-09-30.csv',
    );
  });
});
