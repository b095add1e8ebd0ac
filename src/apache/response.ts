// The backend's response headers as mod_proxy_http passes them on (ap_proxy_read_headers and
// process_proxy_header): every value trimmed, Location-like headers through ProxyPassReverse,
// Set-Cookie through the cookie maps, dates canonicalised, hop-by-hop headers dropped.

import { equalsIgnoreCase, isSpaceCode, trimSpace } from '../core/ascii.js';
import type { ClientRequest, HeaderList, ReadonlyHeaderList } from '../core/types.js';
import { compileCookieRules } from './cookie.js';
import { isCanonicalDate } from './compiled-date.js';
import { LINE_LIMIT, utf8Length } from './context.js';
import { canonicalDate, parseHttpDate } from './date.js';
import { type ConstructUrl, mapLocation } from './location.js';
import type { Balancer, CookieRule, ReverseRule } from './types.js';

/** The rule lists that apply to one request (after the location walk and interpolation). */
export interface ResponseRules {
  readonly reverse: readonly ReverseRule[];
  readonly cookiePath: readonly CookieRule[];
  readonly cookieDomain: readonly CookieRule[];
  readonly balancers: ReadonlyMap<string, Balancer>;
  readonly constructUrl: ConstructUrl;
  /** Precompiled ProxyPassReverse for these lists (same answers as the scan over `reverse`). */
  readonly mapLocation?: (value: string) => string;
  /** Precompiled cookie maps for these lists (same answers as `mapSetCookie` over the lists). */
  readonly mapSetCookie?: (value: string) => string;
  /** With `ProxyVia On|Full`, the text of the separate `Via` header appended to the response. */
  readonly via?: string;
  /**
   * Whether the worker may upgrade to the backend's `Upgrade` value (ws:// targets, `upgrade=`):
   * then that value goes back to the client, last. Absent: the response's Upgrade is dropped.
   */
  readonly upgrade?: (value: string) => boolean;
  /** The request method: a HEAD response has no body, so its Content-Length is never read. */
  readonly method?: string;
  /** The client spoke HTTP/1.0: it is sent no interim (1xx) response. */
  readonly http10?: boolean;
  /** The client sent `Expect: 100-continue` (HTTP/1.1): only then is a backend 100 passed on. */
  readonly expect100?: boolean;
}

/**
 * The client facts `rewriteResponseHeaders` needs for interim (1xx) answers.
 *
 * @example
 * interimPolicy({ target: '/', httpVersion: '1.0' }) // { http10: true, expect100: false }
 */
export function interimPolicy(request: ClientRequest): { http10: boolean; expect100: boolean } {
  const http10 = request.httpVersion === '1.0';
  let expect = false;
  for (const [n, v] of request.headers ?? []) if (equalsIgnoreCase(n, 'expect') && equalsIgnoreCase(trimSpace(v), '100-continue')) expect = true;
  return { http10, expect100: expect && !http10 };
}

/** What happens to a header, by lower-cased name. */
const enum Kind {
  Pass,
  Location,
  Cookie,
  Date,
  /** `Expires`, `Last-Modified`: canonicalised in place. */
  OtherDate,
  Server,
  ContentType,
  Vary,
  HopByHop,
  Warning,
}

const KINDS: ReadonlyMap<string, Kind> = new Map([
  ['location', Kind.Location],
  ['content-location', Kind.Location],
  ['uri', Kind.Location],
  ['destination', Kind.Location],
  ['set-cookie', Kind.Cookie],
  ['date', Kind.Date],
  ['expires', Kind.OtherDate],
  ['last-modified', Kind.OtherDate],
  ['server', Kind.Server],
  ['content-type', Kind.ContentType],
  ['vary', Kind.Vary],
  // Removed after mapping (ap_proxy_clear_connection and the fixed hop-by-hop list).
  ['connection', Kind.HopByHop],
  ['keep-alive', Kind.HopByHop],
  ['proxy-authenticate', Kind.HopByHop],
  ['te', Kind.HopByHop],
  ['trailer', Kind.HopByHop],
  ['upgrade', Kind.HopByHop],
  // ap_proxy_clear_connection unsets it with Connection (observed).
  ['proxy-connection', Kind.HopByHop],
  ['warning', Kind.Warning],
]);

