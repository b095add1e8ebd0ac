// fast-check arbitraries for oracle cases. Everything is drawn from one small vocabulary of hosts,
// ports, paths and cookie names, so that the rules, the request and the backend's answer actually
// meet; the nasty variants (encodings, dot segments, case, odd spacing, IPv6, duplicates, every
// date format) are mixed in at a fixed rate.

import fc from 'fast-check';
import type { OracleCase, ResponseLine } from './case.js';

/** The backend as written in configurations: this case's own node:net backend. */
export const B = 'http://127.0.0.1:{{BACKEND_PORT}}';

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const maybe = <T>(a: fc.Arbitrary<T>, freq = 1, none = 1) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: none }, { arbitrary: a, weight: freq });
const lines = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null && x !== '');

// ---- shared vocabulary ----------------------------------------------------------------------

/** Public prefixes: the request paths start with one of these too. */
const PREFIXES = ['/', '/app', '/app/', '/a', '/a/', '/api/v1/', '/b', '/c/', '/static', '/x/', '/lm/', '/bal/'];
/** Backend-side paths. */
const BPATHS = ['', '/', '/x/', '/x', '/app/', '/y', '/internal/', '/mem', '/sub/'];
/** Names that only ever appear in rules and backend headers (never resolved). */
const FOREIGN = ['http://backend.test', 'http://BACKEND.test', 'https://backend.test', 'http://other.test:8080', 'http://backend.test:80'];

const publicPath = pick(...PREFIXES);
const backendUrl = fc.oneof(
  { arbitrary: pick(...BPATHS).map((p) => `${B}${p}`), weight: 6 },
  { arbitrary: pick(...BPATHS).map((p) => `http://127.0.0.1:{{BACKEND_PORT}}${p.toUpperCase()}`), weight: 1 },
);
/** A URL a ProxyPassReverse / proxy_redirect rule may name: the real backend, a foreign name, or relative. */
const reverseUrl = fc.oneof(
  { arbitrary: backendUrl, weight: 4 },
  { arbitrary: fc.tuple(pick(...FOREIGN), pick(...BPATHS)).map(([h, p]) => h + p), weight: 3 },
  { arbitrary: pick('/internal/', '/x/', '/app/', '/'), weight: 1 },
);

const segment = fc.oneof(
  { arbitrary: pick('foo', 'bar', 'x', 'index.html', 'a.gif', 'sub', 'internal', 'private'), weight: 8 },
  {
    arbitrary: pick('a%20b', '%2Fx', 'a%2fb', '.', '..', '', 'a;b=c', '%7e', 'caf%C3%A9', '%3F', '%25', 'a+b', '%41', 'A%3Bb', '..;', 'é', '%zz'),
    weight: 2,
  },
);
const query = fc.oneof(
  { arbitrary: fc.constant(''), weight: 5 },
  { arbitrary: pick('?q=1', '?', '?x=%20&y=a+b', '?next=http://backend.test/app/x', '?a=1&a=2', '?%zz'), weight: 2 },
);
/** A request-target built on `prefix`: extra segments, maybe a doubled slash, maybe a query. */
const targetTail = fc.record({ segs: fc.array(segment, { maxLength: 3 }), q: query, dbl: fc.nat(7), own: fc.nat(3), k: fc.nat(50) });
type TargetTail = { segs: string[]; q: string; dbl: number; own: number; k: number };
function buildTarget(p: string, t: TargetTail): string {
  let path = t.segs.length ? `${p.endsWith('/') ? p : p + '/'}${t.segs.join('/')}` : p;
  if (t.dbl === 0 && path.length > 1) path = path.replace('/', '//');
  return path + t.q;
}

/**
 * The prefixes a configuration names (ProxyPass paths, sections, nginx locations; regexes turned
 * into a plausible literal), so that the request usually meets a rule.
 */
function configPrefixes(config: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:ProxyPass(?:Match)?(?: ~)?|<Location(?:Match)?|location(?: [=^~*]+)?)\s+"?([^\s">{]+)/g;
  for (let m = re.exec(config); m; m = re.exec(config)) {
    const lit = m[1].replace(/^(?:\(\?[a-z-]*\))?(?:\^|\\A)/, '').replace(/\\[QE]/g, '').replace(/\(.*$|\$$|\\\.gif\$?|\*.*$/, '').replace(/\\/g, '');
    if (lit.startsWith('/')) out.push(lit === '' ? '/' : lit);
    else if (m[1].includes('gif')) out.push('/m/a.gif');
  }
  return out;
}

/** Put the request on one of the config's own prefixes three times out of four. */
function aim<C extends { config: string; request: { target: string } }>(c: C, t: TargetTail): C {
  const own = configPrefixes(c.config);
  const p = t.own > 0 && own.length > 0 ? own[t.k % own.length] : PREFIXES[t.k % PREFIXES.length];
  return { ...c, request: { ...c.request, target: buildTarget(p, t) } };
}

const hostHeader = fc.oneof(
  { arbitrary: fc.constant('rev.test:{{PORT}}'), weight: 6 },
  {
    arbitrary: pick('REV.Test:{{PORT}}', 'rev.test', 'rev.test:80', 'rev.test:0080', 'rev.test.:{{PORT}}', '[::1]:{{PORT}}', '[::1]', '127.0.0.1:{{PORT}}', 'www.example.com', 'other.test:8080', 'alias.test:{{PORT}}'),
    weight: 3,

  },
);
const extraRequestHeader = pick<[string, string]>(
  ['Accept', '*/*'],
  ['User-Agent', 'oracle/1'],
  ['X-Forwarded-For', '1.2.3.4'],
  ['X-Forwarded-Host', 'orig.example'],
  ['x-forwarded-for', '5.6.7.8'],
  ['Via', '1.1 upstream'],
  ['Cookie', 'a=1; b=2'],
  ['Connection', 'X-Drop'],
  ['X-Drop', 'yes'],
  ['Keep-Alive', '300'],
  ['TE', 'trailers'],
  ['Proxy-Connection', 'keep-alive'],
  ['Accept-Encoding', 'gzip'],
  ['X-Dup', 'a'],
  ['X-Dup', 'b'],
  ['x-MiXeD', 'Case'],
  ['Forwarded', 'for=1.2.3.4'],
);
/** Apache-only extras: Expect, an empty body's length, X-Forwarded-* duplicates, WebSocket upgrades. */
const apExtraRequestHeader = pick<[string, string]>(
  ['Expect', '100-continue'],
  ['Content-Length', '0'],
  ['X-Forwarded-Host', 'a.example'],
  ['X-Forwarded-Server', 's.example'],
  ['x-forwarded-server', 't.example'],
  ['X-Forwarded-For', '9.9.9.9, 8.8.8.8'],
  ['X-Forwarded-Proto', 'https'],
  ['Via', '1.0 a, 1.1 b'],
  ['via', '2 c'],
  ['Upgrade', 'websocket'],
  ['Upgrade', 'WebSocket'],
  ['Upgrade', 'h2c'],
  ['Connection', 'Upgrade'],
  ['Connection', 'keep-alive, Upgrade'],
  ['Connection', 'close'],
  // How find_conn_headers reads names: white space and ';' end one, quotes hold one, U+00A0 is no space.
  ['Connection', 'X-Drop X-Dup'],
  ['Connection', 'X-Drop;q=1 ,x-mixed'],
  ['Connection', 'X-Q"a, X-Drop", X-Dup'],
  ['Connection', 'X-Drop\u00a0'],
);

const request = fc
  .record({
    method: fc.oneof({ arbitrary: fc.constant('GET'), weight: 8 }, { arbitrary: pick('HEAD', 'DELETE', 'OPTIONS'), weight: 1 }),
    target: fc.constant('/' as string),
    host: maybe(hostHeader, 12, 1),
    extra: fc.array(extraRequestHeader, { maxLength: 4 }),
    hostFirst: fc.boolean(),
    v10: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
  })
  .map(({ method, target, host, extra, hostFirst, v10 }) => {
    // HTTP/1.1 without Host is a 400 on both servers: keep that rare, and only for 1.0.
    const h: [string, string][] = host === null && !v10 ? [['Host', 'rev.test:{{PORT}}']] : host === null ? [] : [['Host', host]];
    const headers = hostFirst ? [...h, ...extra] : [...extra, ...h];
    return { method, target, headers, ...(v10 ? { httpVersion: '1.0' as const } : {}) };
  });

/** Apache-only odd Host values (the shared `hostHeader` stays as the nginx corpus drew it). */
const apOddHost = pick('rev.test:443', 'REV.TEST.', '[::1]:0080', 'rev.test:00080', '[::1]:443', 'Rev.Test.:0080', 'localhost:{{PORT}}', 'rev.test:{{PORT}}');

/** Absolute-form prefixes for Apache request-targets (the path comes from `aim`). */
const apAbsolute0 = pick('http://Other.Test:1234', 'http://rev.test:{{PORT}}', 'HTTP://REV.TEST', 'https://o.test', 'http://[::1]:{{PORT}}', 'http://rev.test.', 'http://other.test');
/** hunt3: userinfo, an empty port, other schemes, an invalid host. */
const apAbsolute = fc.oneof({ arbitrary: apAbsolute0, weight: 7 }, { arbitrary: pick('http://u@rev.test', 'http://rev.test:', 'ws://rev.test', 'ftp://rev.test', 'http://a_b.test', 'http://REV.TEST:{{PORT}}', 'http://rev.test:0{{PORT}}'), weight: 1 });
/**
 * hunt3 Apache target changes: raw bytes the URI grammar does not allow, encoded dots and
 * backslashes, a fragment, encoded control bytes, a lone `%`, `*`, a path without `/`, an
 * absolute-form without a path (`=` replaces the whole target).
 */
const apTargetTweak = pick(
  '/"q"', '/<x>', '/{a}', '/a|b', '/a\\b', '/a^b', '/a`b', '/%2e%2e/x', '/.%2E/x', '/%2E', '/%5C', '#frag', '?q="x"', '?a|b',
  '/%0A', '/a%09b', '/%2e/', '?#', '/%u0041', '/%', '/a%', ';jsessionid=1', '?a=%', '=*', '=x/y', '=http://rev.test:{{PORT}}',
  '=http://rev.test?x=1', '/%2f%2F', '/%C0%AF', '/~user', '/a%3Bb;c',
);

/**
 * The Apache request: the shared one plus, at modest rates, an odd Host, HTTP/1.0 with or without
 * Host, Apache-only extra headers (Expect, Content-Length: 0, X-Forwarded-* and Via duplicates), a
 * WebSocket upgrade pair, and an absolute-form target (applied after `aim`, see `apacheCase`).
 */
/**
 * hunt3 Apache request extras: Max-Forwards (mod_proxy decrements it; 0 answers OPTIONS/TRACE
 * itself), credentials, blanks inside and around values, a name that is not a token.
 */
