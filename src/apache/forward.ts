// The request side of mod_proxy: which ProxyPass / ProxyPassMatch rule takes the request and the
// exact backend URL (server/request.c ap_process_request_internal, mod_proxy.c proxy_trans and
// ap_proxy_trans_match, mod_proxy_http.c proxy_http_canon, proxy_util.c ap_proxy_canonenc_ex).

import { fromByteString, toByteString } from '../core/bytes.js';
import { equalsIgnoreCase, isAlnumCode, isHexCode, lowerAscii } from '../core/ascii.js';
import type { ClientRequest } from '../core/types.js';
import { balancerName } from './url.js';
import { candidates, compileForwardIndex, firstSegment, type ForwardIndex } from './compiled-forward.js';
import { clientContext, isContextError, parseTarget, type ApacheClientContext } from './context.js';
import { interpolate } from './interpolate.js';
import { maxForwardsAnswer } from './request-headers.js';
import { effectiveSettings, walkLocations } from './sections.js';
import type { ApacheConfig, BalancerMember, EffectiveSettings, LocationSection, ProxyPassRule } from './types.js';

/** The request is proxied to `url`. */
export interface ProxyResult {
  readonly kind: 'proxy';
  /** The canonical backend URL, query included, exactly as the request line will carry it. */
  readonly url: string;
  readonly rule: ProxyPassRule;
  /** Whether the rule's `nocanon` stayed in force (false after the AH01136 fallback). */
  readonly nocanon: boolean;
  /** For a balancer:// rule, the member that takes the request (its worker decides reuse). */
  readonly member?: BalancerMember;
}

/** httpd answers the request itself with an error status. */
export interface ErrorResult {
  readonly kind: 'error';
  readonly status: number;
  readonly reason: string;
  readonly rule?: ProxyPassRule;
}

/** No rule proxies the request: httpd serves it from local content. */
export interface LocalResult {
  readonly kind: 'local';
  readonly reason: string;
  readonly rule?: ProxyPassRule;
}

/** What `forwardRequest` decided, with the request state the response side needs. */
export interface ForwardOutcome {
  /** `r->uri` as the last location walk saw it. */
  readonly uri: string;
  /** `r->args`: the raw query, `null` without `?`. */
  readonly query: string | null;
  /** The matching `<Location>` sections, in merge order. */
  readonly sections: readonly LocationSection[];
  readonly settings: EffectiveSettings;
  /** The request environment after `SetEnvIf`, as text (what the response side interpolates). */
  readonly env: Readonly<Record<string, string>>;
  /** The client context; `null` when the request was refused before it was built. */
  readonly context: ApacheClientContext | null;
  readonly result: ProxyResult | ErrorResult | LocalResult;
}

// ---------------------------------------------------------------------------------------------
// Byte strings: httpd works on bytes, so non-ASCII input is taken as UTF-8 and each char code of
// the working strings is one byte (0-255) (core/bytes.ts).
const toBytes = toByteString;
const fromBytes = fromByteString;

/** An environment with every name and value through `f`; the same object when nothing changes. */
function recodeEnv(env: Readonly<Record<string, string>>, f: (s: string) => string): Readonly<Record<string, string>> {
  let out: Record<string, string> | null = null;
  for (const k of Object.keys(env)) {
    const name = f(k);
    const value = f(env[k]);
    if (name !== k || value !== env[k]) {
      out ??= { ...env };
      delete out[k];
      out[name] = value;
    }
  }
  return out ?? env;
}