/** The names in `KINDS` by length, so a name is classified without lower-casing it (no allocation). */
const BY_LENGTH: ReadonlyArray<ReadonlyArray<readonly [string, Kind]> | undefined> = (() => {
  const out: [string, Kind][][] = [];
  for (const [name, kind] of KINDS) (out[name.length] ??= []).push([name, kind]);
  return out;
})();

function kindOf(name: string): Kind {
  const candidates = BY_LENGTH[name.length];
  if (candidates === undefined) return Kind.Pass;
  for (let i = 0; i < candidates.length; i++) if (equalsIgnoreCase(name, candidates[i][0])) return candidates[i][1];
  return Kind.Pass;
}

/**
 * The tokens of every `Connection` header, trimmed and lower-cased (as connectionTokens), as a
 * list: headers named there are hop-by-hop too.
 */
function connectionList(headers: ReadonlyHeaderList): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    if (!equalsIgnoreCase(headers[i][0], 'connection')) continue;
    // The pieces of split(','), without building the array.
    const v = headers[i][1];
    for (let start = 0; start <= v.length; ) {
      let end = v.indexOf(',', start);
      if (end < 0) end = v.length;
      const token = v.slice(start, end).trim().toLowerCase();
      if (token) out.push(token);
      start = end + 1;
    }
  }
  return out;
}

/** `name` lower-cased is one of `tokens` (which are lower-case already). */
function namedIn(name: string, tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (equalsIgnoreCase(name, tokens[i])) return true;
  return false;
}

/** date_canon, with the already-canonical form recognised without parsing. */
function canonical(value: string): string {
  return isCanonicalDate(value) ? value : canonicalDate(value);
}

/** A backend header line Apache cannot accept: the client gets this status instead. */
export interface BadBackendResponse {
  readonly status: 500 | 502;
  readonly reason: string;
}

/**
 * Rewrites the backend's response headers as Apache httpd 2.4 mod_proxy_http does, on any status.
 * Returns a fresh list, or the error status Apache answers with for a malformed header name.
 *
 * @example
 * rewriteResponseHeaders([['Location', 'http://backend/app/x']], {
 *   reverse: [{ fake: '/app/', real: 'http://backend/app/', interpolate: false, line: 1 }],
 *   cookiePath: [], cookieDomain: [], balancers: new Map(),
 *   constructUrl: (p) => 'http://www.example.com' + p,
 * }) // [['Location', 'http://www.example.com/app/x']]
 */