const apHunt3Header = pick<[string, string]>(
  ['Max-Forwards', '0'],
  ['Max-Forwards', '1'],
  ['Max-Forwards', '5'],
  ['Max-Forwards', 'abc'],
  ['Max-Forwards', '-1'],
  ['Max-Forwards', ''],
  ['Max-Forwards', ' 3 '],
  ['Max-Forwards', '007'],
  ['max-forwards', '2'],
  ['Authorization', 'Basic eDp5'],
  ['Proxy-Authorization', 'Basic eDp5'],
  ['X-Sp', '  a  b  '],
  ['X-Tab', 'a\tb\t'],
  ['X@Y', '1'],
  ['Content-Type', 'text/plain'],
  ['X-Forwarded-Proto', 'http'],
  ['Accept', ''],
);
/** hunt3 Apache methods: bodies announced by method only, lower case, WebDAV, TRACE (mod_proxy passes it on unless Max-Forwards is 0). */
const apHunt3Method = pick('POST', 'PUT', 'PATCH', 'TRACE', 'get', 'PROPFIND', 'OPTIONS', 'HEAD');
const apRequest = fc
  .record({
    base: request,
    h3method: maybe(apHunt3Method, 1, 10),
    h3headers: fc.oneof({ arbitrary: fc.constant([] as [string, string][]), weight: 8 }, { arbitrary: fc.array(apHunt3Header, { minLength: 1, maxLength: 2 }), weight: 1 }),
    odd: maybe(apOddHost, 1, 6),
    v10: fc.oneof({ arbitrary: fc.constant(0), weight: 14 }, { arbitrary: fc.constant(1), weight: 1 }, { arbitrary: fc.constant(2), weight: 1 }),
    extra: fc.array(apExtraRequestHeader, { maxLength: 2 }),
    extraRate: fc.nat(2),
    ws: fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, { arbitrary: pick('websocket', 'WebSocket', 'h2c', 'websocket, h2c'), weight: 1 }),
    // A request header line around the 8 KiB line buffer (8191 bytes pass, 8192 is a 400).
    long: maybe(fc.integer({ min: 8188, max: 8193 }), 1, 40),
  })
  .map(({ base, h3method, h3headers, odd, v10, extra, extraRate, ws, long }) => {
    let headers = base.headers.map(([n, v]) => [n, v] as [string, string]);
    if (odd !== null) headers = headers.map(([n, v]) => (n === 'Host' ? [n, odd] : [n, v]));
    if (extraRate === 0) headers = [...headers, ...extra];
    headers = [...headers, ...h3headers];
    if (ws !== null) headers = [...headers, ['Connection', 'Upgrade'], ['Upgrade', ws]];
    if (long !== null) headers = [...headers, ['X-Long', 'q'.repeat(long - 8)]];
    let httpVersion = base.httpVersion;
    if (v10 === 1) httpVersion = '1.0';
    if (v10 === 2) {
      httpVersion = '1.0';
      headers = headers.filter(([n]) => n !== 'Host');
    }
    return { ...base, method: h3method ?? base.method, headers, ...(httpVersion ? { httpVersion } : {}) };
  });

// ---- backend responses ------------------------------------------------------------------------

const locationValue = fc.oneof(
  { arbitrary: fc.tuple(reverseUrl, pick('foo', 'x/y?z=1', '', 'bar/')).map(([u, s]) => (u.endsWith('/') ? u + s : `${u}/${s}`)), weight: 6 },
  { arbitrary: fc.tuple(pick(...BPATHS), pick('foo', '', 'q?x=1')).map(([p, s]) => `${p || '/'}${s}`), weight: 2 },
  {
    arbitrary: pick('foo/bar', '//backend.test/x', 'http://backend.test', `${B}`, 'http://backend.test/app', 'mailto:x@y', '', 'http://[::1]:8080/six', 'http://backend.test/app/%20x', '/x?next=http://h/internal/zz'),
    weight: 2,
  },
);
const locationLine = fc.tuple(pick('Location', 'location', 'LOCATION', 'Content-Location', 'URI', 'Destination', 'Refresh', 'Link'), locationValue, fc.nat(9))
  .map(([name, v, k]): ResponseLine => {
    if (name === 'Refresh') return [name, `${k}; url=${v}`];
    if (name === 'Link') return [name, `<${v}>; rel=next`];
    if (k === 0) return { raw: `${name}:   ${v}   ` };
    return [name, v];
  });

const cookieAttr = fc.oneof(
  { arbitrary: fc.tuple(pick('Path', 'path', 'PATH'), pick('/', '/x/', '/x/deep', '/backend', '/app/', '/internal/a', '/X/', '', '/y')).map(([n, v]) => `${n}=${v}`), weight: 4 },
  { arbitrary: fc.tuple(pick('Domain', 'domain'), pick('backend.test', '.backend.test', 'BACKEND.test', '127.0.0.1', 'x.internal', 'other.test', '')).map(([n, v]) => `${n}=${v}`), weight: 3 },
  { arbitrary: pick('HttpOnly', 'Secure', 'secure', 'SameSite=Lax', 'samesite=none', 'Max-Age=60', 'Expires=Wed, 09 Jun 2021 10:18:14 GMT', 'path =/x/', ''), weight: 3 },
  // hunt3: quotes, a port, a bare name, a look-alike name, trailing blanks, a comma, empty values
  { arbitrary: pick('path="/x/"', 'domain=backend.test:8080', 'path', 'fakepath=/x/', 'Path=/x/   ', 'path=/x/ ,y', 'Domain=.BACKEND.TEST', 'domain=', 'path=/backendfoo', 'PaTh=/internal/a', 'Path=\t/x/', 'domain= backend.test'), weight: 1 },
);
const setCookieLine = fc
  .tuple(pick('sid=1', 'a=b', 'tmp1=x', 'path=/x/', 'noequals', 'c=d=e', ' a = 1 '), fc.array(cookieAttr, { maxLength: 4 }), pick('; ', ';', ' ; ', ';\t', '; '), pick('Set-Cookie', 'set-cookie', 'Set-Cookie'))
  .map(([first, attrs, sep, name]): ResponseLine => [name, [first, ...attrs].join(sep)]);

/** Dates in every format the servers parse, and some they do not. */
const dateValue = pick(
  'Sun, 06 Nov 1994 08:49:37 GMT',
  'Sunday, 06-Nov-94 08:49:37 GMT',
  'Sun Nov  6 08:49:37 1994',
  'Sun, 6 Nov 1994 08:49:37 GMT',
  'Mon, 06 Nov 1994 08:49:37 GMT',
  'Sun, 06 Nov 1994 08:49:37 PST',
  'Sun, 06 Nov 1994 08:49:60 GMT',
  'Sun, 06 Nov 1994 08:49:37',
  'Sun, 06 nov 1994 08:49:37 GMT',
  'Thursday, 01-Jan-70 00:00:00 GMT',
  'Friday, 31-Dec-99 23:59:59 GMT',
  'Sat, 29 Feb 2000 00:00:00 GMT',
  'Sat, 29 Feb 2001 00:00:00 GMT',
  '0',
  'Wed, 21 Oct 2015 07:28:00 GMT',
);
const dateLine = fc.tuple(pick('Date', 'Expires', 'Last-Modified', 'date', 'If-Modified-Since'), dateValue).map(([n, v]): ResponseLine => [n, v]);

const otherLine = pick<ResponseLine>(
  ['Content-Type', 'text/html'],
  ['X-Custom', 'yes'],
  ['x-lower', 'v'],
  ['Server', 'backend/1.0'],
  ['Cache-Control', 'no-cache'],
  ['Vary', 'Accept'],
  ['Connection', 'X-Hop'],
  ['X-Hop', 'dropped?'],
  ['Keep-Alive', 'timeout=5'],
  ['X-Pad', 'avoid'],
  ['X-Accel-Expires', '10'],
  ['Link', '</x>; rel=prev'],
  ['ETag', '"abc"'],
  ['X-Dup', '1'],
  ['X-Dup', '2'],
);

const responseLines = fc.array(
  fc.oneof({ arbitrary: locationLine, weight: 4 }, { arbitrary: setCookieLine, weight: 3 }, { arbitrary: dateLine, weight: 2 }, { arbitrary: otherLine, weight: 2 }),
  { maxLength: 6 },
);
const status = fc.oneof({ arbitrary: pick(302, 301), weight: 4 }, { arbitrary: pick(200, 201, 303, 307, 404, 500), weight: 2 });
const backendResponse = fc.record({ status, lines: responseLines });

/** Warning values: with and without a warn-date, several in one line, one that is not a warning. */
const warningValue = pick(
  '110 - "Response is stale"',
  '110 backend "stale" "Sun, 06 Nov 1994 08:49:37 GMT"',
  '199 b.test:80 "misc" "Wed, 21 Oct 2015 07:28:00 GMT"',
  '214 - "x", 110 - "y" "Sun, 06 Nov 1994 08:49:37 GMT"',
  '299 - "a" "not a date"',
  'bogus warning',
  '112 -\t"disconnected"  "Sunday, 06-Nov-94 08:49:37 GMT"',
);
/** Apache-only backend lines: duplicates, odd name case, empty and long values, Warning, Upgrade, framing. */
const apOtherLine = fc.oneof(
  {
    arbitrary: pick<ResponseLine>(
      ['Vary', 'Accept-Encoding, User-Agent'],
      ['vary', 'accept-encoding'],
      ['Vary', ''],
      ['Vary', '*'],
      ['Content-Type', 'text/plain'],
      ['CONTENT-TYPE', 'application/json'],
      ['Content-Type', ''],
      ['Cache-Control', 'private'],
      ['cache-control', 'max-age=0, no-store'],
      ['Link', '<http://127.0.0.1:{{BACKEND_PORT}}/x/a>; rel=preload'],
      ['Link', '</y>; rel=next, </z>; rel=prev'],
      ['Set-Cookie', 'e=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Path=/x/'],
      ['Set-Cookie', 'f=2, g=3; path=/internal/a'],
      ['sEt-CoOkIe', 'h=4; Domain=backend.test'],
      ['X-Empty', ''],
      ['Location', ''],
      ['DATE', 'Wed, 21 Oct 2015 07:28:00 GMT'],
      ['x-CUSTOM', 'MiXeD'],
      ['Upgrade', 'websocket'],
      ['Upgrade', 'h2c'],
      ['Content-Length', '0'],
      ['Transfer-Encoding', 'identity'],
      ['Proxy-Authenticate', 'Basic'],
      ['Proxy-Connection', 'keep-alive'],
      ['Connection', 'Date, X-A'],
      ['Trailer', 'X-T'],
      ['TE', 'trailers'],
      ['Age', '0'],
      ['WWW-Authenticate', 'Basic realm="x"'],
    ),
    weight: 8,
  },
  {
    // Non-ASCII values for the non-ASCII rules (ProxyPassReverse, cookie paths and domains).
    arbitrary: pick<ResponseLine>(
      ['Location', `${B}/ë/z`],
      ['Location', `${B}/Ë/z`],
      ['Location', `${B}/x/\u00a0z`],
      ['Location', 'http://bäck.test/é/x'],
      ['Content-Location', '/ë/y'],
      ['Set-Cookie', 'n=1; path=/ë/x'],
      ['Set-Cookie', 'n=2; Path=/Ë/x; Domain=BäCK.test'],
      ['Set-Cookie', 'n=3; domain=bäck.test'],
    ),
    weight: 2,
  },
  { arbitrary: warningValue.map((v): ResponseLine => ['Warning', v]), weight: 3 },
  { arbitrary: fc.tuple(pick('X-Long', 'Location', 'Set-Cookie', 'Link'), fc.integer({ min: 200, max: 3000 })).map(([n, k]): ResponseLine => [n, n === 'Location' ? `http://backend.test/app/${'a'.repeat(k)}` : n === 'Set-Cookie' ? `long=${'v'.repeat(k)}; path=/x/` : 'y'.repeat(k)]), weight: 1 },
  // Around ResponseFieldSize (8192 bytes a line): 8191 passes, 8192 is a 502.
  { arbitrary: fc.tuple(pick('X-Long', 'Set-Cookie'), fc.integer({ min: 8178, max: 8186 })).map(([n, k]): ResponseLine => [n, 'z'.repeat(k - n.length)]), weight: 1 },
  { arbitrary: pick<ResponseLine>({ raw: ' folded' }, { raw: '\tpath=/x/deep' }, { raw: '  , more' }, { raw: '\t' }), weight: 2 },
  { arbitrary: pick<ResponseLine>({ raw: 'X-Bad : v' }, { raw: 'X-Tab\t: v' }), weight: 1 },
  {
    // hunt3: Via from the backend, blanks around values, empty names and values, a non-ASCII name,
    // duplicate Server/Date, dates that are not dates, framing oddities, URLs with userinfo,
    // fragments, escapes, another scheme, no path
    arbitrary: pick<ResponseLine>(
      ['Via', '1.1 backend'],
      ['via', '1.0 b2, 1.1 b3'],
      { raw: 'Location:\thttp://backend.test/x/a' },
      { raw: 'Location:' },
      { raw: 'Location: /x/t\t' },
      { raw: 'X-NoSpace:v' },
      ['Server', 'b/2'],
      ['server', 'b/3'],
      ['Date', 'Sun, 06 Nov 1994 08:49:37 GMT'],
      ['Expires', '0'],
      ['Expires', '-1'],
      ['Last-Modified', 'Sun Nov  6 08:49:37 1994'],
      // (no line without a colon: simulate is given it as `NoColon:` with an empty value, which Apache takes; its 502 cannot be told)
      { raw: ': novalue' },
      ['X-É', 'v'],
      ['Set-Cookie', ''],
      { raw: 'Set-Cookie:a=1;path=/x/' },
      ['Content-Length', '+0'],
      ['Content-Length', '0, 0'],
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Location', 'HTTP://127.0.0.1:{{BACKEND_PORT}}/x/a'],
      ['Location', '//127.0.0.1:{{BACKEND_PORT}}/x/'],
      ['Location', `${B}/p%20q/z`],
      ['Location', 'ws://127.0.0.1:{{BACKEND_PORT}}/w'],
      ['Content-Location', B],
      ['URI', '<http://backend.test/x/>'],
      ['Location', 'http://user:pw@127.0.0.1:{{BACKEND_PORT}}/u/a'],
      ['Location', 'http://127.0.0.1:{{BACKEND_PORT}}'],
      ['Destination', `${B}/x/d`],
      ['Location', '*'],
      ['Location', `${B}/x/a#frag`],
      ['Location', `${B}/t?a=1`],
      ['Location', 'http://pub.test/x/a'],
      ['X-Forwarded-For', '1.1.1.1'],
      ['Max-Forwards', '3'],
    ),
    weight: 3,
  },
);
/** Apache's backend answer: the shared one plus Apache-only lines and statuses (204, 304, 200 with HEAD...). */
const apBackendResponse = fc
  .record({
    base: backendResponse,
    extra: fc.array(apOtherLine, { maxLength: 4 }),
    rate: fc.nat(2),
    at: fc.nat(8),
    status: maybe(fc.oneof({ arbitrary: pick(204, 304, 200, 426, 410, 103, 100, 102, 304, 204), weight: 10 }, { arbitrary: pick(199, 299, 399, 499, 599, 600, 205, 300, 308, 401, 407), weight: 1 }), 1, 3),
  })
  .map(({ base, extra, rate, at, status }) => {
    if (rate !== 0) return base;
    const lines = [...base.lines];
    const k = Math.min(at, lines.length);
    // A folded continuation line right after the first line makes no sense as the first line.
    lines.splice(k, 0, ...extra);
    while (lines.length > 0 && !Array.isArray(lines[0]) && /^[ \t]/.test(lines[0].raw)) lines.shift();
    return { status: status ?? base.status, lines };
  });

