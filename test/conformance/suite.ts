// The conformance suite every dialect runs: the laws of DESIGN.md "Testing" as fast-check
// properties over one `Dialect` contract. A dialect supplies its configuration text for one
// reverse-proxy mapping; known deviations of a server are declared as data with a reason.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { BackendResponse, ClientRequest, Dialect, HeaderList, SimulateResult } from '../../src/core/types.js';

/** One reverse-proxy mapping in the dialect's own directives. */
export interface Mapping {
  /** Public path prefix, starting and ending with `/`. */
  prefix: string;
  /** Backend URL `http://host:port/path/`, path ending with `/`. */
  backend: string;
  /** A Set-Cookie path rule: backend path prefix -> public path. */
  cookiePath?: [from: string, to: string];
  /** A Set-Cookie domain rule: backend domain -> public domain. */
  cookieDomain?: [from: string, to: string];
}

/** The dialect's configuration text for a mapping. */
export interface ConformanceConfigs {
  /**
   * Apache: `ProxyPass` + `ProxyPassReverse` (+ `ProxyPassReverseCookiePath/Domain`); nginx: a
   * `location` with `proxy_pass` (its implicit `proxy_redirect default`) and `proxy_cookie_*`.
   */
  proxy(mapping: Mapping): string;
}

/** A deliberate deviation of the real server from a law: the named tests are skipped, with why. */
export interface Skip {
  reason: string;
  tests: readonly LawName[];
}

export interface ConformanceOptions<C> {
  dialect: Dialect<C>;
  configs: ConformanceConfigs;
  skip?: readonly Skip[];
  /** fast-check runs per property. (default: `CONFORMANCE_RUNS` from the environment, else 300) */
  numRuns?: number;
}

export const LAWS = [
  'any string input yields a result, never an exception',
  'no output header name or value contains CR, LF or NUL',
  'inputs are not mutated',
  'a response header value no rule matches comes back identical',
  'only the Path value of a Set-Cookie changes',
  'only the Domain value of a Set-Cookie changes',
  'a backend redirect round-trips to the public URL',
] as const;
export type LawName = (typeof LAWS)[number] | `row: ${string}`;

/**
 * Shared rows, observed identically on apache2 2.4.71 and nginx 1.22.1 (loopback, listening on
 * 18080, backend 127.0.0.1:18081, `Host: localhost:18080`, backend answering 302 with the Location):
 * [public prefix, backend path, request target, backend Location path, backend target, client Location].
 */
export const ROUND_TRIP_ROWS: readonly (readonly [string, string, string, string, string, string])[] = [
  ['/app/', '/api/', '/app/x?q=1', '/api/home/~u?a=b&c=d', '/api/x?q=1', 'http://localhost:18080/app/home/~u?a=b&c=d'],
  ['/', '/v1/app/', '/', '/v1/app/login/', '/v1/app/', 'http://localhost:18080/login/'],
  ['/a/b/', '/', '/a/b/A-Z/x.y', '/_', '/A-Z/x.y', 'http://localhost:18080/a/b/_'],
];

// ---- vocabulary -------------------------------------------------------------------------------