function hexVal(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** The byte the `%XX` escape at `i` stands for; -1 when no valid escape starts there. */
function escapeAt(s: string, i: number): number {
  const h = s.charCodeAt(i + 1);
  const l = s.charCodeAt(i + 2);
  return isHexCode(h) && isHexCode(l) ? hexVal(h) * 16 + hexVal(l) : -1;
}

function isUnreservedCode(c: number): boolean {
  return isAlnumCode(c) || c === 45 || c === 46 || c === 95 || c === 126;
}

// ---------------------------------------------------------------------------------------------
// Core URI processing.

/**
 * `ap_normalize_path` with NOT_ABOVE_ROOT and DECODE_UNRESERVED: decodes %-escapes of unreserved
 * characters, removes `.` segments, resolves `..` segments and (with `mergeSlashes`) merges `//`.
 * `null` when the path does not start with `/` or climbs above the root (400).
 *
 * @example
 * normalizePath('/a/./b/../%7Ec//d', true) // '/a/~c/d'
 */
function normalizePath(path: string, mergeSlashes: boolean, decodeUnreserved = true): string | null {
  if (path.charCodeAt(0) !== 47) return null;
  let p = path;
  if (decodeUnreserved && p.includes('%')) {
    let out = '';
    for (let i = 0; i < p.length; i++) {
      if (p.charCodeAt(i) === 37) {
        const d = escapeAt(p, i);
        // 2.4.53+: an invalid escape fails the normalisation (400), even in a segment '..' removes.
        if (d < 0) return null;
        if (isUnreservedCode(d)) {
          out += String.fromCharCode(d);
          i += 2;
          continue;
        }
      }
      out += p[i];
    }
    p = out;
  }
  if (!p.includes('/.') && !(mergeSlashes && p.includes('//'))) return p === path ? path : p;
  const segs: string[] = [];
  let i = 1;
  let trailing = false;
  while (i <= p.length) {
    let j = p.indexOf('/', i);
    if (j < 0) j = p.length;
    const seg = p.slice(i, j);
    const last = j >= p.length;
    if (seg === '.') {
      trailing = true;
    } else if (seg === '..') {
      if (segs.length === 0) return null;
      segs.pop();
      trailing = true;
    } else if (seg === '' && mergeSlashes && !last) {
      // "//" merged: the empty segment disappears
    } else {
      segs.push(seg);
      trailing = false;
    }
    i = j + 1;
    if (last) break;
  }
  let out = '/' + segs.join('/');
  if (trailing && segs.length > 0) out += '/';
  return out;
}

/** `ap_unescape_url_ex` on the path per AllowEncodedSlashes: the decoded path, or 400 / 404. */
function unescapePath(path: string, mode: ApacheConfig['allowEncodedSlashes']): string | 400 | 404 {
  if (!path.includes('%')) return path;
  let out = '';
  let badesc = false;
  let badpath = false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c !== 37) {
      out += path[i];
      continue;
    }
    const d = escapeAt(path, i);
    if (d < 0) {
      badesc = true;
      out += '%';
      continue;
    }
    if (d === 0 || (d === 47 && mode === 'Off')) badpath = true;
    out += isUnreservedCode(d) || (d === 47 && mode === 'NoDecode') ? path.slice(i, i + 3) : String.fromCharCode(d);
    i += 2;
  }
  if (badesc) return 400;
  if (badpath) return 404;
  return out;
}

/**
 * mod_proxy `alias_match`: the number of URI characters a ProxyPass prefix consumes, 0 when it does
 * not match. Any run of `/` in `fake` matches any run of at least one `/` in the URI; other
 * characters compare case-sensitively; a `fake` not ending in `/` must end at a segment boundary.
 *
 * @example
 * aliasMatch('//a//foo', '/a/') // 5
 * aliasMatch('/bar', '/b') // 0
 */
function aliasMatch(uri: string, fake: string): number {
  if (fake === '') return 0;
  let a = 0;
  let u = 0;
  while (a < fake.length && u < uri.length) {
    if (fake.charCodeAt(a) === 47) {
      if (uri.charCodeAt(u) !== 47) return 0;
      while (fake.charCodeAt(a) === 47) a++;
      while (uri.charCodeAt(u) === 47) u++;
    } else if (uri[u++] !== fake[a++]) return 0;
  }
  if (u === uri.length && a !== fake.length) return 0;
  if (fake.charCodeAt(a - 1) !== 47 && u < uri.length && uri.charCodeAt(u) !== 47) return 0;
  return u;
}