// ---- Apache rule tables -----------------------------------------------------------------------

// Non-ASCII configuration text (httpd compares and sends it as UTF-8 bytes): public paths, backend
// paths (one with a trailing U+00A0, which only C isspace would have trimmed) and their case variants.
const AP_UTF_PREFIXES = ['/é/', '/ü', '/é/ü/', '/É/'];
const apUtfBackend = pick(`${B}/ë/`, `${B}/ü`, `${B}/é/`, `${B}/x/\u00a0`, `${B}/Ë/`);
/** Apache's public paths and backend URLs: the shared ones, and non-ASCII ones one time in ten. */
const apPublicPath = fc.oneof({ arbitrary: publicPath, weight: 9 }, { arbitrary: pick(...AP_UTF_PREFIXES), weight: 1 });
/** Backend URLs with odd parts (hunt3): escapes, `?` and `#`, userinfo, scheme case, a zero-padded port, dot segments, `;`. */
const apOddBackend = pick(
  `${B}/p%20q/`, `${B}/t?a=1`, `${B}/f#frag/`, 'http://user:pw@127.0.0.1:{{BACKEND_PORT}}/u/', 'HTTP://127.0.0.1:{{BACKEND_PORT}}/x/',
  'http://127.0.0.1:0{{BACKEND_PORT}}/x/', `${B}/x/;p=1/`, `${B}//dbl/`, `${B}/./dot/`, `${B}/a/../b/`, `${B}/%7e/`, `"${B}/a b/"`,
);
const apBackendUrl = fc.oneof({ arbitrary: backendUrl, weight: 9 }, { arbitrary: apUtfBackend, weight: 1 }, { arbitrary: apOddBackend, weight: 1 });

/**
 * Worker parameters (hunt3): reuse switches (they decide `Connection`), timeouts and sizes that
 * change nothing modelled, keywords in odd case, balancer-only keys on a plain worker, bad values.
 */
const apWorkerParam = pick(
  ' disablereuse=On', ' disablereuse=off', ' DisableReuse=ON', ' enablereuse=on', ' enablereuse=Off', ' keepalive=On',
  ' timeout=5', ' connectiontimeout=3', ' flushpackets=on', ' ttl=5', ' max=4', ' smax=1', ' retry=abc', ' ping=1',
  ' status=+H', ' iobuffersize=4096', ' responsefieldsize=100', ' addressttl=1', ' NOCANON', ' Interpolate', ' NoQuery',
  ' upgrade=websocket', ' mapping=Servlet', ' mapping=ENCODED', ' route=r1', ' redirect=r2', ' secret=s',
  ' Retry=0', ' ttl=0', ' max=0', ' disablereuse=OFF', ' flushwait=10', ' lbset=1', ' acquire=100', ' min=0',
  // refused by httpd unless the worker is shared with an earlier rule (then ignored, AH01146)
  ' lbmethod=byrequests', ' disablereuse=bogus', ' timeout=abc', ' keepalive=maybe', ' max=-1', ' hcmethod=GET', ' =x',
  // apache5: values set_worker_param refuses that the compiler now checks
  ' status=X', ' status=H-', ' flushwait=1001', ' lbset=100', ` route=${'r'.repeat(64)}`, ` upgrade=${'u'.repeat(16)}`, ` secret=${'é'.repeat(32)}`,
);
const proxyPassFlags = fc.oneof(
  { arbitrary: fc.constant(''), weight: 60 },
  { arbitrary: pick(' nocanon', ' mapping=servlet', ' mapping=encoded', ' noquery', ' retry=0', ' nocanon noquery'), weight: 12 },
  { arbitrary: pick(' bogus', ' mapping=odd'), weight: 1 },
  { arbitrary: fc.array(apWorkerParam, { minLength: 1, maxLength: 2 }).map((xs) => xs.join('')), weight: 8 },
);
const apProxyPass = fc.oneof(
  { arbitrary: fc.tuple(apPublicPath, apBackendUrl, proxyPassFlags).map(([p, u, f]) => `ProxyPass ${p} ${u}${f}`), weight: 8 },
  { arbitrary: fc.tuple(pick('/app/private', '/a/no', '/x/internal', '/static', '/é/no'), fc.constant('!')).map(([p]) => `ProxyPass ${p} !`), weight: 2 },
  {
    arbitrary: fc
      .tuple(pick('^/m/(.*)$', '^/re/(.*)\\.gif$', '^/app/(.*)', '/x/', '^/a(/.*)?$', '^/lm/(.*)$'), pick(`${B}/x/$1`, `${B}/img/$1.png`, `${B}`, `${B}/t`, `${B}$1`, `${B}/q?x=$1`))
      .map(([re, u]) => `ProxyPassMatch ${re} ${u}`),
    weight: 2,
  },
  {
    // On bytes: '.' is one byte of a UTF-8 character, '[é]' a class of two bytes.
    arbitrary: fc
      .tuple(pick('^/é/(.*)$', '^/[éü]x(.*)$', '^/..x(.*)$', '^/ü(.*)$', '^/m/(.*)$'), pick(`${B}/ë/$1`, `${B}/u$1`, `${B}/ü/$1`))
      .map(([re, u]) => `ProxyPassMatch ${re} ${u}`),
    weight: 1,
  },
  { arbitrary: fc.tuple(pick('^/app/', '/x', '^/[ü]+'), backendUrl).map(([re, u]) => `ProxyPass ~ ${re} ${u}`), weight: 1 },
  {
    // hunt3: ProxyPassMatch / ProxyPass ~ with flags and worker parameters, and regex exclusions
    arbitrary: fc
      .tuple(pick('ProxyPassMatch ^/m/(.*)$', 'ProxyPassMatch ^/app/(.*)', 'ProxyPass ~ ^/x/(.*)$', 'ProxyPassMatch ^/a(/.*)?$', 'ProxyPassMatch /private'), pick(`${B}/x/$1`, B, `${B}/t`, '!', `${B}/q?x=$1`), pick(' nocanon', ' interpolate', ' disablereuse=On', ' mapping=servlet', ' noquery', ' enablereuse=off', ' nocanon disablereuse=off', ''))
      .map(([m, u, f]) => `${m} ${u}${u === '!' ? '' : f}`),
    weight: 1,
  },
  {
    // PCRE syntax JS lacks: inline options, POSIX classes, \A \z, \Q..\E, named groups, (?x), an
    // optional group that can match empty (PCRE2 keeps its empty turn)
    arbitrary: fc
      .tuple(
        pick('(?i)^/M/(.*)$', '^/re/([[:alpha:]]+)/(.*)$', '\\A/app/(.*)\\z', '^/a(?P<n>[[:digit:]]*)/(.*)$', '^/m/(?i:x)(\\w*?)?(.*)$', '^/\\Qre\\E/([^/]+)(/.*)?$', '"(?x)^/lm/ (.*) $"', '^/app(?i)/X/([[:^space:]]*)$'),
        pick(`${B}/x/$1`, `${B}/t/$2/$1`, `${B}`, `${B}$1`),
      )
      .map(([re, u]) => `ProxyPassMatch ${re} ${u}`),
    weight: 1,
  },
);
/** WebSocket targets and upgrade= workers (mod_proxy_http tunnels them itself in 2.4.71). */
const apWsPass = fc
  .tuple(pick('/ws/', '/app/', '/a'), pick('ws://127.0.0.1:{{BACKEND_PORT}}/x/', 'WS://127.0.0.1:{{BACKEND_PORT}}/y', `${B}/x/`), pick('', ' upgrade=websocket', ' upgrade=*', ' upgrade=h2c', ' upgrade=WebSocket,h2c', ''))
  .map(([p, u, f]) => `ProxyPass ${p} ${u}${f}`);
