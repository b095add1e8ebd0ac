// mod_proxy_http's `date_canon` for the backend's `Date`, `Expires` and `Last-Modified` headers:
// APR's `apr_date_parse_http` (apr-util 1.6, misc/apr_date.c) followed by `apr_rfc822_date`
// (apr 1.7, time/unix/timestr.c). Pure civil-date arithmetic: no `Date`, no clock, no time zone.

import { isSpaceCode } from '../core/ascii.js';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// apr_date_checkmask masks. `@` A-Z, `$` a-z, `#` digit, `~` digit or space, `*` anything may
// follow; any other character must be itself. All four end in `*`, so only the prefix counts.
const MASK_RFC1123 = '## @$$ #### ##:##:## *';
const MASK_RFC850 = '##-@$$-## ##:##:## *';
const MASK_ASCTIME = '@$$ ~# ##:##:## ####*';
const MASK_RFC1123_DAY1 = '# @$$ #### ##:##:## *';

/** Whether `s` at `at` fits `mask` (apr_date_checkmask). Past the end reads as C's NUL, which fits nothing. */
function fitsMask(s: string, at: number, mask: string): boolean {
  for (let i = 0; i < mask.length; i++) {
    const m = mask.charCodeAt(i);
    if (m === 42) return true; // '*'
    const c = at + i < s.length ? s.charCodeAt(at + i) : 0;
    switch (m) {
      case 64: // '@'
        if (c < 65 || c > 90) return false;
        break;
      case 36: // '$'
        if (c < 97 || c > 122) return false;
        break;
      case 35: // '#'
        if (c < 48 || c > 57) return false;
        break;
      case 126: // '~'
        if (c !== 32 && (c < 48 || c > 57)) return false;
        break;
      default:
        if (c !== m) return false;
    }
  }
  return true;
}

/** Two digits at `at` (already checked by the mask); a space counts as 0 like APR's asctime day. */
function two(s: string, at: number): number {
  const hi = s.charCodeAt(at);
  return (hi === 32 ? 0 : (hi - 48) * 10) + (s.charCodeAt(at + 1) - 48);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The Gregorian date of a day count from 1970-01-01: [year, month 1-12, day]. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/**
 * `apr_date_parse_http`: seconds since the epoch, or 0 for "bad" (APR_DATE_BAD is 0, so the epoch
 * itself is bad too). The weekday and anything after the time (the zone) are ignored.
 *
 * @example
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777
 * parseHttpDate('Sun, 06 nov 1994 08:49:37 GMT'); // 0 (month must be title case)
 */
export function parseHttpDate(value: string): number {
  const len = value.length;
  let i = 0;
  while (i < len && isSpaceCode(value.charCodeAt(i))) i++;
  if (i === len) return 0;
  // Everything up to and including the first space is skipped (the weekday, or anything else).
  // A NUL ends the C string, so the search stops there.
  for (;;) {
    if (i === len) return 0;
    const c = value.charCodeAt(i);
    if (c === 0) return 0;
    i++;
    if (c === 32) break;
  }

  let year: number;
  let mday: number;
  let mon: number;
  let time: number;
  if (fitsMask(value, i, MASK_RFC1123)) {
    const century = two(value, i + 7);
    if (century < 19) return 0;
    year = century * 100 + two(value, i + 9);
    mday = two(value, i);
    mon = i + 3;
    time = i + 12;
  } else if (fitsMask(value, i, MASK_RFC850)) {
    // Two-digit year: 70-99 are 19xx, 00-69 are 20xx.
    const yy = two(value, i + 7);
    year = yy < 70 ? 2000 + yy : 1900 + yy;
    mday = two(value, i);
    mon = i + 3;
    time = i + 10;
  } else if (fitsMask(value, i, MASK_ASCTIME)) {
    // Anything may follow the four-digit year.
    const century = two(value, i + 16);
    if (century < 19) return 0;
    year = century * 100 + two(value, i + 18);
    mday = two(value, i + 4);
    mon = i;
    time = i + 7;
  } else if (fitsMask(value, i, MASK_RFC1123_DAY1)) {
    const century = two(value, i + 6);
    if (century < 19) return 0;
    year = century * 100 + two(value, i + 8);
    mday = value.charCodeAt(i) - 48;
    mon = i + 2;
    time = i + 11;
  } else {
    return 0;
  }

  if (mday <= 0 || mday > 31) return 0;
  const hour = two(value, time);
  const min = two(value, time + 3);
  const sec = two(value, time + 6);
  // 60 and 61 are accepted and roll over into the next minute.
  if (hour > 23 || min > 59 || sec > 61) return 0;

  const month = MONTH_NAMES.indexOf(value.slice(mon, mon + 3) as (typeof MONTH_NAMES)[number]);
  if (month === -1) return 0;
  if (mday === 31 && (month === 3 || month === 5 || month === 8 || month === 10)) return 0;
  if (month === 1) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (mday > 29 || (mday === 29 && !leap)) return 0;
  }

  const seconds = daysFromCivil(year, month + 1, mday) * 86400 + hour * 3600 + min * 60 + sec;
  return seconds > 0 ? seconds : 0;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * `apr_rfc822_date`: `Www, DD Mon YYYY HH:MM:SS GMT` for seconds since the epoch. The year is
 * written as four characters `'0' + digit`, so 10000 (reachable by a leap-second rollover of
 * 9999-12-31 23:59) comes out as `:000`, as APR writes it.
 *
 * @example
 * formatRfc822(784111777); // 'Sun, 06 Nov 1994 08:49:37 GMT'
 */
export function formatRfc822(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  let rest = seconds - days * 86400;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const min = Math.floor(rest / 60);
  const sec = rest - min * 60;
  const [year, month, day] = civilFromDays(days);
  const wday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const yearText =
    String.fromCharCode(48 + Math.floor(year / 1000)) +
    String.fromCharCode(48 + (Math.floor(year / 100) % 10)) +
    String.fromCharCode(48 + (Math.floor(year / 10) % 10)) +
    String.fromCharCode(48 + (year % 10));
  return `${DAY_NAMES[wday]}, ${pad2(day)} ${MONTH_NAMES[month - 1]} ${yearText} ${pad2(hour)}:${pad2(min)}:${pad2(sec)} GMT`;
}

/**
 * mod_proxy_http's `date_canon` for `Date`, `Expires` and `Last-Modified`: parses the three HTTP
 * date forms (plus RFC 1123 with a one-digit day) the way APR does, ignoring the weekday and the
 * zone, and writes the date back in RFC 1123 form with the weekday recomputed. A value APR cannot
 * parse, or one at or before 1970-01-01T00:00:00Z, comes back unchanged (the same string).
 *
 * @example
 * canonicalDate('Sunday, 06-Nov-94 08:49:37 PST'); // 'Sun, 06 Nov 1994 08:49:37 GMT'
 * canonicalDate('Sun Nov  6 08:49:37 1994');       // 'Sun, 06 Nov 1994 08:49:37 GMT'
 * canonicalDate('now');                            // 'now'
 */
export function canonicalDate(value: string): string {
  const seconds = parseHttpDate(value);
  if (seconds === 0) return value;
  const out = formatRfc822(seconds);
  return out === value ? value : out;
}
