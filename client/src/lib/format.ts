/** "11月22日(土) 10:00〜11:30" in Japanese, "Sat, 22 Nov, 10:00–11:30" in English. */
export function formatSessionTime(
  startsAt: string,
  endsAt: string,
  language: string,
  rangeTemplate: (start: string, end: string) => string,
): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime())) return '';
  const locale = language === 'en' ? 'en-GB' : 'ja-JP';
  const day = new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'Asia/Tokyo' }).format(start);
  const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'Asia/Tokyo' });
  const startTime = time.format(start);
  if (Number.isNaN(end.getTime())) return `${day} ${startTime}`;
  return `${day} ${rangeTemplate(startTime, time.format(end))}`;
}

/** 「9:30」: a time of day in Japan, whatever the device's time zone. */
export function formatJapanTimeOfDay(instant: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'ja-JP';
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'Asia/Tokyo' }).format(new Date(instant));
}