const PREFIXES = ['/', '/app/', '/a/b/', '/x-y/', '/App/'];
const BACKEND_PATHS = ['/', '/api/', '/v1/app/', '/app/'];
// IP literals: nginx resolves proxy_pass host names when it reads its configuration.
const BACKEND_HOSTS = ['127.0.0.1', '127.0.0.2', '10.1.2.3', '[::1]'];
// No explicit :80: Apache drops it from the forwarded URL and the Host it sends (apache-httpd-2.4.md
// §3, "an explicit port equal to the scheme default is removed"), nginx sends `Host: h` too (nginx
// R26), so the backend's own redirects then lack the `:80` that ProxyPassReverse / proxy_redirect
// default compare literally: with both servers such a pair does not round-trip.
const BACKEND_PORTS = [8080, 3000, 18081];
const PUBLIC_HOSTS = ['www.example.com', 'localhost', 'rev.test', 'a.b', '127.0.0.1', 'x-1.example'];
const LISTEN_PORTS = [80, 8080, 29180];
// Unreserved characters only (RFC 3986 2.3) and no dot-segments: nothing a server re-encodes or
// normalises, so a path reaches the backend and comes back byte for byte.
const SEGMENTS = ['a', 'b', 'home', 'login', 'x.y', 'A-Z', '~u', '_', '0'];
const QUERIES = ['', '?q=1', '?a=b&c=d', '?next=x'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const relPath = fc
  .tuple(fc.array(pick(SEGMENTS), { maxLength: 3 }), fc.boolean(), pick(QUERIES))
  .map(([segs, slash, q]) => segs.join('/') + (slash && segs.length ? '/' : '') + q);
const backendUrl = fc
  .tuple(pick(BACKEND_HOSTS), pick(BACKEND_PORTS), pick(BACKEND_PATHS))
  .map(([h, p, path]) => ({ origin: `http://${h}:${p}`, path }));

/** Strings that reach the engine from the network (raw CR, LF and NUL included). */
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
/** Pieces a server's HTTP parser lets through: encoded controls, but no raw CR, LF or NUL. */
const WIRE_PIECES = ['%0D', '%0a', '%00', '%0d%0a', '%', '%2F', '/', '..', '.', '?', '#', '&', '=', ';', ',', ' ', '\t',
  'a', 'Z', '/app/', 'http://', '127.0.0.1:8080', '\u00e9', '\u20ac', ':', '@', '\\', '"', "'", '\u0085', '\u2028'];
const wireString = fc.array(pick(WIRE_PIECES), { maxLength: 12 }).map((xs) => xs.join(''));

const COOKIE_NAMES = ['a', 'sid', 'SESSION', 'x_y'];
const COOKIE_VALUES = ['1', 'abc', '', 'a%20b', 'x=y'];
const OTHER_ATTRS = ['HttpOnly', 'Secure', 'SameSite=Lax', 'Max-Age=3600', 'Expires=Wed, 09 Jun 2021 10:18:14 GMT', 'Priority=High'];

/**
 * `name=value` followed by attributes in canonical form (`; ` before each, no blanks around `=`,
 * no empty attribute, no trailing `;`), exactly one of which is `<attr>=<value>`. nginx rewrites
 * the layout of any cookie it touches, so a non-canonical one would change outside the value.
 */
function cookieWith(attr: 'Path' | 'Domain', values: readonly string[]) {
  return fc
    .tuple(
      pick(COOKIE_NAMES),
      pick(COOKIE_VALUES),
      fc.subarray(OTHER_ATTRS),
      fc.nat(),
      pick([attr, attr.toLowerCase(), attr.toUpperCase()]),
      pick(values),
    )
    .map(([name, value, others, at, spelled, v]) => {
      const attrs = [...others];
      const i = at % (attrs.length + 1);
      attrs.splice(i, 0, `${spelled}=${v}`);
      const text = [`${name}=${value}`, ...attrs].join('; ');
      const start = text.indexOf(`; ${spelled}=`) + spelled.length + 3;
      return { text, start, end: start + v.length };
    });
}

// ---- helpers ------------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function outputHeaders(result: SimulateResult): HeaderList {
  return [...(result.forward?.headers ?? []), ...(result.response?.headers ?? [])];
}

const values = (headers: HeaderList, name: string) =>
  headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);

/** A vitest assertion with its own message; it throws, so fast-check sees the failing input. */
function expectThat(ok: boolean, message: string): void {
  expect(ok, message).toBe(true);
}

// ---- the suite ----------------------------------------------------------------------------------

/**
 * Registers one vitest test per law for `dialect`. Laws named in `skip` are skipped and their
 * reason printed, so a deviation is visible in every run.
 */