export function rewriteResponseHeaders(
  headers: ReadonlyHeaderList,
  rules: ResponseRules,
  status?: number,
): HeaderList | BadBackendResponse {
  // ResponseFieldSize (8192): a header line that does not fit, folded continuations included, is
  // an error reading the headers: 502 (observed, 8191 bytes pass).
  for (let i = 0; i < headers.length; i++) {
    if ((headers[i][1].length + headers[i][0].length) * 3 + 2 >= LINE_LIMIT && utf8Length(headers[i][0]) + 2 + utf8Length(headers[i][1]) >= LINE_LIMIT) {
      return { status: 502, reason: `backend header line ${headers[i][0]} does not fit ResponseFieldSize` };
    }
  }
  // An interim answer (1xx but 101) is sent on at once (ap_send_interim_response) with the table as
  // mod_proxy left it: no Date/Server reordering, no Content-Type or Vary fixup, no header check.
  // An HTTP/1.0 client gets none, nor a client that did not ask for a 100; the backend then closes
  // without a final answer: 502 (observed).
  const interim = status !== undefined && status >= 100 && status < 200 && status !== 101;
  if (interim && (rules.http10 === true || (status === 100 && rules.expect100 !== true))) {
    return { status: 502, reason: 'an interim response the client is not sent, and no final response' };
  }
  if (!interim && status !== undefined && rules.method === 'HEAD' && status !== 204 && status !== 304 && unchunkedCoding(headers)) {
    return { status: 500, reason: 'a HEAD response with a Transfer-Encoding that is not chunked' };
  }

  const out: HeaderList = [];
  // ap_basic_http_header writes the first backend Date and Server first, under those names, and
  // drops any others; mod_proxy_http moves the Set-Cookie lines after every other header.
  let date: string | null = null;
  let server: string | null = null;
  let cookies: HeaderList | null = null;
  let contentType: boolean | null = null;
  let vary: { index: number; tokens: string[] } | null = null;
  let dropped: string[] | null = null;
  let cookieMap: ((value: string) => string) | null = null;
  let warnings: HeaderList | null = null;
  let upgrade: string | null = null;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = trimSpace(headers[i][1]);
    const kind = kindOf(name);
    switch (kind) {
      case Kind.Location:
        out.push([
          name,
          rules.mapLocation
            ? rules.mapLocation(value)
            : mapLocation(value, rules.reverse, rules.balancers, rules.constructUrl),
        ]);
        break;
      case Kind.Cookie:
        (cookies ??= []).push([
          name,
          (cookieMap ??= rules.mapSetCookie ?? compileCookieRules(rules.cookiePath, rules.cookieDomain))(value),
        ]);
        break;
      case Kind.Date:
        if (date === null) date = canonical(value);
        if (interim) out.push([name, canonical(value)]);
        break;
      case Kind.OtherDate:
        out.push([name, canonical(value)]);
        break;
      case Kind.Server:
        if (interim) out.push([name, value]);
        else server ??= value;
        break;
      case Kind.ContentType:
        // ap_set_content_type takes the first value; the header is then set once, in the first
        // one's place (apr_table_setn drops the others).
        // An empty first value sets no content type, and every line then passes (observed).
        // 204 and 304 have no content type (AP_STATUS_IS_HEADER_ONLY): every line passes (observed).
        if (contentType === null) contentType = value !== '' && status !== 204 && status !== 304 && !interim;
        else if (contentType) break;
        out.push([name, value]);
        break;
      case Kind.Vary:
        // fixup_vary (http_filters.c): every Vary field name, case-insensitively unique, joined
        // with ',' into the first Vary line; without any name the lines are left alone.
        if (!interim) {
          vary ??= { index: out.length, tokens: [] };
          varyTokens(value, vary.tokens);
        }
        out.push([name, value]);
        break;
      case Kind.Warning:
        (warnings ??= []).push([name, value]);
        break;
      case Kind.HopByHop:
        // The first Upgrade value is what mod_proxy_http may send back (see rules.upgrade).
        if (upgrade === null && equalsIgnoreCase(name, 'upgrade')) upgrade = value;
        dropped ??= connectionList(headers);
        break;
      default:
        out.push([name, value]);
    }
  }
  if (vary !== null && vary.tokens.length > 0) {
    const first = vary.index;
    out[first] = [out[first][0], vary.tokens.join(',')];
    for (let i = out.length - 1; i > first; i--) if (equalsIgnoreCase(out[i][0], 'vary')) out.splice(i, 1);
  }
  if (dropped && dropped.length > 0) {
    // Headers named in Connection are hop-by-hop too.
    for (let i = out.length - 1; i >= 0; i--) if (namedIn(out[i][0], dropped)) out.splice(i, 1);
    if (warnings !== null && namedIn('warning', dropped)) warnings = null;
    if (cookies !== null && namedIn('set-cookie', dropped)) cookies = null;
    if (date !== null && namedIn('date', dropped)) date = null;
    if (server !== null && namedIn('server', dropped)) server = null;
  }
  if (interim) {
    if (cookies) for (const c of cookies) out.push(c);
    if (warnings) cleanWarnings(warnings, date === null ? 0 : parseHttpDate(date), out);
    if (rules.via !== undefined) out.push(['Via', rules.via]);
    return out;
  }
  if (server !== null) out.unshift(['Server', server]);
  if (date !== null) out.unshift(['Date', date]);
  if (cookies) for (const c of cookies) out.push(c);
  // ap_proxy_clean_warnings: every warning-value is cut out on its own line, after the others;
  // one whose warn-date differs from the (first) Date is dropped, and so is text that is no warning.
  if (warnings) cleanWarnings(warnings, date === null ? 0 : parseHttpDate(date), out);
  if (rules.via !== undefined) out.push(['Via', rules.via]);
  if (upgrade !== null && rules.upgrade?.(upgrade)) out.push(['Upgrade', upgrade]);
  // check_headers (http_filters.c, HttpProtocolOptions Strict): a name that is not a token
  // ("Location : x"), or a value with a control character other than HTAB, makes the whole
  // response a 500 (observed).
  for (let i = 0; i < out.length; i++) {
    const bad = badHeader(out[i][0], out[i][1]);
    if (bad !== null) return { status: 500, reason: bad };
  }
  // Only then is the body read, and an unreadable length fails it: 502 (observed: a non-token
  // name and a bad Content-Length together give 500).
  if (status !== undefined && badLength(headers, status, rules.method)) {
    return { status: 502, reason: 'the backend Content-Length is not a number: its body cannot be read' };
  }
  return out;
}

