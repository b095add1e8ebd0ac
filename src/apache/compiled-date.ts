// A fast path for mod_proxy_http's date_canon: a backend date already written the way
// apr_rfc822_date writes it comes back unchanged, so recognising that form (with a weekday that
// agrees with the date) saves the parse and the re-format, and keeps the same string.

const DAYS = 'SunMonTueWedThuFriSat';
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Day-of-week offsets per month (Sakamoto's method).
const OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Index of the three letters at `at` in a list of three-letter names, or -1. */
function nameIndex(list: string, s: string, at: number): number {
  for (let k = 0; k < list.length; k += 3) {
    if (s.charCodeAt(at) === list.charCodeAt(k) && s.charCodeAt(at + 1) === list.charCodeAt(k + 1) && s.charCodeAt(at + 2) === list.charCodeAt(k + 2)) {
      return k / 3;
    }
  }
  return -1;
}

/**
 * Whether `value` is exactly what `canonicalDate` returns for it: `Www, DD Mon YYYY HH:MM:SS GMT`
 * with a real calendar date after the epoch (years 1970-9999), seconds 00-59 (60 and 61 roll
 * over) and the weekday of that date. When true, date_canon would write the same bytes back.
 *
 * @example
 * isCanonicalDate('Sun, 06 Nov 1994 08:49:37 GMT') // true
 * isCanonicalDate('Mon, 06 Nov 1994 08:49:37 GMT') // false: 1994-11-06 was a Sunday
 */
export function isCanonicalDate(value: string): boolean {
  if (value.length !== 29) return false;
  if (value.charCodeAt(3) !== 44 || value.charCodeAt(4) !== 32 || value.charCodeAt(7) !== 32) return false;
  if (value.charCodeAt(11) !== 32 || value.charCodeAt(16) !== 32 || value.charCodeAt(19) !== 58) return false;
  if (value.charCodeAt(22) !== 58 || !value.endsWith(' GMT', 29)) return false;
  const wday = nameIndex(DAYS, value, 0);
  const month = nameIndex(MONTHS, value, 8);
  const day = twoDigits(value, 5);
  const hi = twoDigits(value, 12);
  const lo = twoDigits(value, 14);
  const hour = twoDigits(value, 17);
  const min = twoDigits(value, 20);
  const sec = twoDigits(value, 23);
  if (wday < 0 || month < 0 || day < 1 || hi < 0 || lo < 0 || hour < 0 || min < 0 || sec < 0) return false;
  if (hour > 23 || min > 59 || sec > 59) return false;
  const year = hi * 100 + lo;
  if (year < 1970 || day > MONTH_DAYS[month]) return false;
  if (month === 1 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  // The epoch itself is APR's "bad date" (0): left to the full path.
  if (year === 1970 && month === 0 && day === 1 && hour === 0 && min === 0 && sec === 0) return false;
  const y = month < 2 ? year - 1 : year;
  const w = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + OFFSETS[month] + day) % 7;
  return w === wday;
}