const apReverse = fc.oneof(
  { arbitrary: fc.tuple(pick(...PREFIXES, 'foo', 'https://pub.test/'), reverseUrl).map(([f, r]) => `ProxyPassReverse ${f} ${r}`), weight: 120 },
  { arbitrary: fc.tuple(pick(...AP_UTF_PREFIXES), fc.oneof(apUtfBackend, pick('http://bäck.test/', 'http://BÄCK.test/é/'))).map(([f, r]) => `ProxyPassReverse ${f} ${r}`), weight: 8 },
  { arbitrary: fc.tuple(pick('/bal/', '/'), pick('balancer://bal1/', 'balancer://bal1/sub/', 'balancer://nosuch/')).map(([f, r]) => `ProxyPassReverse ${f} ${r}`), weight: 20 },
  { arbitrary: pick('ProxyPassReverse /only-one-arg', `ProxyPassReverse "" ${B}/`), weight: 1 },
  {
    // hunt3: empty or absolute `fake`, a third word (any word sets interpolate), ws:// and
    // path-less `real`, escapes, userinfo and scheme case in `real`
    arbitrary: pick(
      `ProxyPassReverse /x/ ${B}/ foo`,
      `ProxyPassReverse /app/ ${B}/x/ interpolate`,
      'ProxyPassReverse /w/ ws://127.0.0.1:{{BACKEND_PORT}}/',
      'ProxyPassReverse /h/ http://127.0.0.1:{{BACKEND_PORT}}',
      `ProxyPassReverse /p/ ${B}/x/?`,
      `ProxyPassReverse http://pub.test ${B}/`,
      'ProxyPassReverse /app/ HTTP://127.0.0.1:{{BACKEND_PORT}}/APP/',
      `ProxyPassReverse /e/ ${B}/p%20q/`,
      'ProxyPassReverse /u/ http://user:pw@127.0.0.1:{{BACKEND_PORT}}/u/',
      'ProxyPassReverse / /',
      'ProxyPassReverse /r/ x/',
    ),
    weight: 6,
  },
);
const apCookie = fc.oneof(
  { arbitrary: pick('/x/ /app/', '/ /front/', '/backend /front', '/internal/ /', '/X/ /upper/', '/ë/ /é/', '/Ë/ /u/').map((a) => `ProxyPassReverseCookiePath ${a}`), weight: 8 },
  { arbitrary: pick('backend.test front.test', '127.0.0.1 rev.test', '.backend.test .front.test', 'x.internal public.test', 'bäck.test rév.test').map((a) => `ProxyPassReverseCookieDomain ${a}`), weight: 8 },
  {
    // hunt3: empty `fake` or `real`, a root `fake`, a third word, case and ports in domains, one argument
    arbitrary: pick(
      'ProxyPassReverseCookiePath / /mirror/foo/',
      'ProxyPassReverseCookiePath /x/ /y/ whatever',
      'ProxyPassReverseCookiePath /x/deep /d',
      'ProxyPassReverseCookieDomain BACKEND.TEST front.test',
      'ProxyPassReverseCookieDomain backend.test:8080 p.test',
      'ProxyPassReverseCookieDomain d /dd',
      'ProxyPassReverseCookieDomain backend.test front.test interpolate',
      'ProxyPassReverseCookiePath /x/ /mirror/ whatever',
      'ProxyPassReverseCookieDomain .Backend.Test .f.test x',
      // refused by httpd (TAKE23: an empty word ends the arguments): kept rare
      'ProxyPassReverseCookiePath /x/ ""',
      'ProxyPassReverseCookieDomain "" e.test',
      'ProxyPassReverseCookiePath /x/',
    ),
    weight: 1,
  },
);
/** hunt3: settings in odd case or explicit defaults, bad values, SetEnvIf spellings. */
const apOddSetting = pick(
  'ProxyVia Off',
  'ProxyAddHeaders On',
  'ProxyPreserveHost Off',
  'ProxyVia full',
  'ProxyPreserveHost on',
  'UseCanonicalName dns',
  'AllowEncodedSlashes off',
  'MergeSlashes off',
  'ProxyVia Bogus',
  'ProxyPreserveHost',
  'SetEnvIf Request_URI "^/app" no-proxy=1',
  'SetEnvIf request_uri "x" no-proxy',
  'SetEnvIf Request_URI "foo" !no-proxy',
  'SetEnvIf Request_URI "^/a" no-proxy\nSetEnvIf Request_URI "^/app" !no-proxy',
  'ProxyPassInterpolateEnv On',
);
const apSetting0 = pick(
  'UseCanonicalName DNS',
  'UseCanonicalPhysicalPort On',
  'ProxyPreserveHost On',
  'ProxyAddHeaders Off',
  'ProxyVia On',
  'ProxyVia Full',
  'ProxyVia Block',
  'UseCanonicalName On',
  'UseCanonicalName Off',
  'AllowEncodedSlashes On',
  'AllowEncodedSlashes NoDecode',
  'MergeSlashes Off',
  'ServerAlias alias.test',
  'SetEnvIf Request_URI "private" no-proxy',
  'SetEnvIf Request_URI "^/é" no-proxy',
  'SetEnvIfNoCase Request_URI "^/É/ü" no-proxy',
);
const apSetting = fc.oneof({ arbitrary: apSetting0, weight: 16 }, { arbitrary: apOddSetting, weight: 2 });
const apLocation = fc
  .tuple(pick('/app/', '/app', '/a/', '/lwild/*', '/x/', '/é/', '/ü'), maybe(apBackendUrl, 2), maybe(reverseUrl, 2), maybe(apCookie), fc.boolean(), maybe(pick('ProxyPreserveHost On', 'UseCanonicalName On', 'ProxyAddHeaders Off')))
  .map(([path, pp, rev, cookie, match, setting]) => {
    const kind = match && !path.includes('*') ? 'LocationMatch' : 'Location';
    const p = kind === 'LocationMatch' ? `"^${path}"` : path;
    return [`<${kind} ${p}>`, ...lines([pp && `  ProxyPass ${pp}`, rev && `  ProxyPassReverse ${rev}`, cookie && `  ${cookie}`, setting && `  ${setting}`]), `</${kind}>`].join('\n');
  });
/**
 * The wider sections: `<Location ~ "re">`, `<LocationMatch>` with a regex `fake` for ProxyPass,
 * nested globs, settings inside (UseCanonicalName DNS, UseCanonicalPhysicalPort, ProxyAddHeaders Off,
 * ProxyPassInterpolateEnv), mapping=servlet, ws:// targets. Several may match one request.
 */
const apSection = fc
  .tuple(
    pick('<Location /app>', '<Location /app/x>', '<Location ~ "^/app/(x|y)">', '<Location ~ "/x/">', '<LocationMatch "^/lm/(.*)$">', '<LocationMatch "^/app/([a-z]+)">', '<Location /app/*/x>', '<Location /a*>', '<Location "/x/">', '<Location />', '<LocationMatch "\\.gif$">', '<Location /sv>', '<Location /a*/*>', '<LocationMatch "^/(app|x)/">', '<Location /é>', '<LocationMatch "^/(é|ü)">', '<Location /x/??/>', '<Location /ü*>'),
    maybe(fc.tuple(fc.oneof({ arbitrary: pick(`${B}/loc/`, `${B}/loc`, `${B}/l/$1`, 'ws://127.0.0.1:{{BACKEND_PORT}}/wsl/', `${B}/sv/`, `${B}/ë/`), weight: 12 }, { arbitrary: pick('!', `${B}/loc/ disablereuse=On`, `${B}/l/\${BK}/ interpolate`, `M ${B}/m/$1`, `M ${B}/m/`, `${B}/a/\n  ProxyPass ${B}/b/`), weight: 1 }), pick('', '', ' mapping=servlet', ' nocanon', ' upgrade=websocket')), 3, 1),
    maybe(fc.oneof({ arbitrary: pick(`ProxyPassReverse ${B}/loc/`, 'ProxyPassReverse http://backend.test/', 'ProxyPassReverseCookiePath /x/ /sec/', 'ProxyPassReverseCookieDomain backend.test sec.test'), weight: 12 }, { arbitrary: pick(`ProxyPassReverse ${B}/loc/ interpolate`, `ProxyPassReverse ${B}/loc/ foo`, 'ProxyPassReverse /x/ http://backend.test/', 'ProxyPassReverseCookiePath /x/ /sec/ whatever', `ProxyPassReverse ${B}/l/\${BK}/ interpolate`, '<Location /in>\n  ProxyPass http://127.0.0.1:{{BACKEND_PORT}}/in/\n  </Location>'), weight: 1 }), 2, 1),
    fc.array(pick('UseCanonicalName DNS', 'UseCanonicalName On', 'UseCanonicalName Off', 'UseCanonicalPhysicalPort On', 'ProxyAddHeaders Off', 'ProxyAddHeaders On', 'ProxyPreserveHost On', 'ProxyPreserveHost Off', 'ProxyPassInterpolateEnv On'), { maxLength: 2 }),
  )
  .map(([open, pp, rev, settings]) => {
    const kind = open.startsWith('<LocationMatch') ? 'LocationMatch' : 'Location';
    // `M url`: the one-argument ProxyPassMatch of a section
    const directive = pp && pp[0].startsWith('M ') ? `ProxyPassMatch ${pp[0].slice(2)}` : pp && `ProxyPass ${pp[0]}`;
    const pass = pp && `  ${directive}${(pp[0].startsWith('ws') && pp[1] === ' mapping=servlet') || pp[0] === '!' ? '' : pp[1]}`;
    return [open, ...lines([pass, rev && `  ${rev}`, ...settings.map((x) => `  ${x}`)]), `</${kind}>`].join('\n');
  });
/** `<Proxy>` / `<ProxyMatch>` on the backend URL (bytes, before canonicalisation), with and without a core directive. */
const apProxySection = fc
  .tuple(
    pick(`<Proxy ${B}/x/>`, `<Proxy ${B}/ë/>`, `<Proxy ${B}/?/*>`, `<Proxy ${B}/??/*>`, '<Proxy *>', `<ProxyMatch ^${B}/../>`, `<Proxy ${B}/%C3%AB/>`),
    fc.array(pick('Options None', 'LimitRequestBody 100', 'Require all granted', 'ProxyPreserveHost On', 'ProxyAddHeaders Off', 'UseCanonicalName On'), { minLength: 1, maxLength: 2 }),
  )
  .map(([open, body]) => [open, ...body.map((x) => `  ${x}`), open.startsWith('<ProxyMatch') ? '</ProxyMatch>' : '</Proxy>'].join('\n'));
/** hunt3: balancer parameters on the ProxyPass line and member parameters (one in six). */
const apBalancerParam = pick(' lbmethod=byrequests', ' stickysession=JSESSIONID', ' nofailover=On', ' maxattempts=1', ' growth=2', ' timeout=1', ' failonstatus=500', ' scolonpathdelim=On', ' forcerecovery=Off', ' disablereuse=On', ' nonce=None', ' stickysession=a|b',
  // apache5: values set_balancer_param refuses
  ' growth=0', ' lbmethod=bogus', ' lbmethod=BYREQUESTS', ' nofailover=maybe', ' failonstatus=600', ' failonstatus=500,,503', ' stickysessionsep=ab', ' stickysessionsep=.', ` nonce=${'n'.repeat(37)}`);
