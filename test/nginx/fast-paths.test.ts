// The fast paths against their definitions, on generated configurations and values: proxy_redirect
// found by the prefix index on the text itself (its result made absolute on the way) against the
// rule-by-rule scan on bytes; Set-Cookie scanned by index against nginx's parse / edit / serialise
// of the pieces; the one-pass response against the line-by-line reading of nginx's upstream module.
// The definitions below follow ngx_http_proxy_rewrite_redirect, ngx_http_proxy_rewrite_cookie and
// ngx_http_upstream_process_headers step by step, on byte strings, with no shortcut; and the
// escaping and unescaping patterns against ngx_escape_uri / ngx_unescape_uri's byte loops.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { equalsIgnoreCase, startsWithIgnoreCase } from '../../src/core/ascii.js';
import type { BackendResponse, ClientResponse, HeaderList } from '../../src/core/types.js';
import { compileNginx, loadNginxTable, nginxEscapeUri, nginxProxyCookie, nginxProxyRedirect, prepareNginx } from '../../src/nginx/index.js';
import { unescapeUri } from '../../src/nginx/forward.js';
import { serializeTable } from '../../src/core/table.js';
import { fromBinary, lowerName, toBinary, trimHeaderValue } from '../../src/nginx/binary.js';
import type { CookieFlagsRule, CookieRule, LocConf, NginxConfig, RedirectRule } from '../../src/nginx/types.js';
import { evaluate, execRegex, type RequestVars } from '../../src/nginx/variables.js';
import type { NginxScope } from '../../src/nginx/maps.js';

// ---------------------------------------------------------------------------------------------
// The definitions.

/** One rule list tried in order on a byte string (the handlers of ngx_http_proxy_rewrite_*). */
function scan(rules: readonly (RedirectRule | CookieRule)[], v: string, vars: RequestVars, domain: boolean): string | null {
  for (const rule of rules) {
    if (rule.regex) {
      const caps = execRegex(rule.regex, v, vars);
      if (!caps) continue;
      vars.captures = caps;
      return evaluate(rule.replacement, vars, caps);
    }
    const p = evaluate(rule.pattern!, vars);
    if (domain) {
      const dot = v.startsWith('.') ? 1 : 0;
      if (!equalsIgnoreCase(v.slice(dot), p)) continue;
      return v.slice(0, dot) + evaluate(rule.replacement, vars);
    }
    if (!v.startsWith(p)) continue;
    return evaluate(rule.replacement, vars) + v.slice(p.length);
  }
  return null;
}

/** proxy_redirect on one trimmed value; a Location made absolute with `origin`. */
function refRedirect(conf: LocConf, l: 'location' | 'refresh', value: string, vars: RequestVars, origin: string | null): string | null {
  const bin = toBinary(value);
  let at = 0;
  if (l === 'refresh') {
    const m = /url=/i.exec(bin);
    if (!m) return null;
    at = m.index + 4;
  }
  const r = scan(conf.redirects, bin.slice(at), vars, false);
  if (r === null) return null;
  const out = fromBinary(bin.slice(0, at) + r);
  return l === 'location' && origin !== null && out.startsWith('/') ? origin + out : out;
}

const FLAGS = ['secure', 'nosecure', 'httponly', 'nohttponly', 'samesite=strict', 'samesite=lax', 'samesite=none', 'nosamesite'];
const SAME_SITE = ['Strict', 'Lax', 'None'];
const want = (f: number) => (f & 16 ? 0 : f & 32 ? 1 : f & 64 ? 2 : -1);

function flagsOf(name: string, rules: readonly CookieFlagsRule[], vars: RequestVars): number {
  for (const r of rules) {
    let hit: boolean;
    if (r.regex) {
      const caps = execRegex(r.regex, name, vars);
      if (caps) vars.captures = caps;
      hit = caps !== null;
    } else hit = equalsIgnoreCase(evaluate(r.selector!, vars), name);
    if (!hit) continue;
    let f = 0;
    for (const cv of r.flags) {
      const v = evaluate(cv, vars);
      const k = v ? FLAGS.findIndex((n) => equalsIgnoreCase(n, v)) : -1;
      if (k >= 0) f |= 1 << k;
    }
    return f;
  }
  return 0;
}

