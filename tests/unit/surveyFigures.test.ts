import { describe, expect, it } from 'vitest';
import { ageBand, frequencyClass, sizeBand } from '../../server/src/survey/figures';
import { fiscalMonths } from '../../server/src/survey/service';

describe("the survey's classes, at their edges", () => {
  it('開催頻度 from held sessions per month: 4 → 週1回以上, 3 and 2 → 月2回以上4回未満, 1 → 月1回以上2回未満', () => {
    expect([4, 5, 3, 2, 1, 0].map((n) => frequencyClass(n, 1))).toEqual([
      '週1回以上',
      '週1回以上',
      '月2回以上4回未満',
      '月2回以上4回未満',
      '月1回以上2回未満',
      '開催なし',
    ]);
    // A year: 44 in 11 months is 4 a month; 43 is less; 11 is monthly; 10 is below.
    expect([44, 43, 22, 21, 11, 10].map((n) => frequencyClass(n, 11))).toEqual([
      '週1回以上',
      '月2回以上4回未満',
      '月2回以上4回未満',
      '月1回以上2回未満',
      '月1回以上2回未満',
      '月1回未満',
    ]);
  });

  it('参加者数の区分 from the average rounded half up: 20.49 → 1〜20人, 20.5 → 21〜40人, 100.5 → 101人以上', () => {
    expect([1, 20, 20.49, 20.5, 40, 41, 60.5, 80, 100, 100.49, 100.5, 250].map(sizeBand)).toEqual([
      '1〜20人',
      '1〜20人',
      '1〜20人',
      '21〜40人',
      '21〜40人',
      '41〜60人',
      '61〜80人',
      '61〜80人',
      '81〜100人',
      '81〜100人',
      '101人以上',
      '101人以上',
    ]);
  });

  it('年齢 is the reference year minus the birth year: 74 → 65〜74歳, 75 → 75歳以上, 64 → 65歳未満, none → 年齢不明', () => {
    expect([1952, 1951, 1961, 1962, null].map((year) => ageBand(year, 2026))).toEqual([
      '65〜74歳',
      '75歳以上',
      '65〜74歳',
      '65歳未満',
      '年齢不明',
    ]);
  });

  it('the fiscal year of a month runs from April: March 2026 is in fiscal 2025, April 2026 starts fiscal 2026', () => {
    expect(fiscalMonths('2026-03')).toHaveLength(12);
    expect(fiscalMonths('2026-03')[0]).toBe('2025-04');
    expect(fiscalMonths('2026-04')).toEqual(['2026-04']);
  });
});
