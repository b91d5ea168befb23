/** 「12.3 MB」: file sizes in the units people see on their computers (1 MB = 1024 × 1024 bytes). */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'ja-JP', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