/** One trimmed Set-Cookie value: the pieces parsed, rewritten, edited and serialised. */
function refCookie(conf: LocConf, value: string, vars: RequestVars): string {
  if (!conf.cookieDomains.length && !conf.cookiePaths.length && !conf.cookieFlags.length) return value;
  const bin = toBinary(value);
  const attrs = bin.split(';').map((piece) => {
    const eq = piece.indexOf('=');
    const trim = (s: string) => s.replace(/^ +| +$/g, '');
    return eq < 0 ? { key: trim(piece) as string | null, value: null as string | null } : { key: trim(piece.slice(0, eq)) as string | null, value: trim(piece.slice(eq + 1)) as string | null };
  });
  if (attrs[0].value === null) return value;
  let changed = false;
  for (const a of attrs.slice(1)) {
    if (a.value === null) continue;
    const domain = equalsIgnoreCase(a.key!, 'domain');
    const list = domain ? conf.cookieDomains : equalsIgnoreCase(a.key!, 'path') ? conf.cookiePaths : [];
    const r = scan(list, a.value, vars, domain);
    if (r !== null) {
      a.value = r;
      changed = true;
    }
  }
  let f = conf.cookieFlags.length ? flagsOf(attrs[0].key!, conf.cookieFlags, vars) : 0;
  if (f) {
    changed = true;
    for (const a of attrs.slice(1)) {
      const on = equalsIgnoreCase(a.key!, 'secure') ? 1 : equalsIgnoreCase(a.key!, 'httponly') ? 4 : 0;
      if (on) {
        if (f & on) f &= ~on;
        else if (f & (on << 1)) a.key = null;
      } else if (equalsIgnoreCase(a.key!, 'samesite')) {
        const w = want(f);
        if (w >= 0) {
          f &= ~(16 << w);
          if (a.value === null || !equalsIgnoreCase(a.value, SAME_SITE[w])) Object.assign(a, { key: 'SameSite', value: SAME_SITE[w] });
        } else if (f & 128) a.key = null;
      }
    }
    if (f & 1) attrs.push({ key: 'Secure', value: null });
    if (f & 4) attrs.push({ key: 'HttpOnly', value: null });
    if (want(f) >= 0) attrs.push({ key: 'SameSite', value: SAME_SITE[want(f)] });
  }
  if (!changed) return value;
  return fromBinary(attrs.filter((a) => a.key !== null).map((a) => (a.value === null ? a.key : `${a.key}=${a.value}`)).join('; '));
}

/** The per-value maps: a NUL or a hidden header leaves the value as it is, otherwise it is trimmed. */
function refMapLocation(scope: NginxScope, value: string, l: 'location' | 'refresh'): string {
  if (value.includes('\0') || scope.conf.hideHeaders.has(l)) return value;
  const v = trimHeaderValue(value);
  return refRedirect(scope.conf, l, v, own(scope), l === 'location' ? scope.origin : null) ?? v;
}
function refMapCookie(scope: NginxScope, value: string): string {
  if (value.includes('\0') || scope.conf.hideHeaders.has('set-cookie')) return value;
  return refCookie(scope.conf, trimHeaderValue(value), own(scope));
}
const own = (scope: NginxScope): RequestVars => ({ ...scope.vars, user: new Map(scope.vars.user) });

/** ngx_http_upstream_copy_content_type: after a ";" and spaces, "charset=" in any case (the byte after the spaces is skipped otherwise). */
function charsetOf(v: string): string | null {
  for (let p = 0; p < v.length; p++) {
    if (v[p] !== ';') continue;
    while (v[++p] === ' ');
    if (p >= v.length) return null;
    if (!startsWithIgnoreCase(v, 'charset=', p)) continue;
    const cs = v.slice(p + 8).replace(/^"/, '').replace(/"$/, '');
    return cs;
  }
  return null;
}