const apMemberParam = pick(' route=r1', ' loadfactor=2', ' disablereuse=On', ' enablereuse=Off', ' retry=0', ' redirect=r2', ' ttl=5', ' smax=1', ' flushpackets=on', ' lbmethod=byrequests', ' bogus=1', ' status=Z', ' lbset=100', ' flushwait=-1');
/** apache5: a member of a balancer that is not balancer:// (accepted by httpd, never consulted). */
const apInertMember = pick(`BalancerMember ${B}/ ${B}/mem disablereuse=On`, `BalancerMember HTTP://B/x ${B}/bal/ max=-1`, `<Proxy ${B}/bal/>\n  BalancerMember ${B}/bal/ disablereuse=On\n</Proxy>`);
const apBalancer = fc.tuple(pick('/mem', '', '/mem/', '/ë/'), fc.boolean(), maybe(apBalancerParam, 1, 5), maybe(apMemberParam, 1, 5), maybe(apInertMember, 1, 8)).map(([mp, route, bp, mp2, inert]) =>
  lines([`<Proxy balancer://bal1>`, `  BalancerMember ${B}${mp}${mp2 ?? ''}`, `</Proxy>`, (route ? `ProxyPass /bal/ balancer://bal1/sub/` : 'ProxyPass /bal/ balancer://bal1/') + (bp ?? ''), inert]).join('\n'),
);
const apServerName = fc.oneof(
  { arbitrary: pick('ServerName rev.test', 'ServerName rev.test', 'ServerName rev.test:8080', 'ServerName https://secure.test', 'ServerName Rev.Test', null), weight: 6 },
  { arbitrary: pick('ServerName rev.test:{{PORT}}', 'ServerName http://rev.test:8080', 'ServerName https://secure.test:8443', 'ServerName REV.test:80', 'ServerName https://rev.test:443', 'ServerName rev.test.'), weight: 2 },
);

/**
 * ProxyPassInterpolateEnv with `interpolate` rules: SetEnvIf Request_URI sets variables from the
 * request path (some rules name a variable that is never set), and `${VAR}` stands in ProxyPass
 * paths, ProxyPassReverse and the cookie rules.
 */
const apInterp = fc
  .record({
    on: fc.oneof({ arbitrary: fc.constant('ProxyPassInterpolateEnv On'), weight: 4 }, { arbitrary: pick('ProxyPassInterpolateEnv Off', null), weight: 1 }),
    env: fc.array(pick('SetEnvIf Request_URI "^/app" BK=/x', 'SetEnvIf Request_URI "^/(a|x)/" PFX=/$1', 'SetEnvIf Request_URI "." PUB=/app', 'SetEnvIfNoCase Request_URI "^/API" BK=/y', 'SetEnvIf Request_URI "foo" !BK', 'SetEnvIf Request_URI "bar" CK=/x/', 'SetEnvIf Request_URI "." BK=/ë', 'SetEnvIf Request_URI "^/é" PFX=/é'), { minLength: 1, maxLength: 3 }),
    pass: fc.array(pick(`ProxyPass /app/ ${B}/r\${BK}/ interpolate`, `ProxyPass \${PFX}/ ${B}/p/ interpolate`, `ProxyPass /a/ ${B}/r\${NOPE}/n/ interpolate`, `ProxyPass /x/ ${B}/r\${BK}/ interpolate`, `ProxyPass /app/ ${B}/r\${BK}/`, `ProxyPassMatch ^/i/(.*)$ ${B}/r\${BK}/$1 interpolate`, `ProxyPass /é/ ${B}\${BK}/ interpolate`), { minLength: 1, maxLength: 2 }),
    reverse: fc.array(pick(`ProxyPassReverse \${PUB}/ ${B}\${BK}/ interpolate`, `ProxyPassReverse / http://backend.test\${BK} interpolate`, `ProxyPassReverse /app/ \${NOPE} interpolate`, `ProxyPassReverse \${PUB} http://backend.test/`, 'ProxyPassReverseCookiePath ${CK} /front interpolate', 'ProxyPassReverseCookiePath /x/ ${PUB} interpolate', 'ProxyPassReverseCookieDomain backend.test ${BK}.test interpolate'), { maxLength: 2 }),
  })
  .map((r) => lines([r.on, ...r.env, ...r.pass, ...r.reverse]).join('\n'));

/** An Apache case: a rule table (ProxyPass/Match, exclusions, sections, reverse, cookie rules). */
export const apacheCase: fc.Arbitrary<OracleCase> = fc
  .record({
    serverName: apServerName,
    settings: fc.array(apSetting, { maxLength: 2 }),
    pass: fc.array(apProxyPass, { minLength: 1, maxLength: 3 }),
    reverse: fc.array(apReverse, { maxLength: 3 }),
    cookies: fc.array(apCookie, { maxLength: 2 }),
    location: maybe(apLocation, 1, 2),
    sections: fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 3 }, { arbitrary: fc.array(apSection, { minLength: 1, maxLength: 3 }), weight: 2 }),
    // A server-level ProxyPass on a path a section names too (which one wins, in which phase).
    sameSrv: maybe(pick(`ProxyPass /app ${B}/srv/`, `ProxyPass /app/x ${B}/srv2/`, `ProxyPass /sv ${B}/srv3/ mapping=servlet`, `ProxyPass /lm/ ${B}/srv4/`, 'ProxyPass /app/x !'), 1, 3),
    interp: maybe(apInterp, 1, 4),
    ws: maybe(apWsPass, 1, 8),
    servlet: maybe(pick(`ProxyPass /sv/ ${B}/servlet/ mapping=servlet`, `ProxyPass /app/ ${B}/s/ mapping=servlet`, `ProxyPass /sv ${B}/sv mapping=servlet`), 1, 10),
    balancer: maybe(apBalancer, 1, 6),
    proxySection: maybe(apProxySection, 1, 8),
    catchAll: fc.boolean(),
    request: apRequest,
    absolute: maybe(apAbsolute, 1, 12),
    servletSeg: maybe(pick('x;jsessionid=1', '..;', '.;a', 'a;b/..;c', ';p=1', 'x;/..;/y'), 1, 8),
    // Non-ASCII in the target: a segment appended, or the UTF-8 of the target %-encoded.
    utfSeg: maybe(pick('é', 'ü/x', '%C3%A9', 'ë', 'x/àb', '%A9x'), 1, 8),
    utfEncode: fc.nat(2),
    tweak: maybe(apTargetTweak, 1, 12),
    tail: targetTail,
    response: apBackendResponse,
  })
  .map((r) => {
    const c = aim({
      dialect: 'apache' as const,
      config: lines([
        r.serverName,
        ...r.settings,
        r.interp,
        r.balancer,
        r.servlet,
        r.ws,
        r.sections.length > 0 ? r.sameSrv : null,
        ...r.pass,
        r.catchAll ? `ProxyPass / ${B}/root/` : null,
        ...r.reverse,
        ...r.cookies,
        r.location,
        ...r.sections,
        r.proxySection,
      ]).join('\n'),
      request: r.request,
      response: r.response,
    }, r.tail);
    let target = c.request.target;
    if (r.servletSeg !== null) {
      const q = target.indexOf('?');
      const path = q < 0 ? target : target.slice(0, q);
      target = `${path.endsWith('/') ? path : path + '/'}${r.servletSeg}${q < 0 ? '' : target.slice(q)}`;
    }
    if (r.utfSeg !== null) {
      const q = target.indexOf('?');
      const path = q < 0 ? target : target.slice(0, q);
      target = `${path.endsWith('/') ? path : path + '/'}${r.utfSeg}${q < 0 ? '' : target.slice(q)}`;
    }
    if (r.utfEncode === 0 && /[^\0-\x7f]/.test(target)) {
      target = [...target].map((ch) => (ch.charCodeAt(0) > 0x7f ? encodeURIComponent(ch) : ch)).join('');
    }
    if (r.tweak !== null) {
      const q = target.indexOf('?');
      if (r.tweak.startsWith('=')) target = r.tweak.slice(1);
      else if (r.tweak.startsWith('?') || r.tweak.startsWith('#')) target += r.tweak;
      else target = q < 0 ? target.replace(/\/$/, '') + r.tweak : target.slice(0, q).replace(/\/$/, '') + r.tweak + target.slice(q);
    }
    if (r.absolute !== null && target.startsWith('/')) target = r.absolute + target;
    return target === c.request.target ? c : { ...c, request: { ...c.request, target } };
  });

// ---- nginx rule tables ------------------------------------------------------------------------

