// A fast path for mod_proxy_http's date_canon: a backend date already written the way
// apr_rfc822_date writes it comes back unchanged, so recognising that form (with a weekday that
// agrees with the date) saves the parse and the re-format, and keeps the same string.

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Day-of-week offsets per month (Sakamoto's method).
const OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
// apr_day_snames as their three char codes in one number.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].map((d) => (d.charCodeAt(0) << 16) | (d.charCodeAt(1) << 8) | d.charCodeAt(2));

// Blanks, separators, digits and letter cases in one small native scan (hours 00-23, minutes and
// seconds 00-59); the names and the calendar are read after it.
const SHAPE = /^[A-Z][a-z][a-z], [0-3]\d [A-Z][a-z][a-z] \d\d\d\d (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d GMT$/;

/** apr_month_snames index of the month at 8, or -1. */
function month(s: string): number {
  const b = s.charCodeAt(9);
  const c = s.charCodeAt(10);
  switch (s.charCodeAt(8)) {
    case 74: // J
      if (b === 97) return c === 110 ? 0 : -1;
      return b === 117 ? (c === 110 ? 5 : c === 108 ? 6 : -1) : -1;
    case 70: return b === 101 && c === 98 ? 1 : -1;
    case 77: return b === 97 ? (c === 114 ? 2 : c === 121 ? 4 : -1) : -1;
    case 65: return b === 112 ? (c === 114 ? 3 : -1) : b === 117 && c === 103 ? 7 : -1;
    case 83: return b === 101 && c === 112 ? 8 : -1;
    case 79: return b === 99 && c === 116 ? 9 : -1;
    case 78: return b === 111 && c === 118 ? 10 : -1;
    case 68: return b === 101 && c === 99 ? 11 : -1;
    default: return -1;
  }
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
  if (value.length !== 29 || !SHAPE.test(value)) return false;
  const m = month(value);
  if (m < 0) return false;
  // '0' * 11 and '0' * 1111: the digits' offsets, taken off once.
  const day = value.charCodeAt(5) * 10 + value.charCodeAt(6) - 528;
  const year = value.charCodeAt(12) * 1000 + value.charCodeAt(13) * 100 + value.charCodeAt(14) * 10 + value.charCodeAt(15) - 53328;
  if (day === 0 || day > MONTH_DAYS[m] || year < 1970) return false;
  // The epoch itself is APR's "bad date" (0): left to the full path. Tested on the numbers, not by
  // comparing the 29 characters with a constant (a string compare costs more than the rest).
  if (year === 1970 && m === 0 && day === 1 && value.startsWith('00:00:00', 17)) return false;
  if (m === 1 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  // Years here are positive: integer division by truncation is the floor.
  const y = m < 2 ? year - 1 : year;
  const w = (y + ((y / 4) | 0) - ((y / 100) | 0) + ((y / 400) | 0) + OFFSETS[m] + day) % 7;
  return ((value.charCodeAt(0) << 16) | (value.charCodeAt(1) << 8) | value.charCodeAt(2)) === DAYS[w];
}