export function runConformance<C>({
  dialect, configs, skip = [], numRuns = Number(process.env.CONFORMANCE_RUNS) || 300,
}: ConformanceOptions<C>): void {
  const skipped = new Map<string, string>();
  for (const s of skip) for (const t of s.tests) skipped.set(t, s.reason);
  const law = (name: LawName, body: () => void) => {
    const reason = skipped.get(name);
    if (reason !== undefined) {
      console.info(`[${dialect.name}] skipped "${name}": ${reason}`);
      test.skip(`${name} (skipped: ${reason})`, body);
    } else {
      test(name, body);
    }
  };
  const compiled = new Map<string, C>();
  const compile = (m: Mapping) => {
    const text = configs.proxy(m);
    let c = compiled.get(text);
    if (c === undefined) compiled.set(text, (c = dialect.compile(text)));
    return c;
  };
  const BASE: Mapping = {
    prefix: '/app/', backend: 'http://127.0.0.1:8080/api/',
    cookiePath: ['/backend/', '/front/'], cookieDomain: ['backend.internal', 'front.example'],
  };
  const exchange = (m: Mapping, request: ClientRequest, response?: BackendResponse) =>
    dialect.exchange(compile(m), request, response);

  for (const [p, b, target, location, backendTarget, expected] of ROUND_TRIP_ROWS) {
    law(`row: ${p} -> ${b}: GET ${target}, backend 302 ${location}`, () => {
      const backend = 'http://127.0.0.1:18081';
      const r = exchange({ prefix: p, backend: backend + b }, { target, port: 18080, headers: [['Host', 'localhost:18080']] },
        { status: 302, headers: [['Location', backend + location]] });
      expect(r.forward?.url).toBe(backend + backendTarget);
      expect(values(r.response?.headers ?? [], 'Location')).toEqual([expected]);
    });
  }

  law('any string input yields a result, never an exception', () => {
    fc.assert(
      fc.property(anyString, anyString, anyString, anyString, fc.boolean(), (target, host, header, location, withPrefix) => {
        const request: ClientRequest = {
          target: withPrefix ? `/app/${target}` : target,
          headers: [['Host', host], ['X-In', header]],
        };
        const response: BackendResponse = {
          status: 302,
          headers: [['Location', location], ['Set-Cookie', header], ['X-Out', location]],
        };
        const r = exchange(BASE, request, response);
        expectThat(r !== null && typeof r === 'object' && Array.isArray(r.warnings), 'not a result');
        expectThat(r.forward === null || typeof r.forward.url === 'string', 'forward without url');
      }),
      { numRuns },
    );
  });

  law('no output header name or value contains CR, LF or NUL', () => {
    // Precondition: the inputs hold no raw CR, LF or NUL (the servers' HTTP parsers refuse such
    // messages); percent-encoded ones (%0D%0A%00) anywhere in the target and the header values.
    fc.assert(
      fc.property(wireString, wireString, wireString, wireString, pick(PREFIXES), (target, header, location, cookie, p) => {
        const request: ClientRequest = {
          target: `${p}${target}`,
          headers: [['Host', 'www.example.com'], ['X-In', header], ['Cookie', cookie]],
        };
        const response: BackendResponse = {
          status: 302,
          headers: [
            ['Location', `http://127.0.0.1:8080/api/${location}`], ['Content-Location', location],
            ['Set-Cookie', `a=1; Path=/backend/${cookie}; Domain=backend.internal${cookie}`], ['Refresh', `0; url=${location}`],
          ],
        };
        for (const [n, v] of outputHeaders(exchange({ ...BASE, prefix: p }, request, response))) {
          expectThat(!/[\r\n\0]/.test(n) && !/[\r\n\0]/.test(v), `control character in ${JSON.stringify([n, v])}`);
        }
      }),
      { numRuns },
    );
  });

  law('inputs are not mutated', () => {
    fc.assert(
      fc.property(wireString, wireString, wireString, (target, header, location) => {
        const request = deepFreeze<ClientRequest>({
          method: 'POST', target: `/app/${target}`, scheme: 'http', port: 8080, remoteAddress: '192.0.2.1',
          headers: [['Host', 'www.example.com'], ['X-In', header], ['Connection', 'X-In'], ['X-Forwarded-For', '198.51.100.1']],
        });
        const response = deepFreeze<BackendResponse>({
          status: 302,
          headers: [['Location', `http://127.0.0.1:8080/api/${location}`], ['Set-Cookie', `a=1; Path=/backend/${location}`],
            ['Connection', 'X-Out'], ['X-Out', '1'], ['Date', 'Wed, 09 Jun 2021 10:18:14 GMT']],
        });
        const before = JSON.stringify([request, response]);
        // A frozen input makes any write throw in strict-mode module code.
        exchange(BASE, request, response);
        expectThat(JSON.stringify([request, response]) === before, 'input changed');
      }),
      { numRuns },
    );
  });

  law('a response header value no rule matches comes back identical', () => {
    // Precondition: the value has no leading or trailing blank (the servers' parsers strip them),
    // the Location is absolute on a host that is not the backend's, and the header names are ones
    // neither server generates, hides or reorders by value (Date, Server, Content-Length are).
    const value = fc
      .string({ unit: fc.constantFrom(...'abcXYZ09 -_./:;,=?&%"\'()<>@'.split('')), minLength: 1, maxLength: 30 })
      .filter((s) => s.trim() === s);
    const foreign = fc
      .tuple(pick(['http://foreign.example', 'https://127.0.0.9:8443', 'http://www.example.com']), relPath)
      .map(([o, r]) => `${o}/${r}`);
    fc.assert(
      fc.property(backendUrl, pick(PREFIXES), foreign, value, value, pick(['X-Test', 'Link', 'Cache-Control', 'ETag', 'Content-Type']),
        (b, p, location, v, cookie, name) => {
          const m: Mapping = { prefix: p, backend: b.origin + b.path };
          const headers: [string, string][] = [['Location', location], [name, v], ['Set-Cookie', `${cookie}; Path=/`]];
          const r = exchange(m, { target: p, port: 8080, headers: [['Host', 'www.example.com:8080']] }, { status: 302, headers });
          const out = r.response?.headers ?? [];
          expectThat(values(out, 'Location')[0] === location, `Location ${JSON.stringify(values(out, 'Location'))}`);
          expectThat(values(out, name)[0] === v, `${name} ${JSON.stringify(values(out, name))}`);
          expectThat(values(out, 'Set-Cookie')[0] === `${cookie}; Path=/`, `Set-Cookie ${JSON.stringify(values(out, 'Set-Cookie'))}`);
        }),
      { numRuns },
    );
  });

  const onlyValueChanges = (attr: 'Path' | 'Domain', rule: [string, string], vocabulary: readonly string[]) => () => {
    fc.assert(
      fc.property(cookieWith(attr, vocabulary), ({ text, start, end }) => {
        const m: Mapping = { ...BASE, cookiePath: undefined, cookieDomain: undefined, [attr === 'Path' ? 'cookiePath' : 'cookieDomain']: rule };
        const r = exchange(m, { target: '/app/x', headers: [['Host', 'www.example.com']] }, { status: 200, headers: [['Set-Cookie', text]] });
        const out = values(r.response?.headers ?? [], 'Set-Cookie');
        expectThat(out.length === 1, `Set-Cookie lines: ${JSON.stringify(out)}`);
        const o = out[0];
        const tail = text.slice(end);
        const ok = o.startsWith(text.slice(0, start)) && o.endsWith(tail) && o.length - tail.length >= start;
        expectThat(ok, `${JSON.stringify(text)} became ${JSON.stringify(o)}`);
      }),
      { numRuns },
    );
  };
  law('only the Path value of a Set-Cookie changes',
    onlyValueChanges('Path', ['/backend/', '/front/'], ['/backend/', '/backend/x', '/backend/x/y', '/Backend/x', '/other', '/', '/backendfoo']));
  law('only the Domain value of a Set-Cookie changes',
    onlyValueChanges('Domain', ['backend.internal', 'front.example'], ['backend.internal', 'BACKEND.Internal', 'other.test', '.backend.internal', 'backend.internal.evil', 'sub.backend.internal']));

  law('a backend redirect round-trips to the public URL', () => {
    // Preconditions: the public prefix and the backend path both start and end with `/`; the host
    // names are lower case; the client's Host names the port the proxy listens on (none for 80);
    // the request and the redirect paths use unreserved characters only, with no dot-segment; the
    // backend redirects to its own URL exactly as the configuration spells it, which has an explicit
    // port other than 80 (see BACKEND_PORTS).
    // Law: the request goes to backend + rest, and the redirect comes back as
    // http://host[:port] + prefix + rest2, the URL the client would use.
    fc.assert(
      fc.property(pick(PREFIXES), backendUrl, pick(PUBLIC_HOSTS), pick(LISTEN_PORTS), relPath, relPath,
        (p, b, host, port, rest, rest2) => {
          const authority = port === 80 ? host : `${host}:${port}`;
          const r = exchange({ prefix: p, backend: b.origin + b.path }, { target: p + rest, port, headers: [['Host', authority]] },
            { status: 302, headers: [['Location', b.origin + b.path + rest2]] });
          expectThat(r.forward?.url === b.origin + b.path + rest, `forwarded to ${r.forward?.url ?? r.reason}`);
          const locations = values(r.response?.headers ?? [], 'Location');
          expectThat(locations.length === 1 && locations[0] === `http://${authority}${p}${rest2}`, `Location ${JSON.stringify(locations)}`);
        }),
      { numRuns },
    );
  });
}