const ngUpstreamUrl = pick('http://{{UP}}', 'http://{{UP}}/u/', 'http://{{UP}}/');
// Non-ASCII configuration text (nginx holds it as UTF-8 bytes and compares, sends and rewrites it as
// such): location names, proxy_pass URIs, rules and backend lines. Nothing here splits a character
// into lone bytes that reach an output (the wire decodes outputs as UTF-8).
const NG_UTF_PREFIXES = ['/é/', '/ü', '/é/ü/', '/ë/'];
/** proxy_pass with variables: `$bk` is set at server level to the backend's address (see nginxCase). */
const ngVarPass = pick(
  'http://$bk',
  'http://$bk$request_uri',
  'http://$bk/v$uri',
  'http://$bk/q?$args',
  'http://$bk/h/$host',
  'http://$bk$uri$is_args$args',
  'http://{{UP}}$uri',
  'http://$bk/',
  'http://$bk/ë$uri',
);
const ngProxyPass = fc.oneof(
  { arbitrary: pick(...BPATHS).map((p) => `${B}${p}`), weight: 6 },
  { arbitrary: ngUpstreamUrl, weight: 1 },
  { arbitrary: pick(`${B}?only=1`, `${B}/x?static=1`, 'HTTP://127.0.0.1:{{BACKEND_PORT}}/x/', 'http://127.0.0.1:{{BACKEND_PORT}}/%20/'), weight: 1 },
  { arbitrary: ngVarPass, weight: 2 },
  { arbitrary: pick('https://127.0.0.1:{{BACKEND_PORT}}', 'https://127.0.0.1:{{BACKEND_PORT}}/s/', 'https://{{UP}}/'), weight: 1 },
  { arbitrary: pick(`${B}/ë/`, `${B}/ö`, `${B}/é/ü/`, `${B}/ë?é=ü`, 'http://$bk/ü/x?é=1'), weight: 1 },
);
/** proxy_pass for regex locations: captures of the location's regex, no URI part otherwise. */
const ngRegexPass = pick(B, 'http://$bk/cap/$1', 'http://$bk/c/$1$is_args$args', 'http://{{UP}}', 'http://$bk/$2', 'https://127.0.0.1:{{BACKEND_PORT}}', 'http://$bk/ö/$1');
const ngRedirect = fc.oneof(
  { arbitrary: pick('default', 'default', 'default', 'off'), weight: 2 },
  { arbitrary: fc.tuple(reverseUrl, pick('/', '/a/', '/app/', 'mapped/', '""', 'http://pub.test/')).map(([p, r]) => `${p.endsWith('/') ? p : p + '/'} ${r}`), weight: 4 },
  { arbitrary: pick('~^http://other(:\\d+)?/(.*)$ /other/$2', '~*BACKEND /upper', '/ /', '~^(.+)/x/(.*)$ $1/y/$2', '"" /pre'), weight: 2 },
  {
    // variables and captures on both sides, odd patterns
    arbitrary: pick(
      'http://$proxy_host/ /p/',
      '$scheme://$proxy_host/ $scheme://$host/',
      'http://127.0.0.1:$proxy_port/ /pp/',
      `${B}/ $scheme://$host:$server_port/`,
      '~^https?://127\\.0\\.0\\.1:\\d+(/.*)?$ $1',
      '~*^http://backend\\.test(?<rest>/.*)$ /named$rest',
      '~^/(.*)$ /rel/$1',
      '~^(?:http://[^/]+)?/x/(.*) https://pub.test/x/$1',
      'http://backend.test $host',
      '/x/ $request_uri',
      '~url= /bad',
      '; /semi/',
    ),
    weight: 2,
  },
  {
    arbitrary: pick(
      `${B}/ë/ /é/`,
      '/ë/ /é/',
      `${B}/ë/ $scheme://ü.test/`,
      '~^http://[^/]+/ë/(.*)$ /é/$1',
      '~*^http://[^/]+/Ë/(.*)$ /É/$1',
      '~*^/X[ë] /m',
      'http://bäck.test/ /ä/',
    ),
    weight: 1,
  },
  {
    // hunt3: a pattern that may evaluate to "" (matches everything), a captured variable in the
    // pattern, empty replacements, a regex that matches only part of the value
    arbitrary: pick('$arg_r /r/', `${B}$arg_r /ar/`, '$http_x_go /go/', '"" ""', '$arg_r ""', '~/x/ ""', '~^http://127\\.0\\.0\\.1:(\\d+) /port-$1', 'http://127.0.0.1:{{BACKEND_PORT}} /noslash', '~* ^HTTP://127 /ci'),
    weight: 1,
  },
).map((a) => `proxy_redirect ${a};`);
const ngCookie = fc.oneof(
  { arbitrary: pick('/x/ /app/', '/ /front/', '/backend /front', '~*^/X/(.*)$ /rx-$1').map((a) => `proxy_cookie_path ${a};`), weight: 16 },
  { arbitrary: pick('backend.test front.test', '.backend.test example.com', '~^(.+)\\.internal$ $1.public').map((a) => `proxy_cookie_domain ${a};`), weight: 16 },
  { arbitrary: fc.constant('proxy_cookie_flags one;'), weight: 1 },
  { arbitrary: pick('sid secure httponly samesite=lax', '~^tmp nosecure nohttponly nosamesite', 'a secure', 'sid secure', 'sid secure', 'tmp1 httponly', 'a samesite=strict', 'sid nosecure').map((a) => `proxy_cookie_flags ${a};`), weight: 8 },
  {
    arbitrary: pick(
      'proxy_cookie_path off;',
      'proxy_cookie_domain off;',
      'proxy_cookie_flags off;',
      'proxy_cookie_path ~^/x/(.*)$ /y/$1;',
      'proxy_cookie_path ~^(/internal)(/.*)?$ $2;',
      'proxy_cookie_path / $uri;',
      'proxy_cookie_path /X/ /upper/;',
      'proxy_cookie_domain ~^(?<dd>[^.]+)\\.test$ $dd.example;',
      'proxy_cookie_domain 127.0.0.1 $host;',
      'proxy_cookie_domain BACKEND.test $server_name;',
      'proxy_cookie_flags ~ secure samesite=none;',
      'proxy_cookie_flags sid samesite=strict secure httponly;',
      'proxy_cookie_flags ~^(sid|a)$ nohttponly samesite=lax;',
      'proxy_cookie_flags path secure;',
      'proxy_cookie_flags $arg_c secure;',
      'proxy_cookie_flags a SameSite=Lax Secure;',
    ),
    weight: 10,
  },
  {
    arbitrary: pick(
      'proxy_cookie_path /ë/ /é/;',
      'proxy_cookie_path ~^/ë/(.*)$ /é/$1;',
      'proxy_cookie_path ~*^/x[ë] /m;',
      'proxy_cookie_domain ë.test é.test;',
      'proxy_cookie_domain .ë.test .é.test;',
      'proxy_cookie_domain ~^(.+)\\.ë$ $1.é;',
      'proxy_cookie_flags é secure;',
      'proxy_cookie_flags ~^É httponly;',
      'proxy_cookie_flags ~^x[é] secure;',
    ),
    weight: 4,
  },
  {
    // hunt3: patterns that evaluate to "" (path: every value; domain: only "" or "."), empty
    // replacements, variables as patterns, flags by a variable that may be empty
    arbitrary: pick(
      'proxy_cookie_path "" /pre;',
      'proxy_cookie_path /x/ "";',
      'proxy_cookie_path $arg_c /c/;',
      'proxy_cookie_domain "" x.test;',
      'proxy_cookie_domain $arg_d x.test;',
      'proxy_cookie_domain backend.test "";',
      'proxy_cookie_path ~^/x/ "";',
      'proxy_cookie_flags ~ nosecure;',
      'proxy_cookie_flags sid httponly nohttponly;',
      'proxy_cookie_flags sid samesite=lax samesite=strict;',
      'proxy_cookie_flags SID SECURE;',
    ),
    weight: 2,
  },
);
const ngSetting = pick(
  'proxy_set_header Host $host;',
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header X-Real-IP $remote_addr;',
  'proxy_set_header Host "";',
  'proxy_set_header Accept-Encoding "";',
  'proxy_http_version 1.1;',
  'server_name_in_redirect on;',
  'port_in_redirect off;',
  'absolute_redirect off;',
  'proxy_pass_request_headers off;',
);
/** The wider settings: headers set from variables, emptied, hidden, passed; versions and redirects. */
/** hunt3: duplicate names, hop-by-hop names set, values with blanks; hidden/passed framing and X-Accel names. */
const ngHunt3Setting = pick(
  'proxy_set_header X-A 1;\n  proxy_set_header x-a 2;',
  'proxy_set_header Keep-Alive x;',
  'proxy_set_header TE $http_te;',
  'proxy_set_header Expect $http_expect;',
  'proxy_set_header Transfer-Encoding "";',
  'proxy_set_header Host $proxy_host;',
  'proxy_set_header Host "$host:1";',
  'proxy_set_header X-Sp "  a  ";',
  'proxy_set_header Connection $http_connection;',
  'proxy_set_header Proxy-Connection "";',
  'proxy_set_header Upgrade "";',
  'proxy_pass_header X-Accel-Redirect;',
  'proxy_pass_header X-Accel-Buffering;',
  'proxy_hide_header Content-Length;',
  'proxy_hide_header Refresh;',
  'proxy_hide_header Cache-Control;',
  'proxy_hide_header Expires;',
  'proxy_pass_header Connection;',
  'proxy_pass_header Keep-Alive;',
  'proxy_pass_header Content-Length;',
  'proxy_pass_header Transfer-Encoding;',
  'proxy_hide_header Server;',
  'proxy_pass_header X-Accel-Charset;',
  'proxy_hide_header X-Dup;',
  'proxy_hide_header Location;\n  proxy_pass_header Location;',
);
const ngWideSetting = pick(
  'proxy_set_header X-Host $host;',
  'proxy_set_header Host $http_host;',
  'proxy_set_header Host $host:$server_port;',
  'proxy_set_header Connection "";',
  'proxy_set_header X-Empty "";',
  'proxy_set_header Cookie "";',
  'proxy_set_header X-Uri $request_uri;',
  'proxy_set_header X-Args $args;',
  'proxy_set_header X-Proxy $proxy_host:$proxy_port;',
  'proxy_set_header X-Arg $arg_a;',
  'proxy_set_header X-Ck $cookie_a;',
  'proxy_set_header Upgrade $http_upgrade;',
  'proxy_set_header Connection "upgrade";',
  'proxy_set_header X-Dup $http_x_dup;',
  'proxy_set_header x-mixed "set";',
  'proxy_set_header Content-Length "";',
  'proxy_set_header X-Scheme $scheme;',
  'proxy_set_header X-Utf "ü$uri";',
  'proxy_set_header X-Go $http_x_go;',
  'proxy_hide_header X-Custom;',
  'proxy_hide_header Content-Type;',
  'proxy_hide_header Set-Cookie;',
  'proxy_hide_header location;',
  'proxy_hide_header Link;',
  'proxy_pass_header Server;',
  'proxy_pass_header Date;',
  'proxy_pass_header X-Accel-Expires;',
  'proxy_pass_header X-Pad;',
  'proxy_http_version 1.1;',
  'proxy_http_version 1.0;',
  'proxy_pass_request_headers off;',
  'absolute_redirect off;',
  'absolute_redirect on;',
  'port_in_redirect off;',
  'port_in_redirect on;',
  'server_name_in_redirect on;',
);
/** Rewrite-module lines for a location (or the server, with `srv`): rewrites, returns, sets, ifs. */
const ngAsciiScript = pick(
  'rewrite ^/app/(.*)$ /x/$1 break;',
  'rewrite ^(.*)$ $1?r=1 break;',
  'rewrite ^/a/(.*)$ /app/$1 last;',
  'rewrite ^/b(.*)$ /c$1 redirect;',
  'rewrite ^ http://pub.test$uri permanent;',
  'rewrite ^/app/(.*)$ /y/$1?;',
  'rewrite ^/x/(.*)$ /x/$1 break;',
  'rewrite ^/static(.*) $1 break;',
  'rewrite ^/(app|x)/(.*)$ https://pub.test/$2?from=$1;',
  'rewrite ^/c/(.*)$ /c/new/$1?q=$1 last;',
  'return 301 /moved$uri;',
  'return 302 http://pub.test/;',
  'return 404;',
  'return 200 ok;',
  'return 307 $scheme://$host:$server_port/t;',
  'return 308 /p?$args;',
  'return 301 https://pub.test$request_uri;',
  'return 302 x/rel;',
  'set $args "a=1&b=2";',
  'set $v $uri;',
  'break;',
  'if ($arg_a) { return 403; }',
  'if ($http_x_go = yes) { rewrite ^ /x/go break; }',
  'if ($request_method = POST) { return 405; }',
  'if ($uri ~ ^/app/(.+)$) { set $tail $1; }',
  'if ($args ~* "next=") { return 302 /next; }',
  'if ($http_x_dup) { set $args "dup=$http_x_dup"; }',
);
/** hunt3: `if` blocks holding their own proxy_pass (no URI part allowed there), an empty `if`, `return 444`. */
const ngHunt3Script = pick(
  `if ($arg_p) { proxy_pass ${B}; }`,
  'if ($arg_p) { proxy_pass http://$bk; }',
  `if ($request_method = HEAD) { proxy_pass ${B}; }`,
  'if ($arg_if) { }',
  'if ($uri ~ ^/app/(.*)$) { proxy_pass http://$bk/if/$1; }',
  'if ($http_x_go) { proxy_pass http://{{UP}}; }',
  `if ($arg_p) { proxy_pass ${B}/uri/; }`,
  'return 444;',
  'if ($arg_p) { return 444; }',
  'if ($args) { set $args ""; }',
);
const ngScript = fc.oneof({ arbitrary: ngHunt3Script, weight: 1 }, { arbitrary: ngAsciiScript, weight: 6 }, { arbitrary: pick(
  'rewrite ^/é/(.*)$ /ë/$1 break;',
  'rewrite ^/é/(.*)$ /ë/$1 last;',
  'rewrite ^/é/(.*)$ /ü/$1?k=$1 redirect;',
  'return 301 /é$uri;',
  'return 302 http://ü.test/é$request_uri;',
  'if ($uri ~ é) { return 302 /hit; }',
  'if ($http_x_go = é) { rewrite ^ /é/go break; }',
  'if ($request_uri ~* ^/CAFé) { return 302 /ci; }',
  'set $v é;',
), weight: 1 });
const ngLocationName = fc.oneof(
  { arbitrary: publicPath, weight: 6 },
  { arbitrary: pick('= /app', '^~ /x/', '~ ^/re/(.*)$', '~* \\.gif$', '= /a/'), weight: 2 },
  { arbitrary: pick('= /', '^~ /static', '~ ^/(app|x)/(.*)$', '~* ^/API/', '~ (?<leaf>[^/]+)$', '/app/x', '= /x/', '^~ /app/', '~ ^/c/(.*)$', '/c/'), weight: 2 },
  {
    // On bytes: '[é]' is a class of two bytes, '~*' folds ASCII letters only.
    arbitrary: pick(...NG_UTF_PREFIXES, '= /é', '^~ /é/', '~ ^/ü/(.*)$', '~* ^/CAFé/', '~ ^/[é]x', '~* ^/x[^é]', '~ ^/\\S+é$'),
    weight: 1,
  },
  {
    // PCRE syntax JS lacks: POSIX classes, inline options, named groups in three spellings, \Q..\E,
    // \A \z, an optional group that can match empty
    arbitrary: pick('~ ^/re/([[:alpha:]]+)/(.*)$', '~* ^/(?-i)API/', '~ ^/app(?i)/X/', `~ "^/c/(?'leaf'[[:alnum:]]*)$"`, '~ ^/(?P<leaf>[[:lower:]]+)/', '~ ^/x/\\Q.\\E(.*)$', '~ ^/re/(\\w*?)?(.*)$', '~ \\A/app/(.*)\\z'),
    weight: 1,
  },
);
/** A nested location inside a prefix location (its name is extended, or a regex). */
const ngNested = (outer: string) =>
  fc
    .tuple(pick('x/', 'in/', 'foo', ''), fc.boolean(), maybe(fc.oneof(ngProxyPass, fc.constant(`${B}/nested/`)), 4, 1), maybe(ngRedirect, 1, 2))
    .map(([ext, regex, pass, red]) => {
      const base = outer.endsWith('/') ? outer : outer + '/';
      const name = regex ? `~ ^${base}(in|x)` : `${base}${ext}`;
      const p = pass && regex ? pass.replace(/^(https?:\/\/[^/?]+).*$/i, '$1') : pass;
      return [`  location ${name} {`, ...lines([p && `    proxy_pass ${p};`, red && `    ${red}`]), '  }'].join('\n');
    });