/**
 * The servlet mapping (`mapping=servlet`, after mod_jk's normaliser): path parameters (`;x`) are
 * ignored, `//` collapsed, `.`/`..` segments (also `.;x`/`..;x`) resolved, and the alias must match
 * whole segments. Returns the offset in `uri` where the remainder starts and the normalised URI, or
 * `null` when it does not match.
 */
function servletMatch(uri: string, alias: string): { len: number; normalized: string } | null {
  if (uri.charCodeAt(0) !== 47 || alias.charCodeAt(0) !== 47) return null;
  // `stack` holds, per kept segment, where it starts in `uri` (0: a mismatch, negative: the
  // position of the `;` whose parameters are forwarded).
  const stack: number[] = [];
  let map = '/';
  let up = 1;
  let ap = 1;
  let first = 1;
  let depth = 0;
  const u = (k: number) => uri[k] ?? '';
  const al = (k: number) => alias[k] ?? '';
  while (up < uri.length) {
    if (uri[up] === ';') {
      do up++;
      while (up < uri.length && uri[up] !== '/');
      continue;
    }
    if (map[map.length - 1] === '/') {
      if (uri[up] === '/') {
        do up++;
        while (uri[up] === '/');
        continue;
      }
      if (uri[up] === '.') {
        const n1 = u(up + 1);
        if (n1 === '/' || n1 === ';' || n1 === '') {
          up++;
          if (uri[up] === '/') up++;
          continue;
        }
        const n2 = u(up + 2);
        if (n1 === '.' && (n2 === '/' || n2 === ';' || n2 === '')) {
          if (map.length === 1) return null; // above the root
          let m = map.length - 1;
          do m--;
          while (map[m - 1] !== '/');
          map = map.slice(0, m);
          if (depth === stack.length) {
            if (al(ap) === '') ap--;
            while (ap > 0 && al(ap) === '/') ap--;
            while (ap > 0 && al(ap - 1) !== '/') ap--;
            depth--;
          }
          stack.pop();
          up += 2;
          if (uri[up] === '/') up++;
          first = 0;
          continue;
        }
      }
      if (first) while (uri[first] === '/') first++;
      stack.push(first ? first : up);
      if (al(ap) !== '') {
        if (al(ap - 1) !== '/') {
          do ap++;
          while (al(ap - 1) !== '/' && al(ap) !== '');
        }
        while (al(ap) === '/') ap++;
        if (al(ap) !== '') depth++;
      }
    }
    if (al(ap) !== '') {
      const idx = depth - 1;
      if (stack[idx]) {
        if (al(ap) !== uri[up]) stack[idx] = 0;
        else if (al(ap + 1) === '' && al(ap) !== '/') {
          if (u(up + 1) === ';') stack[idx] = -(up + 1);
          else if (u(up + 1) !== '/' && u(up + 1) !== '') stack[idx] = 0;
        }
      }
      if (al(ap) !== '/' || uri[up] === '/') ap++;
    }
    if (uri[up] === '/') first = up + 1;
    map += uri[up++];
  }
  if (al(ap) !== '') return null;
  for (let k = 0; k < depth; k++) if (!stack[k]) return null;
  let pos = up;
  if (depth < stack.length) {
    pos = stack[depth];
    if (depth) {
      const prev = stack[depth - 1];
      if (prev < 0) pos = -prev;
    }
  }
  if (al(ap - 1) !== '/' && uri[pos - 1] === '/') pos--;
  return { len: pos, normalized: map };
}

/** `ap_pregsub`: `$0`-`$9` from the match, `\x` gives `x`; unmatched groups are empty. */
function pregsub(real: string, m: RegExpExecArray): string {
  // One pass left to right: `\$1` is a literal `$` then `1`, `$$1` a `$` then group 1.
  return real.replace(PREGSUB, (_s, d: string | undefined, c: string) => (d === undefined ? c : (m[+d] ?? '')));
}
const PREGSUB = /\$(\d)|\\([^])/g;

// ---------------------------------------------------------------------------------------------
// Target canonicalisation.

const PATH_ALLOWED = "~$-_.+!*'(),;:@&=";

