// A fast path for mod_proxy_http's date_canon: a backend date already written the way
// apr_rfc822_date writes it comes back unchanged, so recognising that form (with a weekday that
// agrees with the date) saves the parse and the re-format, and keeps the same string.

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Day-of-week offsets per month (Sakamoto's method).
const OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

/** The three ASCII chars at `at` as one 21-bit number, for a switch on the name; -1 past ASCII. */
function triple(s: string, at: number): number {
  const a = s.charCodeAt(at);
  const b = s.charCodeAt(at + 1);
  const c = s.charCodeAt(at + 2);
  return (a | b | c) > 0x7f ? -1 : (a << 14) | (b << 7) | c;
}

const key = (name: string) => triple(name, 0);
const SUN = key('Sun'), MON = key('Mon'), TUE = key('Tue'), WED = key('Wed'), THU = key('Thu'), FRI = key('Fri'), SAT = key('Sat');
const JAN = key('Jan'), FEB = key('Feb'), MAR = key('Mar'), APR = key('Apr'), MAY = key('May'), JUN = key('Jun');
const JUL = key('Jul'), AUG = key('Aug'), SEP = key('Sep'), OCT = key('Oct'), NOV = key('Nov'), DEC = key('Dec');

/** apr_day_snames index of the weekday at 0, or -1. */
function weekday(s: string): number {
  switch (triple(s, 0)) {
    case SUN: return 0;
    case MON: return 1;
    case TUE: return 2;
    case WED: return 3;
    case THU: return 4;
    case FRI: return 5;
    case SAT: return 6;
    default: return -1;
  }
}

/** apr_month_snames index of the month at 8, or -1. */
function month(s: string): number {
  switch (triple(s, 8)) {
    case JAN: return 0;
    case FEB: return 1;
    case MAR: return 2;
    case APR: return 3;
    case MAY: return 4;
    case JUN: return 5;
    case JUL: return 6;
    case AUG: return 7;
    case SEP: return 8;
    case OCT: return 9;
    case NOV: return 10;
    case DEC: return 11;
    default: return -1;
  }
}

/** Two decimal digits at `i` as a number, or a value above 99 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  // An unsigned compare catches both sides of 0-9 at once.
  return a >>> 0 > 9 || b >>> 0 > 9 ? 100 : a * 10 + b;
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
  // ", " after the weekday, the blanks between the fields, the colons and " GMT".
  if (
    value.charCodeAt(3) !== 44 || value.charCodeAt(4) !== 32 || value.charCodeAt(7) !== 32 ||
    value.charCodeAt(11) !== 32 || value.charCodeAt(16) !== 32 || value.charCodeAt(19) !== 58 ||
    value.charCodeAt(22) !== 58 || value.charCodeAt(25) !== 32 || value.charCodeAt(26) !== 71 ||
    value.charCodeAt(27) !== 77 || value.charCodeAt(28) !== 84
  ) {
    return false;
  }
  const day = twoDigits(value, 5);
  const hi = twoDigits(value, 12);
  const lo = twoDigits(value, 14);
  const hour = twoDigits(value, 17);
  const min = twoDigits(value, 20);
  const sec = twoDigits(value, 23);
  if (day < 1 || hi > 99 || lo > 99 || hour > 23 || min > 59 || sec > 59) return false;
  const m = month(value);
  const wday = weekday(value);
  if (m < 0 || wday < 0) return false;
  const year = hi * 100 + lo;
  if (year < 1970 || day > MONTH_DAYS[m]) return false;
  if (m === 1 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  // The epoch itself is APR's "bad date" (0): left to the full path.
  if (year === 1970 && m === 0 && day === 1 && hour === 0 && min === 0 && sec === 0) return false;
  // Years here are positive: integer division by truncation is the floor.
  const y = m < 2 ? year - 1 : year;
  const w = (y + ((y / 4) | 0) - ((y / 100) | 0) + ((y / 400) | 0) + OFFSETS[m] + day) % 7;
  return w === wday;
}