const ngLocation = fc
  .record({
    name: ngLocationName,
    pass: maybe(ngProxyPass, 8, 1),
    regexPass: ngRegexPass,
    redirects: fc.array(ngRedirect, { maxLength: 2 }),
    redirectFirst: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
    cookies: fc.array(ngCookie, { maxLength: 2 }),
    settings: fc.array(fc.oneof({ arbitrary: ngSetting, weight: 2 }, { arbitrary: ngWideSetting, weight: 3 }, { arbitrary: ngHunt3Setting, weight: 1 }), { maxLength: 2 }),
    script: fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 5 }, { arbitrary: fc.array(ngScript, { minLength: 1, maxLength: 2 }), weight: 2 }),
    nested: fc.nat(9),
    limit: maybe(pick('GET', 'GET POST', 'POST', 'HEAD'), 1, 12),
    named: maybe(fc.constant(true), 1, 15),
  })
  .chain((l) => (l.nested === 0 && !l.name.startsWith('~') && !l.name.startsWith('=') ? ngNested(l.name.replace(/^\^~ /, '')).map((n) => ({ ...l, inner: n })) : fc.constant({ ...l, inner: null as string | null })))
  .map((l) => {
    const isRegex = l.name.startsWith('~');
    // A URI part in a regex location is refused: keep it to one case in eight.
    const noUri = isRegex && l.pass !== null && l.redirects.length % 8 !== 7;
    let passUrl = noUri && l.pass ? (l.nested % 2 === 0 && l.pass !== null ? l.regexPass : l.pass.replace(/^(https?:\/\/[^/?]+).*$/i, '$1')) : l.pass;
    if (passUrl && l.limit && l.nested % 3 === 0) passUrl = passUrl.replace(/^(https?:\/\/[^/?]+).*$/i, '$1');
    const pass = passUrl ? `  proxy_pass ${passUrl};` : null;
    // Keep the refused mixes (`default` without proxy_pass, `off` beside other rules) rare.
    let reds = l.pass ? l.redirects : l.redirects.filter((x) => !x.includes('default') || l.cookies.length === 2);
    if (reds.length > 1 && l.cookies.length !== 2) reds = reds.filter((x) => x !== 'proxy_redirect off;');
    if (passUrl && passUrl.includes('$')) reds = reds.filter((x) => !x.includes('default') || l.cookies.length === 2);
    const red = reds.map((x) => `  ${x}`);
    const body = l.redirectFirst ? [...red, pass] : [pass, ...red];
    // one time in four the block has no proxy_pass of its own: it inherits the location's (URI part and all)
    const limit = l.limit && (l.nested % 4 === 1 ? `  limit_except ${l.limit} { }` : `  limit_except ${l.limit} {\n    proxy_pass ${B};\n  }`);
    return [
      `location ${l.name} {`,
      ...lines([...l.script.map((x) => `  ${x}`), ...body, ...l.cookies.map((x) => `  ${x}`), ...l.settings.map((x) => `  ${x}`), limit, l.inner]),
      '}',
      ...(l.named !== null ? [`location @fallback {\n  proxy_pass ${B};\n}`] : []),
    ].join('\n');
  });

/** nginx-only request headers: underscores, empty values, duplicates, body framing, upgrades. */
const ngExtraRequestHeader = pick<[string, string]>(
  ['X_Under', 'u'],
  ['X-Empty', ''],
  ['X-Dup', 'c'],
  ['X-Forwarded-For', '9.9.9.9'],
  ['Cookie', 'a=3'],
  ['X-Go', 'yes'],
  ['Content-Length', '0'],
  ['Upgrade', 'websocket'],
  ['Connection', 'upgrade'],
  ['Connection', 'keep-alive'],
  ['X.Dot', '1'],
  ['X-Sp', 'a  b'],
  ['Expect', '100-continue'],
  ['Host', 'second.test'],
  ['Transfer-Encoding', 'identity'],
  ['X-Go', 'é'],
  ['X-Go', 'É'],
  // hunt3: blanks around values, a name that is not a token, a Host with trailing blanks
  ['X-Sp', '  a  b  '],
  ['X-Tab', 'a\tb\t'],
  ['X@Y', '1'],
  ['X-Go', ' yes '],
  ['Max-Forwards', '0'],
);
/** Hosts only the nginx cases draw (invalid ones answer 400). */
const ngOddHost = pick('Rev.TEST.:{{PORT}}', 'rev..test', 'rev.test:', '', 'rev_test', 'rev.test:abc', '[::1', 'REV.TEST', 'a/b', '127.0.0.1', '[::ffff:127.0.0.1]:{{PORT}}', 'ä.test:{{PORT}}', 'rev.test:{{PORT}}  ', '\trev.test', 'rev.test.', 'REV.test:0{{PORT}}');
/** Absolute-form prefixes for nginx request-targets. */
const ngAbsolute = pick('http://rev.test', 'http://REV.test:{{PORT}}', 'https://secure.test', 'http://[::1]:{{PORT}}', 'http://other.test:8080', 'HTTP://rev.test.', 'http://a..b');
/** nginx-only target changes: fragments, encoded dots and slashes, NUL, `+`, a lone `?`, deep dot segments. */
const ngTargetTweak = pick(
  '#frag',
  '/%2e%2e/',
  '/.%2E/x',
  '/a%2fb',
  '/%00',
  '/a+b%2B',
  '?',
  '/../..',
  '/%C3%A9',
  '/caf\u00e9?q=\u00e9',
  '//x//',
  '?a=%zz&b',
  '/%7Euser/',
  '/é/ü',
  '/%C3%A9/x',
  '/ë/q?a=é',
  '/CAFé/',
  '/xé',
  // hunt3: raw bytes outside the URI grammar (a space: nginx reads HTTP/0.9-style), control bytes,
  // queries that decide `if` blocks, an absolute-form without a path (`=` replaces the whole target)
  '/"q"', '/<x>', '/{a}', '/a|b', '/a\\b', '/a^b', '/a`b', '/a b', '/a\u0001b', '/a\u007fb', '?p=1', '?if=1&p=1', '?r=/z', '?c=/x/',
  '=http://rev.test', '=http://rev.test?x=1', '=http://rev.test:{{PORT}}?p=1', '=*',
);

const ngRequest = fc
  .record({
    base: request,
    method: maybe(fc.oneof({ arbitrary: pick('POST', 'PUT', 'HEAD', 'DELETE', 'get'), weight: 5 }, { arbitrary: pick('TRACE', 'PATCH', 'M-SEARCH', 'X_Y', 'OPTIONS', 'CONNECT'), weight: 1 }), 1, 8),
    odd: maybe(ngOddHost, 1, 14),
    extra: fc.array(ngExtraRequestHeader, { maxLength: 2 }),
    extraRate: fc.nat(3),
    v10: fc.oneof({ arbitrary: fc.constant(0), weight: 14 }, { arbitrary: fc.constant(1), weight: 1 }),
  })
  .map(({ base, method, odd, extra, extraRate, v10 }) => {
    let headers = base.headers.map(([n, v]) => [n, v] as [string, string]);
    if (odd !== null) headers = headers.map(([n, v]) => (n === 'Host' ? [n, odd] : [n, v]));
    if (extraRate === 0) headers = [...headers, ...extra];
    let httpVersion = base.httpVersion;
    if (v10 === 1) {
      httpVersion = '1.0';
      headers = headers.filter(([n]) => n !== 'Host');
    }
    return { ...base, method: method ?? base.method, headers, ...(httpVersion ? { httpVersion } : {}) };
  });