/**
 * `ap_proxy_canonenc_ex` for a reverse-proxied path: every byte but alphanumerics, `/` and
 * ``~$-_.+!*'(),;:@&=`` is %-encoded in uppercase hex, `%` included. With `noDecode`
 * (AllowEncodedSlashes NoDecode), `%2F` is kept as written and a `%` not followed by two hex
 * digits is an error (`null`, 400).
 *
 * @example
 * canonEncodePath('a b%2F?', false) // 'a%20b%252F%3F'
 */
function canonEncodePath(path: string, noDecode: boolean): string | null {
  let out = '';
  let changed = false;
  for (let i = 0; i < path.length; i++) {
    const ch = path.charCodeAt(i);
    if (ch === 47) {
      out += '/';
      continue;
    }
    if (noDecode && ch === 37) {
      const d = escapeAt(path, i);
      if (d < 0) return null;
      if (d === 47) {
        out += path.slice(i, i + 3);
        i += 2;
        continue;
      }
    }
    if (ch < 128 && (isAlnumCode(ch) || PATH_ALLOWED.includes(path[i]))) out += path[i];
    else {
      out += '%' + (ch < 16 ? '0' : '') + ch.toString(16).toUpperCase();
      changed = true;
    }
  }
  return changed ? out : path;
}

/** Raw control characters or spaces (ap_scan_vchar_obstext stops on them). */
function hasCtlOrSpace(s: string): boolean {
  return CTL_OR_SPACE.test(s);
}
const CTL_OR_SPACE = /[\0- \x7f]/;

/**
 * The canonical URL, or the status httpd answers and why; `late` when the error comes from making
 * the connection (after proxy_handler's Max-Forwards check), not from proxy_http_canon.
 */
type Canon = { url: string; status?: undefined; reason?: undefined; late?: undefined } | { url?: undefined; status: number; reason: string; late?: true };

/** Checks an IPv6 literal the way apr_inet_pton would accept it (hex groups, one `::`, dotted tail). */
function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(':')) return false;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const parts = s.split(':');
  let groups = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === '') continue;
    if (p.includes('.')) {
      if (i !== parts.length - 1 || !/^\d+\.\d+\.\d+\.\d+$/.test(p)) return false;
      groups += 2;
    } else if (p.length > 4) return false;
    else groups++;
  }
  return dbl >= 0 ? groups < 8 : groups === 8;
}

/**
 * `proxy_http_canon`: the canonical form of an `http(s)://` / `ws(s)://` target.
 * `mode` says where the path comes from: `canon` (decoded r->uri, re-encoded), `nocanon` (raw),
 * `noencode` (mapping=encoded/servlet: still encoded, not re-encoded).
 */
