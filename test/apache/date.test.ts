import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalDate, formatRfc822, parseHttpDate } from '../../src/apache/date.js';

// Reference §7, observed on Apache httpd 2.4.71 (Date / Expires / Last-Modified from the backend).
const CHANGED: [string, string][] = [
  ['Sunday, 06-Nov-94 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun Nov  6 08:49:37 1994', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun Nov 16 08:49:37 1994', 'Wed, 16 Nov 1994 08:49:37 GMT'],
  ['Sun, 6 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Mon, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Xyz, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun, 06 Nov 1994 08:49:37 PST', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun, 06 Nov 1994 08:49:37 +0200', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun, 06 Nov 1994 08:49:37 GMTjunk', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun, 06 Nov 1994 08:49:37 GMT extra stuff', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun, 06 Nov 1994 08:49:60 GMT', 'Sun, 06 Nov 1994 08:50:00 GMT'],
  ['Sun, 06 Nov 1994 08:49:61 GMT', 'Sun, 06 Nov 1994 08:50:01 GMT'],
  ['Sunday, 06-Nov-69 08:49:37 GMT', 'Wed, 06 Nov 2069 08:49:37 GMT'],
  ['Friday, 31-Dec-99 23:59:59 GMT', 'Fri, 31 Dec 1999 23:59:59 GMT'],
  ['Sat, 29 Feb 2000 00:00:00 GMT', 'Tue, 29 Feb 2000 00:00:00 GMT'],
  ['Thursday, 01-Jan-70 00:00:01 GMT', 'Thu, 01 Jan 1970 00:00:01 GMT'],
];

const UNCHANGED: string[] = [
  'Sun, 06 Nov 1994 08:49:37',
  'Sun, 06 nov 1994 08:49:37 GMT',
  'Sun, 06 NOV 1994 08:49:37 GMT',
  'Sun,06 Nov 1994 08:49:37 GMT',
  'Sun, 06-Nov-1994 08:49:37 GMT',
  'Sun, 06 Nov 1994 24:00:00 GMT',
  'Sat, 29 Feb 1900 00:00:00 GMT',
  'Sat, 29 Feb 2001 00:00:00 GMT',
  'Sat, 31 Apr 2001 00:00:00 GMT',
  'Sat, 00 Apr 2001 00:00:00 GMT',
  'Thursday, 01-Jan-70 00:00:00 GMT',
  'Wed, 31 Dec 1969 23:59:59 GMT',
  '0',
  '-1',
  'now',
  '',
];

describe('date_canon (reference §7, Apache 2.4.71)', () => {
  test.each(CHANGED)('%s', (input, expected) => {
    expect(canonicalDate(input)).toBe(expected);
  });
  test.each(UNCHANGED.map((v) => [v]))('%s (unchanged)', (input) => {
    expect(canonicalDate(input)).toBe(input);
  });
});

// Observed on the real Apache httpd 2.4.71 (apr-util 1.6.3, apr 1.7.2) by this project, as
// backend `Expires` and `Last-Modified` lines; not in the reference tables.
const LIVE: [string, string][] = [
  // A leap second on the last day of 9999 reaches year 10000, which APR writes as ':000'.
  ['Fri, 31 Dec 9999 23:59:60 GMT', 'Sat, 01 Jan :000 00:00:00 GMT'],
  ['Fri, 31 Dec 9999 23:59:61 GMT', 'Sat, 01 Jan :000 00:00:01 GMT'],
  ['Tue, 29 Feb 2400 00:00:00 GMT', 'Tue, 29 Feb 2400 00:00:00 GMT'],
  ['Saturday, 01-Jan-00 00:00:00 GMT', 'Sat, 01 Jan 2000 00:00:00 GMT'],
  ['Sunday, 31-Dec-69 23:59:59 GMT', 'Tue, 31 Dec 2069 23:59:59 GMT'],
  ['Sun Nov  6 08:49:37 1994junk', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun Nov  6 08:49:37 19945', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  ['Sun Nov 06 08:49:37 1994', 'Sun, 06 Nov 1994 08:49:37 GMT'],
  // One second past the epoch once the leap second rolls over.
  ['Wed, 31 Dec 1969 23:59:61 GMT', 'Thu, 01 Jan 1970 00:00:01 GMT'],
];

const LIVE_UNCHANGED: string[] = [
  'Sat, 29 Feb 2100 00:00:00 GMT',
  'Sun, 01 Jan 1899 00:00:00 GMT',
  'Sun,  6 Nov 1994 08:49:37 GMT',
  'Sun Nov  6 08:49:37 1899',
  'Sun Nov  6 08:49:37 GMT 1994',
  'Sun Nov 6 08:49:37 1994',
  '06 Nov 1994 08:49:37 GMT',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  'Wed, 31 Dec 1969 23:59:60 GMT',
  'Sun\t06 Nov 1994 08:49:37 GMT',
  'Sun, 06 Nov 1994\t08:49:37 GMT',
];

describe('date_canon (observed live on Apache 2.4.71)', () => {
  test.each(LIVE)('%s', (input, expected) => {
    expect(canonicalDate(input)).toBe(expected);
  });
  test.each(LIVE_UNCHANGED.map((v) => [v]))('%s (unchanged)', (input) => {
    expect(canonicalDate(input)).toBe(input);
  });
});

describe('parseHttpDate / formatRfc822', () => {
  test('Sun, 06 Nov 1994 08:49:37 GMT is 784111777 s after the epoch', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(784111777);
  });
  test('formatRfc822(784111777)', () => {
    expect(formatRfc822(784111777)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

// ----- properties -----

const MAX = 253402300799; // 9999-12-31T23:59:59Z

describe('properties', () => {
  test('any string gives a string without throwing', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof canonicalDate(s)).toBe('string');
      }),
    );
  });

  test('a canonical date is a fixed point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), (t) => {
        const canonical = formatRfc822(t);
        expect(canonicalDate(canonical)).toBe(canonical);
        expect(parseHttpDate(canonical)).toBe(t);
      }),
    );
  });

  test('canonicalDate is idempotent', () => {
    const digit = fc.constantFrom(...'0123456789'.split(''));
    const dateish = fc
      .tuple(
        fc.constantFrom('Sun, ', 'Monday, ', 'x '),
        fc.string({ unit: digit, minLength: 2, maxLength: 2 }),
        fc.constantFrom(' ', '-'),
        fc.constantFrom('Jan', 'Feb', 'Apr', 'Dec', 'dec'),
        fc.constantFrom(' 19', ' 20', '-', ' 99'),
        fc.string({ unit: digit, minLength: 2, maxLength: 2 }),
        fc.constantFrom(' 23:59:59 GMT', ' 00:00:60 X', ' 12:30:61 '),
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(dateish, (s) => {
        const once = canonicalDate(s);
        expect(canonicalDate(once)).toBe(once);
      }),
    );
  });

  test('formatRfc822 agrees with Date#toUTCString', () => {
    // toUTCString uses no local clock or zone; it is only a cross-check, in the tests.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), (t) => {
        const d = new Date(t * 1000);
        expect(formatRfc822(t)).toBe(d.toUTCString());
      }),
    );
  });
});
