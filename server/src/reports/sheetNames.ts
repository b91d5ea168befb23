/** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\, not starting or ending with ', unique ignoring case. */
const MAX_SHEET_NAME = 31;
const FORBIDDEN = /[[\]:*?/\\]/g;

/** Characters XML 1.0 does not allow; one in a cell or a sheet name makes Excel "repair" the file. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text safe to put in an .xlsx cell. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** Cuts to at most `max` UTF-16 units (Excel's count) without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/**
 * A valid sheet name from `wanted`, unique among `used` (lower-cased names, updated here):
 * forbidden characters become _, the name is cut to 31 characters, a repeat gets (2), (3)…
 */
export function uniqueSheetName(wanted: string, used: Set<string>): string {
  const clean = xmlSafe(wanted).replace(FORBIDDEN, '_');
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `(${n})`;
    const name = truncate(clean, MAX_SHEET_NAME - suffix.length).replace(/^'+|'+$/g, '') + suffix;
    const key = name.toLowerCase();
    if (name && !used.has(key)) {
      used.add(key);
      return name;
    }
  }
}