function canonTarget(
  url: string,
  query: string | null,
  mode: 'canon' | 'nocanon' | 'noencode',
  noDecode: boolean,
): Canon {
  // apr_uri_parse / apr_parse_addr_port refusing the URL: 400
  const bad = (why: string): Canon => ({ status: 400, reason: `error parsing URL ${url}: ${why}` });
  const colon = url.indexOf(':');
  const scheme = lowerAscii(url.slice(0, colon));
  const ssl = scheme === 'https' || scheme === 'wss';
  const defPort = ssl ? 443 : 80;
  let rest = url.slice(colon + 1);
  if (!rest.startsWith('//')) return bad('Malformed URL');
  rest = rest.slice(2);
  const slash = rest.indexOf('/');
  let netloc = slash < 0 ? rest : rest.slice(0, slash);
  const rawPath = slash < 0 ? '' : rest.slice(slash + 1);
  const at = netloc.lastIndexOf('@');
  if (at >= 0) netloc = netloc.slice(at + 1); // userinfo is parsed and dropped
  // apr_parse_addr_port
  let last = netloc.length - 1;
  while (last >= 0 && netloc.charCodeAt(last) >= 48 && netloc.charCodeAt(last) <= 57) last--;
  if (last < 0) return bad('Invalid host/port');
  let host = netloc;
  let port = defPort;
  // A ':' with no digits after it is no port separator: the whole netloc is the host (observed:
  // `http://127.0.0.1:/x/` and a `$1` of ":" glued onto the port fail the DNS lookup, 500).
  if (netloc[last] === ':' && last < netloc.length - 1) {
    const n = Number(netloc.slice(last + 1));
    if (n < 1 || n > 65535) return bad('Invalid host/port');
    port = n;
    host = netloc.slice(0, last);
  }
  if (host[0] === '[') {
    if (host[host.length - 1] !== ']' || host.includes('%') || !isIPv6(host.slice(1, -1))) {
      return bad('Invalid host/port');
    }
    host = host.slice(1, -1);
  } else if (host === '') return bad('Invalid host/port');
  host = lowerAscii(host);
  let path: string;
  let search: string | null = null;
  if (mode === 'nocanon') path = rawPath;
  else if (mode === 'noencode') {
    // Not re-encoded, but canonenc still checks every escape (observed: mapping=encoded /a%zz → 400).
    for (let i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
      if (escapeAt(rawPath, i) < 0) return bad('bad %-escape in the path');
    }
    path = rawPath;
    search = query;
  } else {
    const enc = canonEncodePath(rawPath, noDecode);
    if (enc === null) return bad('bad %-escape in the path');
    path = enc;
    search = query;
  }
  if (mode !== 'canon' && hasCtlOrSpace(path)) {
    return { status: 403, reason: 'To be forwarded path contains control characters or spaces' };
  }
  if (search !== null && hasCtlOrSpace(search)) {
    return { status: 403, reason: 'To be forwarded query string contains control characters or spaces' };
  }
  // A host that is not a name or an IPv6 literal (the "http://b" + "x" glue of a path-less target
  // onto its port) fails the DNS lookup: 500.
  // With a '?' or '#' glued in, the bracketed host no longer parses when the request is made: 400
  // (observed: ProxyPassMatch ... http://h:port$1 with %3F in the capture).
  if (host.includes(':') && /[?#]/.test(host)) {
    return { status: 400, reason: `error parsing URL ${url}: Invalid host/port`, late: true };
  }
  if (host.includes(':') && !isIPv6(host)) {
    return { status: 500, reason: `DNS lookup failure for: ${host}`, late: true };
  }
  const h = host.includes(':') ? `[${host}]` : host;
  const sport = port !== defPort ? `:${port}` : '';
  return { url: `${scheme}://${h}${sport}/${path}${search !== null ? '?' + search : ''}` };
}

// ---------------------------------------------------------------------------------------------
// Matching.

interface Found {
  readonly rule: ProxyPassRule;
  readonly exclude: boolean;
  /** `r->filename` without "proxy:". */
  readonly url: string;
  /** Whether nocanon stays in force (false after the AH01136 fallback). */
  readonly nocanon: boolean;
  readonly servletUri: string | null;
  /** The real (interpolated) and the appended remainder, for the glued-host check. */
  readonly real: string;
  readonly remainder: string | null;
}

/** `ap_proxy_trans_match` for one rule. */
function transMatch(
  rule: ProxyPassRule,
  uri: string,
  unparsed: string,
  env: Readonly<Record<string, string>>,
  interpolateEnv: boolean,
): Found | null {
  // The byte forms (config.ts): the request is bytes, and so is `env` here.
  const fake0 = rule.fakeBytes ?? rule.fake;
  const real0 = rule.realBytes ?? rule.real;
  const interp = interpolateEnv && rule.interpolate;
  const fake = interp ? interpolate(fake0, env) : fake0;
  const real = interp ? interpolate(real0, env) : real0;
  let nocanon = rule.nocanon;
  const exclude = real === '!';
  let url = '';
  let remainder: string | null = null;
  let servletUri: string | null = null;
  // nocanon takes the raw URI, unless it matches differently from the decoded one: then the
  // decoded one is used and nocanon is dropped (AH01136).
  const regex = rule.regex;
  if (regex) {
    regex.lastIndex = 0;
    const m = regex.exec(uri);
    if (!m) return null;
    if (!exclude) {
      let raw: RegExpExecArray | null = null;
      if (nocanon) {
        regex.lastIndex = 0;
        raw = regex.exec(unparsed);
        nocanon = raw !== null;
      }
      const found = pregsub(real, raw ?? m);
      url = found !== real ? found : real + (remainder = nocanon ? unparsed : uri);
    }
  } else {
    let len: number;
    if (rule.mapping === 'servlet') {
      const s = servletMatch(uri, fake);
      if (!s) return null;
      len = s.len;
      servletUri = s.normalized;
    } else len = aliasMatch(uri, fake);
    if (len === 0) return null;
    if (!exclude) {
      // ap_proxy_trans_match's use_uri: the raw URI whenever nocanon is written. The servlet
      // mapping drops nocanon only after (no note for proxy_http_canon, no mismatch test), so its
      // remainder is cut from the raw URI, query included (observed: the query then goes twice).
      let useRaw = nocanon;
      if (servletUri !== null) nocanon = false;
      else if (nocanon && len !== aliasMatch(unparsed, fake)) useRaw = nocanon = false;
      url = real + (remainder = (useRaw ? unparsed : uri).slice(len));
    }
  }
  return { rule, exclude, url, nocanon, servletUri, real, remainder };
}

/**
 * `proxy_trans` for one phase, in the sections the location walk found: the section's rule first,
 * then the server list.
 */
function proxyTrans(
  config: ApacheConfig,
  index: ForwardIndex,
  sections: readonly LocationSection[],
  encodedPhase: boolean,
  uri: string,
  unparsed: string,
  env: Readonly<Record<string, string>>,
): Found | null {
  const interpolateEnv = effectiveSettings(config, sections).proxyPassInterpolateEnv;
  // The per-directory rule comes from the most specific (last merged) section that has one.
  let alias: ProxyPassRule | null = null;
  for (const s of sections) if (s.proxyPass) alias = s.proxyPass;
  if (alias && (alias.mapping !== 'none') === encodedPhase) {
    const f = transMatch(alias, uri, unparsed, env, interpolateEnv);
    if (f) return f;
  }
  // Only the server rules that may match this URI, in configuration order.
  const order = candidates(index.phases[+encodedPhase], firstSegment(uri));
  for (let k = 0; k < order.length; k++) {
    const f = transMatch(config.proxyPass[order[k]], uri, unparsed, env, interpolateEnv);
    if (f) return f;
  }
  return null;
}

/**
 * SetEnvIf rules (post_read_request): `Request_URI` is tested on the path as parsed, still encoded.
 * Names, values and the environment are bytes here.
 */
function applySetEnv(config: ApacheConfig, rawUri: string, env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...env };
  for (const rule of config.setEnv) {
    if (!equalsIgnoreCase(rule.attribute, 'Request_URI')) continue;
    rule.regex.lastIndex = 0;
    const m = rule.regex.exec(rawUri);
    if (!m) continue;
    for (const [name, value] of rule.set) {
      if (value === null) delete out[name];
      else out[name] = value.replace(/\$([0-9])/g, (_s, d: string) => m[Number(d)] ?? '');
    }
  }
  return out;
}