/** The client response, line by line; 'accel' when nginx follows an X-Accel-Redirect line. */
function refResponse(scope: NginxScope, response: BackendResponse): ClientResponse | 'accel' {
  const conf = scope.conf;
  const vars = own(scope);
  const status = (n: string) => n.length > 4 && n[4] === '/' && n.startsWith('HTTP');
  for (const [n, v] of response.headers) if (!status(n) && (!/^[^\0-\x20\x7f:][^\0-\x20\x7f]*$/.test(n) || v.includes('\0'))) return { status: 502, headers: [] };
  if (response.headers.some(([n]) => equalsIgnoreCase(n, 'x-accel-redirect'))) return 'accel';
  const list: HeaderList = [];
  let type: string | null = null;
  let hasCharset = false;
  let charset = '';
  let length: string | null = null;
  let chunked = false;
  let last: [string, string] | null = null;
  for (const [name, raw] of response.headers) {
    if (status(name)) continue;
    const value = trimHeaderValue(raw);
    const l = lowerName(name);
    if (l === 'content-length') length = value;
    else if (l === 'transfer-encoding') chunked ||= lowerName(value).includes('chunked');
    else if (conf.hideHeaders.has(l) || l === 'connection' || l === 'keep-alive') continue;
    else if (l === 'content-type') {
      type = value;
      const cs = charsetOf(value);
      hasCharset = cs !== null;
      if (cs !== null) charset = cs;
    } else if (l === 'location' || l === 'refresh') {
      const r = refRedirect(conf, l, value, vars, null);
      const pair: [string, string] = [name, r ?? value];
      list.push(pair);
      if (r !== null && l === 'location') last = pair;
    } else list.push([name, l === 'set-cookie' ? refCookie(conf, value, vars) : value]);
  }
  const out: HeaderList = [];
  if (type) out.push(['Content-Type', !hasCharset && charset ? `${type}; charset=${charset}` : type]);
  if (length !== null && !chunked && /^[0-9]+$/.test(length) && BigInt(length) < 2n ** 63n) out.push(['Content-Length', String(BigInt(length))]);
  const origin = scope.origin;
  if (last && origin !== null && last[1].startsWith('/')) out.push(['Location', origin + last[1]]);
  for (const h of list) if (h !== last || origin === null || !last[1].startsWith('/')) out.push(h);
  return { status: response.status, headers: out };
}

// ---------------------------------------------------------------------------------------------
// Generated configurations and values.

const redirectRule = fc.constantFrom(
  'http://b/ /', 'http://b/x/ /x/', 'http://b /nb', 'http://c:8080/ /c/$1', 'http://b/x/y /y', '/ /', 'http://b/ ""',
  'http://é/ /é/', 'http://$host/ /h/', 'http://b/ $scheme://$host/s/', 'http://c:8080/ "/é$uri"',
  '~^http://b/(.*)$ /re/$1', '~*^HTTP://C(:\\d+)?/(.*) /c2/$2', '~^http://(?<h>[^/]+)/ /$h/', '~\\xC3 /byte',
  'http://b/x/ /dup/', 'http://bb/ /bb/', 'http://ba/ /ba/',
);
const cookieRule = fc.constantFrom(
  'proxy_cookie_path / /p/', 'proxy_cookie_path /x/ /', 'proxy_cookie_path /é/ /e/', 'proxy_cookie_path ~^/r/(.*)$ /$1',
  'proxy_cookie_path ~*^/C/(.*) /c/$1', 'proxy_cookie_path /a "/; secure"', 'proxy_cookie_path /$host/ /h/',
  'proxy_cookie_domain b.example a.example', 'proxy_cookie_domain .b.example é.example', 'proxy_cookie_domain ~^(.+)\\.com$ $1.org',
  'proxy_cookie_domain $host x.$host', 'proxy_cookie_flags ~. secure', 'proxy_cookie_flags a httponly samesite=lax nosecure',
  'proxy_cookie_flags $arg_n $arg_f samesite=strict', 'proxy_cookie_flags ~^(?<c>b) nohttponly nosamesite secure', 'proxy_cookie_flags ~^s samesite=none',
);
const host = fc.constantFrom('example.com', 'é.test', 'b', 'c:8080');
const setup = fc
  .record({
    redirects: fc.array(redirectRule, { maxLength: 6 }),
    cookies: fc.array(cookieRule, { maxLength: 5 }),
    extra: fc.constantFrom('', 'absolute_redirect off;', 'server_name_in_redirect on;', 'port_in_redirect off;', 'proxy_hide_header Set-Cookie;', 'proxy_hide_header Location;', 'proxy_pass_header X-Accel-Redirect;', 'proxy_pass_header Date;', 'proxy_hide_header X-Forty-Characters-Long-Name-Hidden-Here;', 'proxy_hide_header X-A;'),
    host,
    target: fc.constantFrom('/', '/é?n=a&f=httponly', '/x?n=b&f=nosecure', '/r/q'),
  })
  .map(({ redirects, cookies, extra, host, target }) => {
    const rules = redirects.map((r) => `proxy_redirect ${r};`).join(' ');
    // nginx refuses a directive twice with the same arguments only for some: keep the first of each
    const seen = new Set<string>();
    const cookieLines = cookies.filter((c) => !seen.has(c) && seen.add(c)).map((c) => `${c};`).join(' ');
    const text = `server_name s.example; listen 8080;
location / { proxy_pass http://b; ${rules} ${cookieLines} ${extra} }
location @acc { return 299; }`;
    return { text, request: { target, port: 8080, headers: [['Host', host]] as [string, string][] } };
  });