/** nginx-only backend lines: duplicates, hidden names, blanks and tabs, Refresh forms, framing. */
const ngOtherLine = fc.oneof(
  {
    arbitrary: pick<ResponseLine>(
      ['Content-Type', 'text/plain'],
      ['content-type', 'application/json'],
      ['Content-Type', ''],
      ['X-Accel-Buffering', 'no'],
      ['X-Accel-Charset', 'utf-8'],
      ['X-Accel-Limit-Rate', '1000'],
      ['x-pad', 'pad'],
      ['SERVER', 'b/2'],
      ['Date', 'Wed, 21 Oct 2015 07:28:00 GMT'],
      ['X-Dup', '1'],
      ['x-dup', '3'],
      ['Refresh', '0;url=http://127.0.0.1:{{BACKEND_PORT}}/x/a'],
      ['Refresh', '5; URL = http://127.0.0.1:{{BACKEND_PORT}}/'],
      ['Refresh', "3;url='http://127.0.0.1:{{BACKEND_PORT}}/q'"],
      ['Refresh', '10'],
      ['refresh', '1; url=/x/rel'],
      ['Location', 'http://127.0.0.1:{{BACKEND_PORT}}/x/a?b=c#f'],
      ['Location', 'HTTP://127.0.0.1:{{BACKEND_PORT}}/'],
      ['Location', 'https://127.0.0.1:{{BACKEND_PORT}}/s/x'],
      ['Location', '/'],
      ['Location', 'x/y'],
      ['Location', 'http://{{UP}}/u/z'],
      ['Location', '//127.0.0.1:{{BACKEND_PORT}}/x/'],
      ['Content-Length', '0'],
      ['Content-Length', '00'],
      ['Content-Length', '5'],
      ['WWW-Authenticate', 'Basic realm="x"'],
      ['Expires', 'Thu, 01 Jan 1970 00:00:01 GMT'],
      ['Cache-Control', 'private'],
      ['Vary', 'Accept-Encoding'],
      ['Accept-Ranges', 'bytes'],
      ['Last-Modified', 'Wed, 21 Oct 2015 07:28:00 GMT'],
      ['ETag', 'W/"x"'],
      ['Set-Cookie', 'sid=1; Path=/x/; Domain=backend.test; Secure; HttpOnly; SameSite=None'],
      ['Set-Cookie', 'a=1;;Path=/X/deep;  samesite = strict ;secure'],
      ['Set-Cookie', 'tmp1=v; path=/internal/a/b; domain=.x.internal'],
      ['Set-Cookie', 'noequals; Path=/x/'],
      ['Set-Cookie', '=empty; Path=/x/'],
      ['Set-Cookie', 'sid=2; Domain=127.0.0.1; Path=/'],
      ['Set-Cookie', 'a=1, b=2; Path=/x/'],
      ['Set-Cookie', 'sid=3; SameSite; Secure=yes; HttpOnly=1'],
      ['Set-Cookie', ''],
    ),
    weight: 12,
  },
  {
    arbitrary: pick<ResponseLine>(
      { raw: 'X-Trail: v \t' },
      { raw: 'X-Tab: v\t' },
      { raw: 'Location: http://127.0.0.1:{{BACKEND_PORT}}/x/t\t' },
      { raw: 'Location:  /x/sp   ' },
      { raw: 'X-NoSpace:v' },
      { raw: 'X-Empty:' },
      { raw: 'X_Under: 1' },
      { raw: 'Set-Cookie:sid=1;path=/x/' },
      { raw: 'Refresh:0;url=http://backend.test/x/' },
      { raw: 'Content-Type:  text/html ; charset=utf-8  ' },
      { raw: 'X-Utf8: caf\u00e9' },
      ['Location', 'http://127.0.0.1:{{BACKEND_PORT}}/ë/z'],
      ['Location', 'http://127.0.0.1:{{BACKEND_PORT}}/Ë/z'],
      ['Location', '/ë/x'],
      ['Location', '/xë'],
      ['Location', 'http://bäck.test/q'],
      ['Refresh', '0; url=http://127.0.0.1:{{BACKEND_PORT}}/ë/r'],
      ['Set-Cookie', 'a=1; Path=/ë/x; Domain=ë.test'],
      ['Set-Cookie', 'b=1; path=/Xë; domain=.ë.test'],
      ['Set-Cookie', 'é=1; Path=/'],
      ['Set-Cookie', 'É=1; Domain=a.ë'],
      ['Set-Cookie', 'xé=1'],
    ),
    weight: 4,
  },
  {
    arbitrary: pick<ResponseLine>({ raw: 'X Space: v' }, { raw: 'X-Bad : v' }, { raw: 'NoColon' }, ['Content-Length', 'abc'], ['Content-Length', '-1'], { raw: ' folded' }),
    weight: 1,
  },
  {
    // internal redirects, a repeated status line, framing and upgrade lines
    arbitrary: pick<ResponseLine>(
      ['X-Accel-Redirect', '/x/acc'],
      ['X-Accel-Redirect', '@fallback'],
      ['X-Accel-Redirect', '/static/a%20b?x=1'],
      ['X-Accel-Redirect', '/../x'],
      ['X-Accel-Redirect', '/ë/x'],
      ['X-Accel-Redirect', '/%C3%A9/q?x=ü'],
      ['x-accel-redirect', '/app/'],
      { raw: 'HTTP/1.1 200 OK' },
      ['Transfer-Encoding', 'chunked'],
      ['Upgrade', 'websocket'],
      ['Content-Disposition', 'attachment'],
    ),
    weight: 2,
  },
  {
    // hunt3: blanks inside and around, empty and odd X-Accel values, Refresh without a delay or
    // with a trailing part, charset forms, framing oddities, cookies with repeated attributes,
    // Locations without a path, scheme-relative, query- or fragment-only
    arbitrary: pick<ResponseLine>(
      // values starting with a TAB: nginx skips only SP after the colon, the TAB stays in the value
      { raw: 'X-Lead-Tab:\tv' },
      { raw: 'X-Lead-Tab: \t v\t' },
      { raw: 'Location:\thttp://127.0.0.1:{{BACKEND_PORT}}/x/t' },
      { raw: 'Set-Cookie:\tsid=1; Path=/x/' },
      { raw: 'Location:' },
      { raw: 'Location:  http://127.0.0.1:{{BACKEND_PORT}}/x/t' },
      ['X-Accel-Redirect', ''],
      ['X-Accel-Redirect', 'relative'],
      ['X-Accel-Redirect', '/x/acc?a=%20'],
      ['X-Accel-Expires', '@10'],
      ['Refresh', 'url=/x/a'],
      ['Refresh', '0; URL=http://127.0.0.1:{{BACKEND_PORT}}/x/a; other'],
      ['Refresh', '0,url=http://127.0.0.1:{{BACKEND_PORT}}/x/'],
      ['Content-Type', 'text/html;charset="utf-8"'],
      ['Content-Type', 'text/html; charset=iso-8859-1'],
      ['Content-Length', ' 5'],
      ['Content-Length', '5, 5'],
      ['Content-Length', '99999999999999999999'],
      ['Transfer-Encoding', 'identity'],
      ['Transfer-Encoding', 'gzip, chunked'],
      ['Set-Cookie', 'a=1; Path=/x/;Path=/y/'],
      ['Set-Cookie', 'a=1; Domain=.BACKEND.TEST'],
      ['Set-Cookie', 'sid=1; secure; SECURE'],
      ['Set-Cookie', 'sid=1; samesite=lax; SameSite=None'],
      ['Set-Cookie', 'sid=1;secure;httponly'],
      ['Set-Cookie', 'sid=1; Path='],
      ['Set-Cookie', 'sid=1; Domain=.'],
      ['Location', 'http://127.0.0.1:{{BACKEND_PORT}}'],
      ['Location', 'http://{{UP}}'],
      ['Location', '//backend'],
      ['Location', '?q'],
      ['Location', '#f'],
      ['Accept-Ranges', 'none'],
      ['X-Powered-By', 'x'],
      ['Status', '404'],
      ['Server', ''],
      ['Date', 'bad'],
    ),
    weight: 3,
  },
);
/** nginx's backend answer: the shared one plus nginx-only lines and statuses (1xx, 204, 304, 206...). */
const ngBackendResponse = fc
  .record({
    base: backendResponse,
    extra: fc.array(ngOtherLine, { maxLength: 4 }),
    rate: fc.nat(2),
    at: fc.nat(8),
    status: maybe(fc.oneof({ arbitrary: pick(204, 304, 200, 100, 101, 102, 103, 206, 400, 401, 502, 308, 300), weight: 10 }, { arbitrary: pick(199, 299, 399, 499, 599, 600, 999, 205, 407), weight: 1 }), 1, 3),
  })
  .map(({ base, extra, rate, at, status }) => {
    if (rate === 0) return base;
    const lines = [...base.lines];
    const k = Math.min(at, lines.length);
    lines.splice(k, 0, ...extra);
    while (lines.length && !Array.isArray(lines[0]) && /^[ \t]/.test(lines[0].raw)) lines.shift();
    return { status: status ?? base.status, lines };
  });

/** An nginx case: locations with proxy_pass (with and without URI), proxy_redirect, proxy_cookie_*. */
export const nginxCase: fc.Arbitrary<OracleCase> = fc
  .record({
    serverName: fc.oneof(
      { arbitrary: pick('server_name rev.test;', 'server_name rev.test alias.test;', 'server_name .rev.test;', null), weight: 6 },
      { arbitrary: pick('server_name _;', 'server_name *.rev.test rev.test;', 'server_name ~^(?<sub>[a-z]+)\\.test$;', 'server_name REV.Test;', 'server_name "";', 'server_name rev.test:8080;', 'server_name ü.test;'), weight: 1 },
    ),
    merge: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, { arbitrary: fc.constant('merge_slashes off;'), weight: 1 }),
    headersParse: fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 10 }, { arbitrary: fc.array(pick('underscores_in_headers on;', 'ignore_invalid_headers off;'), { minLength: 1, maxLength: 2 }), weight: 1 }),
    tail: targetTail,
    serverLevel: fc.array(fc.oneof(ngRedirect.filter((r) => !r.includes('default')), ngCookie, ngSetting, ngWideSetting), { maxLength: 2 }),
    serverScript: fc.oneof({ arbitrary: fc.constant([] as string[]), weight: 8 }, { arbitrary: fc.array(ngScript.filter((s) => !s.startsWith('break') && !s.includes('proxy_pass')), { minLength: 1, maxLength: 2 }), weight: 1 }),
    locations: fc.uniqueArray(ngLocation, { minLength: 1, maxLength: 3, selector: (l) => l.split(' {')[0] }),
    catchAll: fc.boolean(),
    request: fc.oneof({ arbitrary: request, weight: 8 }, { arbitrary: ngRequest, weight: 4 }, { arbitrary: request.map((r) => ({ ...r, target: `http://rev.test${r.target}` })), weight: 1 }),
    absolute: maybe(ngAbsolute, 1, 20),
    tweak: maybe(ngTargetTweak, 1, 8),
    // a non-ASCII target sent raw (UTF-8) or %-encoded
    utfEncode: fc.nat(2),
    response: fc.oneof({ arbitrary: backendResponse, weight: 2 }, { arbitrary: ngBackendResponse, weight: 1 }),
  })
  .map((r) => {
    let locations = r.locations;
    // named locations may stand once per server
    let seenNamed = false;
    locations = locations.map((l) => {
      if (!l.includes('location @fallback')) return l;
      if (seenNamed) return l.replace(/\nlocation @fallback \{[\s\S]*$/, '');
      seenNamed = true;
      return l;
    });
    const config = lines([r.serverName, r.merge, ...r.headersParse, ...r.serverLevel, ...r.serverScript, ...locations]).join('\n');
    const usesUp = config.includes('{{UP}}');
    const usesBk = config.includes('$bk');
    const c = aim({
      dialect: 'nginx' as const,
      config: lines([
        usesUp ? 'upstream {{UP}} {\n  server 127.0.0.1:{{BACKEND_PORT}};\n}' : null,
        usesBk ? 'set $bk 127.0.0.1:{{BACKEND_PORT}};' : null,
        config,
        r.catchAll && !locations.some((l) => l.startsWith('location / {')) ? `location / {\n  proxy_pass ${B}/root/;\n}` : null,
      ]).join('\n'),
      request: r.request,
      response: r.response,
    }, r.tail);
    let target = c.request.target;
    if (r.tweak !== null) {
      const q = target.indexOf('?');
      if (r.tweak.startsWith('=')) target = r.tweak.slice(1);
      else target = r.tweak.startsWith('?') || r.tweak.startsWith('#') ? target + r.tweak : (q < 0 ? target.replace(/\/$/, '') + r.tweak : target.slice(0, q).replace(/\/$/, '') + r.tweak + target.slice(q));
    }
    if (r.utfEncode === 0 && /[^\0-\x7f]/.test(target)) {
      target = [...target].map((ch) => (ch.charCodeAt(0) > 0x7f ? encodeURIComponent(ch) : ch)).join('');
    }
    if (r.absolute !== null && target.startsWith('/')) target = r.absolute + target;
    return target === c.request.target ? c : { ...c, request: { ...c.request, target } };
  });

/** The arbitrary for one dialect. */
export function caseArbitrary(dialect: 'apache' | 'nginx'): fc.Arbitrary<OracleCase> {
  return dialect === 'apache' ? apacheCase : nginxCase;
}

/** `n` cases drawn with `seed` (deterministic). */
export function sampleCases(dialect: 'apache' | 'nginx', n: number, seed: number): OracleCase[] {
  return fc.sample(caseArbitrary(dialect), { numRuns: n, seed });
}