const SCHEMES_HTTP = ['http', 'https', 'ws', 'wss'];
const SLASH_RUNS = /\/{2,}/g;

/**
 * Decides what httpd does with one request: the matching rule and the exact backend URL (core
 * normalisation, the encoded/servlet phase then the plain phase, prefix and regex rules,
 * `nocanon`, `mapping=`, interpolation, AllowEncodedSlashes, `proxy_http_canon`), or the status
 * httpd answers itself (errors, and proxy_handler's Max-Forwards answers), or local handling (no
 * rule, `!`, `no-proxy`, OPTIONS without a path). Balancer targets go to the
 * first member. The server's rules are tried through `config.forwardIndex`: only those that may
 * match the URI, in configuration order, so the time does not grow with the table.
 *
 * @example
 * const out = forwardRequest(compileApache('ProxyPass /a/ http://b/x/'), { target: '/a/foo?q', headers: [['Host', 'h']] })
 * out.result // { kind: 'proxy', url: 'http://b/x/foo?q', ... }
 */
export function forwardRequest(
  config: ApacheConfig,
  request: ClientRequest,
  env: Readonly<Record<string, string>> = {},
): ForwardOutcome {
  const vhostSettings = effectiveSettings(config, []);
  const refuse = (status: number, reason: string, uri: string, query: string | null = null, e = env): ForwardOutcome => ({
    uri: fromBytes(uri),
    query,
    sections: [],
    settings: vhostSettings,
    env: e === env ? env : recodeEnv(e, fromBytes),
    context: null,
    result: { kind: 'error', status, reason },
  });
  const target = toBytes(request.target);
  const early = clientContext(config, vhostSettings, request);
  if (isContextError(early)) return refuse(early.status, early.reason, target);
  if (hasCtlOrSpace(target)) return refuse(400, 'request-target contains control characters or spaces', target);
  const parsed = parseTarget(target) as NonNullable<ReturnType<typeof parseTarget>>;
  const query = parsed.query;
  // ap_parse_uri: OPTIONS without a path (`*`, or an absolute-form target with none, query or
  // not) has r->uri "*", which no ProxyPass takes: the core answers it (observed).
  if (request.method === 'OPTIONS' && (target === '*' || parsed.path === '')) {
    return { uri: '*', query, sections: [], settings: vhostSettings, env, context: early, result: { kind: 'local', reason: 'OPTIONS * is answered by the server itself' } };
  }
  if (target === '*') return refuse(400, 'invalid URI path (*)', '*');
  const rawPath = parsed.path === '' ? '/' : parsed.path;
  const reqEnv = applySetEnv(config, rawPath, recodeEnv(env, toBytes));
  // ap_normalize_path (400 when not absolute or above the root)
  const normalized = normalizePath(rawPath, config.mergeSlashes);
  if (normalized === null) return refuse(400, `invalid URI path (${request.target})`, rawPath, query, reqEnv);
  const noProxy = Object.hasOwn(reqEnv, 'no-proxy');
  const unparsed = target;
  let uri = normalized;
  // ap_location_walk keeps its last result for the same slash-merged URI (MergeSlashes Off merges
  // it only for this key) while <LocationMatch> tests r->uri as it is: a servlet mapping that only
  // merged slashes of r->uri keeps the sections the first walk found (observed).
  let walkedKey: string | null = null;
  let walked: LocationSection[] = [];
  const walk = (u: string): LocationSection[] => {
    const key = config.mergeSlashes || !u.includes('//') ? u : u.replace(SLASH_RUNS, '/');
    if (key !== walkedKey) {
      walkedKey = key;
      walked = walkLocations(config, u);
    }
    return walked;
  };
  walk(uri);
  let found: Found | null = null;
  let encodedPhase = false;
  // Phase 1, pre_translate_name: mapping=encoded / mapping=servlet rules on the encoded path.
  // A table built by hand has no index: one is made for this request.
  const index = config.forwardIndex ?? compileForwardIndex(config);
  if (index.encoded && !noProxy) {
    found = proxyTrans(config, index, walk(uri), true, uri, unparsed, reqEnv);
    if (found?.exclude) found = null; // DECLINED: goes on to the plain phase
    if (found) encodedPhase = true;
  }
  if (!found) {
    // ap_unescape_url_ex with the vhost's AllowEncodedSlashes.
    const dec = unescapePath(uri, config.allowEncodedSlashes);
    if (dec === 400) return refuse(400, `bad %-escape in the path (${request.target})`, uri, query, reqEnv);
    if (dec === 404) {
      return refuse(404, `found %2f (encoded '/') or %00 in URI path (${request.target}), returning 404`, uri, query, reqEnv);
    }
    uri = dec;
    if (config.allowEncodedSlashes === 'On' && dec !== normalized) uri = normalizePath(uri, config.mergeSlashes, false) ?? uri;
    if (!noProxy) {
      found = proxyTrans(config, index, walk(uri), false, uri, unparsed, reqEnv);
    }
  }
  if (found?.servletUri) uri = found.servletUri;
  const sections = walk(uri);
  const outcome = (settings: EffectiveSettings, result: ForwardOutcome['result']): ForwardOutcome => {
    const ctx = clientContext(config, settings, request);
    return { uri: fromBytes(uri), query, sections, settings, env: recodeEnv(reqEnv, fromBytes), context: isContextError(ctx) ? null : ctx, result };
  };
  const localOutcome = (reason: string, rule?: ProxyPassRule): ForwardOutcome =>
    outcome(effectiveSettings(config, sections), rule ? { kind: 'local', reason, rule } : { kind: 'local', reason });
  if (noProxy) return localOutcome('the no-proxy environment variable is set');
  if (!found) return localOutcome('no ProxyPass rule matches');
  if (found.exclude) return localOutcome(`excluded by ProxyPass ${found.rule.fake} !`, found.rule);

  // Balancers: the first member takes the request; its name replaces "balancer://name".
  const rule = found.rule;
  let url = found.url;
  const preCanon = url;
  const bname = balancerName(url);
  const settings = effectiveSettings(config, sections, preCanon);
  const finish = (result: ForwardOutcome['result']): ForwardOutcome => outcome(settings, result);
  const error = (status: number, reason: string): ForwardOutcome => finish({ kind: 'error', status, reason, rule });
  // proxy_handler reads Max-Forwards after proxy_http_canon and before it picks a balancer member
  // or connects: its answer comes before those errors (observed: 0 on OPTIONS through a glued
  // host or an empty balancer is 200, not 500 or 503; a 403 of the canonicaliser comes first).
  const mf = maxForwardsAnswer(request);
  const handler = (result: ForwardOutcome['result']): ForwardOutcome => (mf ? error(mf.status, mf.reason) : finish(result));
  const late = (status: number, reason: string) => handler({ kind: 'error', status, reason, rule });
  let member: BalancerMember | undefined;
  if (bname !== null) {
    // The table keys balancers by their name as text; the member's URL is taken as bytes.
    member = config.balancers.get(fromBytes(bname))?.members[0];
    if (!member) return late(503, `balancer://${fromBytes(bname)} has no usable member`);
    const after = url.indexOf('/', 'balancer://'.length);
    url = (member.nameBytes ?? member.name) + (after < 0 ? '' : url.slice(after));
  }
  const colon = url.indexOf(':');
  const scheme = colon > 0 ? lowerAscii(url.slice(0, colon)) : '';
  if (!SCHEMES_HTTP.includes(scheme)) {
    // Other proxy modules (ajp, fcgi, ...) canonicalise in their own way: passed on as built.
    return handler({ kind: 'proxy', url: fromBytes(url), rule, nocanon: found.nocanon, member });
  }
  // proxy_http_canon runs before the connection is made.
  const c = canonTarget(url, query, found.nocanon ? 'nocanon' : encodedPhase ? 'noencode' : 'canon', settings.allowEncodedSlashes === 'NoDecode');
  // A path proxy_http_canon refuses (NoDecode and a bare '%', a space from nocanon) is answered
  // before anything else (observed).
  if (c.status !== undefined && !c.late) return error(c.status, c.reason);
  // A target without a path glued onto the remainder ("http://b" + "x"): the host becomes "bx"
  // and the DNS lookup fails (AH00898).
  const rest = found.remainder;
  if (rest && rest[0] !== '/' && rest[0] !== '?') {
    const r = found.real;
    const sep = r.indexOf('://');
    if (sep > 0 && r.indexOf('/', sep + 3) < 0) {
      // With nocanon the raw remainder may carry '?' or '#' into the authority: the URL no longer
      // parses (400, observed) instead of failing the lookup.
      if (/[?#]/.test(rest.split('/', 1)[0])) return late(400, `error parsing URL ${url}: Invalid host/port`);
      return late(500, `DNS lookup failure for the glued host of ${url}`);
    }
  }
  return c.url === undefined ? late(c.status, c.reason) : handler({ kind: 'proxy', url: fromBytes(c.url), rule, nocanon: found.nocanon, member });
}