const locPiece = fc.constantFrom('http://b/', 'http://b', 'http://b/x/', 'http://b/x/y', 'http://c:8080/', 'HTTP://C/', 'http://é/', 'http://example.com/', 'http://bb/', '/', 'x', 'é', '\0', '\uD800', '\uFEFF', ' ', '%41', 'url=', '0; url=', '?a=1', 'y/z');
const locValue = fc.array(locPiece, { maxLength: 5 }).map((a) => a.join(''));
const cookiePiece = fc.constantFrom('a=1', 'b=2', 's=3', 'c', '=v', ' Path=/x/y', 'path=/', 'Path = /a ', 'PATH=/r/q', 'path=/C/z', 'path=/é/k', 'Domain=b.example', 'domain=.B.EXAMPLE', 'domain= ', 'domain=x.com', 'Domain=é.test', 'Secure', ' HttpOnly ', 'httponly', 'SameSite=Lax', 'samesite', 'SameSite=strict', 'é=1', ' ', '', '\0', '\uD800', '\uFEFF');
const cookieValue = fc.array(cookiePiece, { minLength: 1, maxLength: 7 }).chain((pieces) => fc.array(fc.constantFrom(';', '; ', ';  ', ' ;'), { minLength: pieces.length, maxLength: pieces.length }).map((seps) => pieces.map((p, i) => (i ? seps[i] : '') + p).join('')));

/** The same table loaded back with its proxy_redirect index left out: the rule-by-rule scan. */
function withoutIndex(config: NginxConfig): NginxConfig {
  const data = JSON.parse(serializeTable(config));
  const strip = (o: unknown): void => {
    if (o && typeof o === 'object') {
      if ('redirectIndex' in o) (o as { redirectIndex: unknown }).redirectIndex = null;
      for (const v of Object.values(o)) strip(v);
    }
  };
  strip(data.table);
  return loadNginxTable(data);
}

