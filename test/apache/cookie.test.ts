import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileCookieRules, mapSetCookie } from '../../src/apache/cookie.js';
import type { CookieRule } from '../../src/apache/types.js';
import { trimSpace } from '../../src/core/ascii.js';

const rule = (fake: string, real: string, line = 1): CookieRule => ({ fake, real, interpolate: false, line });

// Reference §6.2 rules (observed on Apache httpd 2.4.71).
const PATHS = [rule('/backend', '/front'), rule('/b2/', '/f2/'), rule('/long/path/here', '/s')];
const DOMAINS = [rule('backend.test', 'front.test'), rule('.internal', '.public'), rule('d', '/dd')];

// [backend Set-Cookie, client sees]. `null` = unchanged.
const REFERENCE_ROWS: [string, string | null][] = [
  ['a=1; Path=/backend/x; Domain=backend.test', 'a=1; Path=/front; Domain=front.test'],
  ['a=1; Domain=backend.test; Path=/backend/x', 'a=1; Domain=front.test; Path=/front'],
  ['a=1; path=/backendfoo', 'a=1; path=/front'],
  ['a=1; path=/Backend', null],
  ['a=1; PATH=/backend', 'a=1; PATH=/front'],
  ['a=1; domain=BACKEND.test', 'a=1; domain=front.test'],
  ['a=1; domain=backend.test.evil', 'a=1; domain=front.test'],
  ['a=1; domain=backend.test:8080', 'a=1; domain=front.test'],
  ['a=1; domain=.backend.test', null],
  ['a=1; domain=backend.tes', null],
  ['a=1;path=/backend', 'a=1;path=/front'],
  ['a=1;   path=/backend   ;HttpOnly', 'a=1;   path=/front;HttpOnly'],
  ['a=1; path=/backend ; domain=backend.test ; Secure', 'a=1; path=/front; domain=front.test; Secure'],
  ['a=1;\tpath=/backend', 'a=1;\tpath=/front'],
  ['a=1; path=/backend\t; Secure', 'a=1; path=/front; Secure'],
  ['a=1; path =/backend', null],
  ['a=1 ; path = /backend', null],
  ['a=1; path="/backend"', null],
  ['a=1; path=/backend;', 'a=1; path=/front;'],
  ['a=1; path=/backend;;; HttpOnly', 'a=1; path=/front;;; HttpOnly'],
  [';path=/backend', ';path=/front'],
  ['a=1; path=/backend%2Fx', 'a=1; path=/front'],
  [
    'a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; path=/backend',
    'a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; path=/front',
  ],
  ['a=path=/backend', null],
  ['fakepath=/backend;path=/backend', 'fakepath=/backend;path=/front'],
  ['fakedomain=backend.test;domain=backend.test', 'fakedomain=backend.test;domain=front.test'],
  ['path=/backend', 'path=/front'],
  ['domain=backend.test', 'domain=front.test'],
  ['path=/x; Path=/backend', 'path=/x; Path=/front'],
  ['path=/backend; Path=/x', null],
  ['domain=backend.test; Domain=x', null],
  ['a=1; Path=/b2/x; Path=/backend/y', 'a=1; Path=/b2/x; Path=/front'],
  ['a=1; Path=/backend/y; Path=/b2/x', 'a=1; Path=/backend/y; Path=/f2/'],
  ['a=1; Path=/backend; Path=/zzzzzzzzzzzz', null],
  ['a=1;path=/backend;path=/backend;path=/backend', 'a=1;path=/backend;path=/backend;path=/front'],
  ['a=1; path=/b2/q; path=', null],
  ['a=1; path=/b2/q; path', 'a=1; path=/f2/; path'],
  [
    'a=1; path=/backend; domain=backend.test; path=/nomatch',
    'a=1; path=/backend; domain=front.test; path=/nomatch',
  ],
  [
    'a=1; domain=backend.test; path=/backend; domain=nomatch',
    'a=1; domain=backend.test; path=/front; domain=nomatch',
  ],
  ['a=1; domain=.internal.x; Domain=.INTERNAL.y', 'a=1; domain=.internal.x; Domain=.public'],
  ['a=1; domain=x.internal; path=/b2/x', 'a=1; domain=x.internal; path=/f2/'],
  ['a=1; domain=d', 'a=1; domain=/dd'],
  ['a=1; domain=dx.com', 'a=1; domain=/dd'],
  ['a=1; domain=; path=/backend', 'a=1; domain=; path=/front'],
  ['a=1; path=', null],
  ['a=1; path=/backend, b=2; path=/other', null],
  ['a=1; path=/backend ,x', 'a=1; path=/front'],
  // §3: a folded continuation line keeps its leading blanks.
  ['a=1;\t  path=/backend', 'a=1;\t  path=/front'],
];

describe('ProxyPassReverseCookiePath/Domain (reference §6.2, Apache 2.4.71)', () => {
  test.each(REFERENCE_ROWS)('%s', (input, expected) => {
    const out = mapSetCookie(input, PATHS, DOMAINS);
    if (expected === null) expect(out).toBe(input);
    else expect(out).toBe(expected);
  });

  test('  a=1; path=/backend', () => {
    // The header reader trims the value before the cookie map sees it.
    expect(mapSetCookie(trimSpace('  a=1; path=/backend'), PATHS, DOMAINS)).toBe('a=1; path=/front');
  });

  test('a=1; path=/backend; x=<3000 bytes>', () => {
    const input = `a=1; path=/backend; x=${'y'.repeat(3000)}`;
    expect(mapSetCookie(input, PATHS, DOMAINS)).toBe(`a=1; path=/front; x=${'y'.repeat(3000)}`);
  });

  test('a=1; x=<3000 bytes>; path=/backend', () => {
    const input = `a=1; x=${'y'.repeat(3000)}; path=/backend`;
    expect(mapSetCookie(input, PATHS, DOMAINS)).toBe(`a=1; x=${'y'.repeat(3000)}; path=/front`);
  });
});

