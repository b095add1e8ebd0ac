// The compiled ProxyPassReverse index against Apache's entry-by-entry scan (mapLocation): on
// random tables and values the two must give the same answer, first-match order and every quirk
// included (case-insensitive byte prefixes, relative `real` against the path part, balancer
// members, empty `real`, "/" fake on a bare balancer member).
import { H, MAIN, main } from './fixtures/reverse-rows.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileReverseIndex, mapLocationCompiled, reverseMatch } from '../../src/apache/compiled-location.js';
import { isCanonicalDate } from '../../src/apache/compiled-date.js';
import { canonicalDate, formatRfc822 } from '../../src/apache/date.js';
import { finishLocation, mapLocation } from '../../src/apache/location.js';
import type { Balancer, ReverseRule } from '../../src/apache/types.js';

const ORIGIN = 'http://pub.test:8080';
const construct = (p: string) => ORIGIN + p;

/** Scan over the concatenated lists vs the chained indexes, one per list (as prepareApache does). */
function compiled(url: string, lists: readonly (readonly ReverseRule[])[], balancers: ReadonlyMap<string, Balancer>): string {
  const indexes = lists.filter((l) => l.length > 0).map((rules) => compileReverseIndex(rules, balancers));
  return mapLocationCompiled(url, indexes, ORIGIN);
}

// Small alphabets so that prefixes collide, cases differ and balancers resolve.
const piece = fc.constantFrom(
  'http://', 'HTTP://', 'https://', 'b', 'B', 'backend', 'Backend', '.test', ':8080', ':80', '/', '//', 'app', 'APP',
  '/app/', 'x', '?', 'q=http://b/', '%2F', 'é', ';', 'balancer://', 'bal1', 'BAL2', 'nosuch', '',
  'internal-service.example', 'ſ', 'ı', 'İ', '\u212a', '[x]', '-.*+', 'k', 's',
);
const text = fc.array(piece, { maxLength: 6 }).map((a) => a.join(''));
const fake = fc.constantFrom('/', '/app/', '/front', '', 'https://pub.example/', 'foo', 'x:y', '/b/', 'http', 'a+b.c', 'x/:y');
const real = fc.oneof(
  text,
  text.map((t) => '/' + t),
  fc.constantFrom('balancer://bal1', 'balancer://BAL1/', 'balancer://bal1/app/', 'balancer://bal2/x', 'balancer://nosuch/', ''),
);
const rule = fc.record({ fake, real }).map(({ fake, real }, ) => ({ fake, real, interpolate: false, line: 1 }) as ReverseRule);
const member = fc.constantFrom('http://b', 'http://backend.test:8080', 'http://b/app/', 'https://backend.test', 'http://b:8080/', '');
const balancers = fc
  .record({ bal1: fc.array(member, { maxLength: 3 }), bal2: fc.array(member, { maxLength: 3 }), use: fc.boolean() })
  .map(({ bal1, bal2, use }) => {
    const m = new Map<string, Balancer>();
    if (use) {
      m.set('bal1', { name: 'bal1', members: bal1.map((name) => ({ name, line: 1 })) });
      m.set('bal2', { name: 'bal2', members: bal2.map((name) => ({ name, line: 1 })) });
    }
    return m as ReadonlyMap<string, Balancer>;
  });

describe('compiled ProxyPassReverse index = the rule-by-rule scan', () => {
  test('random tables, values built from the table and random values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(rule, { maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        balancers,
        fc.array(fc.oneof(text, fc.string(), fc.tuple(fc.nat(), text).map(([n, t]) => String(n) + t)), { maxLength: 6 }),
        (lists, bals, extra) => {
          const all = lists.flat();
          // Values that start with (case-changed) reals and members, so that matches are common.
          const values = [...extra];
          // Case flipped char by char, and ASCII letters swapped for their non-ASCII look-alikes.
          const flip = (t: string) => Array.from(t, (ch, i) => (i % 2 ? ch.toUpperCase() : ch)).join('');
          const lookalike = (t: string) => t.replace(/s/g, 'ſ').replace(/i/g, 'ı').replace(/k/g, '\u212a');
          for (const r of all) {
            values.push(flip(r.real) + 'z', lookalike(r.real) + 'z');
            values.push(r.real + 'tail', r.real.toUpperCase() + '/x', 'http://h' + r.real, r.real.slice(0, -1), r.real + ':x', r.real + '://');
          }
          for (const b of bals.values()) for (const m of b.members) values.push(m.name + '/app/z', m.name.toUpperCase() + 'x');
          for (const v of values) {
            expect(compiled(v, lists, bals)).toBe(mapLocation(v, all, bals, construct));
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1500) },
    );
  }, 60_000);

  test('an unmatched value comes back as the same string', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), fc.string(), (rules, v) => {
        const index = compileReverseIndex(rules, new Map());
        if (reverseMatch(v, index) === null) expect(Object.is(mapLocationCompiled(v, [index], ORIGIN), v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

// The rows of location.test.ts (observed on Apache httpd 2.4.71) through the compiled index.
describe('compiled index on the observed rows', () => {
  for (const [input, expected] of MAIN) {
    test(JSON.stringify(input), () => {
      const mapped = reverseMatch(input, main.reverseIndex!);
      expect(mapped === null ? input : finishLocation(mapped, (p) => H + p)).toBe(expected);
    });
  }
});

// The date fast path against date_canon itself: whenever a value is recognised as canonical,
// canonicalDate must give back exactly that value.
describe('compiled date fast path = date_canon', () => {
  test('every formatted date after the epoch is recognised and left as is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 253402300799 }), (seconds) => {
        const v = formatRfc822(seconds);
        expect(isCanonicalDate(v)).toBe(true);
        expect(canonicalDate(v)).toBe(v);
      }),
      { numRuns: 5000 },
    );
  });
  test('a recognised value is always one date_canon leaves unchanged', () => {
    const field = fc.constantFrom('Sun', 'Mon', 'Thu', 'Sat', 'sun', 'Xyz');
    const month = fc.constantFrom('Jan', 'Feb', 'Apr', 'Dec', 'feb', 'Foo');
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const value = fc
      .tuple(field, two, month, fc.integer({ min: 1890, max: 10100 }), two, two, two, fc.constantFrom(' GMT', ' UTC', ' GMT '))
      .map(([w, d, m, y, h, mi, s, z]) => `${w}, ${d} ${m} ${String(y).padStart(4, '0')} ${h}:${mi}:${s}${z}`);
    fc.assert(
      fc.property(value, (v) => {
        if (isCanonicalDate(v)) expect(canonicalDate(v)).toBe(v);
      }),
      { numRuns: 20000 },
    );
  });
  test.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', true],
    ['Mon, 06 Nov 1994 08:49:37 GMT', false],
    ['Thu, 01 Jan 1970 00:00:00 GMT', false],
    // What date_canon writes for 23:59:61 on 31 Dec 1969 (observed): one second past the epoch.
    ['Thu, 01 Jan 1970 00:00:01 GMT', true],
    ['Thu, 01 Jan 1970 01:00:00 GMT', true],
    ['Fri, 02 Jan 1970 00:00:00 GMT', true],
    ['Thu, 29 Feb 2024 00:00:00 GMT', true],
    ['Sun, 29 Feb 2026 00:00:00 GMT', false],
    ['Sun, 06 Nov 1994 08:49:60 GMT', false],
  ])('%s', (v, expected) => {
    expect(isCanonicalDate(v)).toBe(expected);
  });
});