describe('fast paths give the definitions\' answers', () => {
  test('proxy_redirect (index on the text, absolute on the way) = the scan on bytes, with or without the index', () => {
    fc.assert(
      fc.property(setup, locValue, fc.boolean(), ({ text, request }, value, refresh) => {
        const config = compileNginx(text);
        const ex = prepareNginx(config, request);
        const bare = prepareNginx(withoutIndex(config), request);
        const header = refresh ? 'Refresh' : 'Location';
        const expected = refMapLocation(ex.scope!, value, refresh ? 'refresh' : 'location');
        expect(nginxProxyRedirect(ex, value, header)).toBe(expected);
        expect(nginxProxyRedirect(bare, value, header)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
  test('Set-Cookie scanned by index = pieces parsed, rewritten, edited and serialised', () => {
    fc.assert(
      fc.property(setup, cookieValue, ({ text, request }, value) => {
        const ex = prepareNginx(compileNginx(text), request);
        expect(nginxProxyCookie(ex, value)).toBe(refMapCookie(ex.scope!, value));
      }),
      { numRuns: 3000 },
    );
  });
  const name = fc.constantFrom('Location', 'location', 'Refresh', 'Set-Cookie', 'set-cookie', 'Content-Type', 'Content-Length', 'content-length', 'Transfer-Encoding', 'Date', 'Server', 'X-Pad', 'Connection', 'Keep-Alive', 'X-A', 'X_Under', 'X-É', 'x-é', 'HTTP/1.1 200 OK', 'X Bad', ':x', 'X-Accel-Redirect', 'X-Accel-Expires', 'X-Forty-Characters-Long-Name-Hidden-Here', 'X-Forty-Characters-Long-Name-Shown-Here!', 'X-B');
  const lineValue = fc.oneof(locValue, cookieValue, fc.constantFrom('text/html; charset=utf-8', 'application/json', '"x"; CHARSET="k"', 'a;;charset=b', 'a; ;charset=c"', 'a;  x;charset=d', 'a; charset=', 'a;charset="', 'a;', '007', '0', '99999999999999999999', '9223372036854775807', '9223372036854775808', ' 5 ', 'gzip, Chunked', '@acc', ''));
  test('the one-pass response = the line-by-line reading (502, hidden, framing, Location first, X-Accel-Redirect)', () => {
    fc.assert(
      fc.property(setup, fc.array(fc.tuple(name, lineValue), { maxLength: 8 }), ({ text, request }, lines) => {
        const ex = prepareNginx(compileNginx(text), request);
        const response = { status: 302, headers: lines.map(([n, v]) => [n, n === 'X-Accel-Redirect' ? '@acc' : v] as [string, string]) };
        const expected = refResponse(ex.scope!, response);
        const got = ex.rewriteResponse(response);
        if (expected === 'accel') expect(got?.status).toBe(299);
        else expect(got).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

/** ngx_unescape_uri, byte by byte (NGX_UNESCAPE_REDIRECT with `redirect`). */
function refUnescape(s: string, redirect: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (redirect && c === '?') return out + s.slice(i);
    if (c !== '%') {
      out += c;
      continue;
    }
    if (i + 1 >= s.length) break;
    const a = parseInt(s[i + 1], 16);
    if (!(a >= 0)) {
      out += s[i + 1];
      i += 1;
      continue;
    }
    if (i + 2 >= s.length) break;
    const b = parseInt(s[i + 2], 16);
    i += 2;
    if (!(b >= 0)) continue;
    const v = a * 16 + b;
    if (!redirect) out += String.fromCharCode(v);
    else if (v === 0x3f) return out + '?' + s.slice(i + 1);
    else out += v > 0x25 && v < 0x7f ? String.fromCharCode(v) : s.slice(i - 2, i + 1);
  }
  return out;
}

/** ngx_escape_uri with the URI set, byte by byte. */
function refEscape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c <= 0x20 || c >= 0x7f || '"#%<>?\\^`{|}'.includes(s[i]) ? '%' + (c & 0xff).toString(16).toUpperCase().padStart(2, '0') : s[i];
  }
  return out;
}

describe('escape patterns give the byte loops\' answers', () => {
  const uriish = fc.array(fc.constantFrom('%', '3', 'F', 'f', 'a', '0', '2', '5', '7', 'G', '?', '/', 'x', '\n', 'é', ' ', '#', '\x7f', '\u0101'), { maxLength: 14 }).map((a) => a.join(''));
  test('unescapeUri (plain and redirect) = ngx_unescape_uri', () => {
    fc.assert(fc.property(uriish, fc.boolean(), (s, redirect) => {
      expect(unescapeUri(s, redirect)).toBe(refUnescape(s, redirect));
    }), { numRuns: 20000 });
  });
  test('nginxEscapeUri = ngx_escape_uri', () => {
    fc.assert(fc.property(fc.oneof(uriish, fc.string({ unit: 'binary', maxLength: 16 })), (s) => {
      expect(nginxEscapeUri(s)).toBe(refEscape(s));
    }), { numRuns: 20000 });
  });
});