describe('observed live on Apache 2.4.71 (same rules)', () => {
  test.each([
    ['a=1; path=/backend; path=/b2', 'a=1; path=/backend; path=/b2'],
    ['a=1;\t path=/backend', 'a=1;\t path=/front'],
    [
      'a=1;path=/backend;domain=d;path=/b2/;domain=BACKEND.TESTx',
      'a=1;path=/backend;domain=d;path=/f2/;domain=front.test',
    ],
  ])('%s', (input, expected) => {
    expect(mapSetCookie(input, PATHS, DOMAINS)).toBe(expected);
  });
  test('a=1; path=/backend\t', () => {
    // The header reader strips the trailing tab first.
    expect(mapSetCookie(trimSpace('a=1; path=/backend\t'), PATHS, DOMAINS)).toBe('a=1; path=/front');
  });
});

describe('ProxyPassReverseCookiePath / /mirror/foo/ (manual example, reference §6.2)', () => {
  const MIRROR = [rule('/', '/mirror/foo/')];
  test.each([
    ['a=1; path=/', 'a=1; path=/mirror/foo/'],
    ['a=1; path=/example', 'a=1; path=/mirror/foo/'],
    ['a=1; Path=/x/y', 'a=1; Path=/mirror/foo/'],
  ])('%s', (input, expected) => {
    expect(mapSetCookie(input, MIRROR, [])).toBe(expected);
  });
});

describe('httpd-tests t/modules/proxy.t cookie vectors (reference §10)', () => {
  const P = [rule('/local', '/remote')];
  const D = [rule('local', 'remote')];
  test.each([
    ['fakedomain=local;domain=local', 'fakedomain=local;domain=remote'],
    ['fakepath=/local;path=/local', 'fakepath=/local;path=/remote'],
    ['domain=local;path=/local;foo=bar', 'domain=remote;path=/remote;foo=bar'],
  ])('%s', (input, expected) => {
    expect(mapSetCookie(input, P, D)).toBe(expected);
  });
});

describe('compileCookieRules', () => {
  test('no rules: identity', () => {
    const map = compileCookieRules([], []);
    expect(map('a=1; path=/backend')).toBe('a=1; path=/backend');
  });
  test('first matching rule wins', () => {
    const map = compileCookieRules([rule('/a', '/one'), rule('/ab', '/two')], []);
    expect(map('x=1; path=/abc')).toBe('x=1; path=/one');
  });
  test('a fake holding ";" never matches across the token end', () => {
    const map = compileCookieRules([rule('/a;b', '/z')], []);
    expect(map('x=1; path=/a;b')).toBe('x=1; path=/a;b');
  });
});

// ----- properties -----

const cookieChars = fc.constantFrom(
  ...'abcdehimnoprtADHMPT=;,. /\t"-_0123456789'.split(''),
);
const cookieText = fc.string({ unit: cookieChars, maxLength: 60 });
const noAttr = (s: string): boolean => !/path=|domain=/i.test(s);

describe('properties', () => {
  test('any string gives a string without throwing', () => {
    fc.assert(
      fc.property(fc.string(), cookieText, (a, b) => {
        expect(typeof mapSetCookie(a, PATHS, DOMAINS)).toBe('string');
        expect(typeof mapSetCookie(b, PATHS, DOMAINS)).toBe('string');
      }),
    );
  });

  test('a value with no matching rule comes back as the same string', () => {
    // Every fake starts with U+0001, which the value never holds.
    fc.assert(
      fc.property(cookieText, fc.string(), fc.string(), (value, p, d) => {
        const out = mapSetCookie(value, [rule('\u0001' + p, '/x')], [rule('\u0001' + d, 'x')]);
        expect(out).toBe(value);
      }),
    );
  });

  test('only the last path= value changes; every other byte is kept', () => {
    fc.assert(
      fc.property(
        cookieText.filter(noAttr),
        fc.constantFrom('path=', 'Path=', 'PATH='),
        fc.string({ unit: cookieChars, maxLength: 20 }).map((s) => '/backend' + s.replaceAll(';', '')),
        cookieText.filter(noAttr),
        (before, attr, v, after) => {
          const head = `${before};${attr}`;
          const tail = `;${after}`;
          const out = mapSetCookie(head + v + tail, PATHS, []);
          expect(out).toBe(head + '/front' + tail);
        },
      ),
    );
  });

  test('only the last domain= value changes; every other byte is kept', () => {
    fc.assert(
      fc.property(
        cookieText.filter(noAttr),
        fc.constantFrom('domain=', 'Domain=', ' DOMAIN='),
        fc.string({ unit: cookieChars, maxLength: 20 }).map((s) => 'Backend.Test' + s.replaceAll(';', '')),
        cookieText.filter(noAttr),
        (before, attr, v, after) => {
          const head = `${before};${attr}`;
          const tail = `;${after}`;
          const out = mapSetCookie(head + v + tail, [], DOMAINS);
          expect(out).toBe(head + 'front.test' + tail);
        },
      ),
    );
  });

  test('mapSetCookie and a compiled mapper agree', () => {
    const map = compileCookieRules(PATHS, DOMAINS);
    fc.assert(
      fc.property(cookieText, (value) => {
        expect(map(value)).toBe(mapSetCookie(value, PATHS, DOMAINS));
      }),
    );
  });
});