/**
 * Whether reading the body fails on the length (ap_http_filter, ap_parse_strict_length): a body is
 * expected (not HEAD, 204, 304), no Transfer-Encoding line, and the first Content-Length value is
 * not plain decimal digits (`abc`, `-1`, `+0`, `5, 5`, empty): Apache answers 502 (observed).
 */
function badLength(headers: ReadonlyHeaderList, status: number, method: string | undefined): boolean {
  if (status === 204 || status === 304 || method === 'HEAD') return false;
  let length: string | null = null;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    if (name.length === 17 && equalsIgnoreCase(name, 'transfer-encoding')) return false;
    if (length === null && name.length === 14 && equalsIgnoreCase(name, 'content-length')) length = trimSpace(headers[i][1]);
  }
  if (length === null) return false;
  if (length === '') return true;
  for (let i = 0; i < length.length; i++) {
    const c = length.charCodeAt(i);
    if (c < 48 || c > 57) return true;
  }
  // apr_strtoff overflows past 2^63-1.
  let z = 0;
  while (z < length.length - 1 && length.charCodeAt(z) === 48) z++;
  const digits = length.length - z;
  return digits > 19 || (digits === 19 && length.slice(z) > '9223372036854775807');
}

/** The first Transfer-Encoding line's last coding is not `chunked` (a HEAD answer then gives 500, observed). */
function unchunkedCoding(headers: ReadonlyHeaderList): boolean {
  for (let i = 0; i < headers.length; i++) {
    if (headers[i][0].length !== 17 || !equalsIgnoreCase(headers[i][0], 'transfer-encoding')) continue;
    const v = trimSpace(headers[i][1]);
    const last = trimSpace(v.slice(v.lastIndexOf(',') + 1));
    return !equalsIgnoreCase(last, 'chunked');
  }
  return false;
}

// check_headers, as two native scans: a name of token characters only (RFC 9110 tchar, which is
// 33-126 minus the separators below) and a value without control characters other than HTAB.
const TOKEN_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Why check_headers refuses a response header, or `null`. */
function badHeader(name: string, value: string): string | null {
  if (TOKEN_NAME.test(name) && !CONTROL.test(value)) return null;
  return whyBadHeader(name, value);
}

/** The reason for a header check_headers refuses (the slow path, for the message). */
function whyBadHeader(name: string, value: string): string | null {
  if (name.length === 0) return 'empty backend header name';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126 || TOKEN_SEPARATORS.includes(name[i])) return `backend header name ${JSON.stringify(name)} is not a token`;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return `backend header ${name} has a control character in its value`;
  }
  return null;
}
const TOKEN_SEPARATORS = '()<>@,;:\\"/[]?={}';

/** The warning-value pattern of mod_proxy_http: code, agent, quoted text, optional quoted date. */
const WARNING = /[0-9]{3}[ \t]+[^ \t]+[ \t]+"[^"]*"([ \t]+"([^"]+)")?/;

/** Appends the kept warning-values of `warnings` to `out`, one line each, under each line's own name. */
function cleanWarnings(warnings: ReadonlyHeaderList, dateTime: number, out: HeaderList): void {
  for (const [name, value] of warnings) {
    let rest = value;
    for (let m = WARNING.exec(rest); m !== null; m = WARNING.exec(rest)) {
      const warnTime = m[2] !== undefined ? parseHttpDate(m[2]) : 0;
      if (warnTime === 0 || warnTime === dateTime) out.push([name, m[0]]);
      rest = rest.slice(m.index + m[0].length);
    }
  }
}

/** Adds the field names of one Vary value (separated by commas and C whitespace) not yet in `into`. */
function varyTokens(value: string, into: string[]): void {
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && (value.charCodeAt(i) === 44 || isSpaceCode(value.charCodeAt(i)))) i++;
    const start = i;
    while (i < n && value.charCodeAt(i) !== 44 && !isSpaceCode(value.charCodeAt(i))) i++;
    if (i > start) {
      const token = value.slice(start, i);
      if (!into.some((t) => equalsIgnoreCase(t, token))) into.push(token);
    }
  }
}
