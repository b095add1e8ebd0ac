// The backend's response headers as mod_proxy_http passes them on (ap_proxy_read_headers and
// process_proxy_header): every value trimmed, Location-like headers through ProxyPassReverse,
// Set-Cookie through the cookie maps, dates canonicalised, hop-by-hop headers dropped.

import { equalsIgnoreCase, isSpaceCode, isToken, noControlChars, startsWithIgnoreCase, trimSpace } from '../core/ascii.js';
import type { ClientRequest, HeaderList, ReadonlyHeaderList } from '../core/types.js';
import { isCanonicalDate } from './compiled-date.js';
import { readConnection } from './connection.js';
import { LINE_LIMIT, utf8Length } from './context.js';
import { canonicalDate, parseHttpDate } from './date.js';
import type { CookieMapper } from './cookie.js';

/** What one request's response goes through (after the location walk and interpolation). */
export interface ResponseRules {
  /** ProxyPassReverse of this request's lists, for Location, Content-Location, URI and Destination. */
  readonly mapLocation: (value: string) => string;
  /** ProxyPassReverseCookiePath / ProxyPassReverseCookieDomain of this request's lists. */
  readonly mapSetCookie: CookieMapper;
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
  /** The worker's `responsefieldsize=` (default 8192): a backend header line this long is a 502. */
  readonly fieldSize?: number;
  /**
   * `mapLocation`, `mapSetCookie` and `via` bring in no control character (their `fake`, `real`,
   * origin and Via text are clean): a clean value then maps to a clean value, so check_headers can
   * look at the backend's value instead of the rewritten one.
   */
  readonly clean?: boolean;
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

/** What happens to a header, by its name (ASCII case-insensitive). */
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
  /** Removed after mapping (ap_proxy_clear_connection and the fixed hop-by-hop list). */
  HopByHop,
  /** Hop-by-hop, and its tokens name more hop-by-hop headers. */
  Connection,
  /** Hop-by-hop; its first value may come back (see `ResponseRules.upgrade`). */
  Upgrade,
  Warning,
  /** Passed on; read for the body length check. */
  ContentLength,
  /** Passed on; a body framed by it is not length-checked. */
  TransferEncoding,
  /** Passed on as it is: a common name, a token by construction (no check_headers name test). */
  Known,
}

/** `name` is `lower` ASCII case-insensitively (as strcasecmp), of the same length. */
function folded(name: string, lower: string): boolean {
  return name === lower || startsWithIgnoreCase(name, lower);
}

/**
 * Classifies a header name without allocating: its length (and, where two known names share it,
 * its first letter) picks the one candidate, compared in its usual spelling by one native compare,
 * then ASCII case-insensitively (as strcasecmp). Every known name is a token, so a name classified
 * here needs no check_headers test of its own.
 */
function kindOf(name: string): Kind {
  switch (name.length) {
    case 2:
      return name === 'TE' || folded(name, 'te') ? Kind.HopByHop : Kind.Pass;
    case 3: {
      const c = name.charCodeAt(0) | 0x20;
      if (c === 117) return name === 'URI' || folded(name, 'uri') ? Kind.Location : Kind.Pass;
      return c === 97 && (name === 'Age' || folded(name, 'age')) ? Kind.Known : Kind.Pass;
    }
    case 4: {
      const c = name.charCodeAt(0) | 0x20;
      if (c === 100) return name === 'Date' || folded(name, 'date') ? Kind.Date : Kind.Pass;
      if (c === 118) return name === 'Vary' || folded(name, 'vary') ? Kind.Vary : Kind.Pass;
      if (c === 101) return name === 'ETag' || folded(name, 'etag') ? Kind.Known : Kind.Pass;
      return c === 108 && (name === 'Link' || folded(name, 'link')) ? Kind.Known : Kind.Pass;
    }
    case 6:
      if (name === 'Server') return Kind.Server;
      if (name === 'Pragma') return Kind.Known;
      return folded(name, 'server') ? Kind.Server : folded(name, 'pragma') ? Kind.Known : Kind.Pass;
    case 7: {
      const c = name.charCodeAt(0) | 0x20;
      if (c === 101) return name === 'Expires' || folded(name, 'expires') ? Kind.OtherDate : Kind.Pass;
      if (c === 116) return name === 'Trailer' || folded(name, 'trailer') ? Kind.HopByHop : Kind.Pass;
      if (c === 117) return name === 'Upgrade' || folded(name, 'upgrade') ? Kind.Upgrade : Kind.Pass;
      return c === 119 && (name === 'Warning' || folded(name, 'warning')) ? Kind.Warning : Kind.Pass;
    }
    case 8:
      return name === 'Location' || folded(name, 'location') ? Kind.Location : Kind.Pass;
    case 10:
      if (name === 'Set-Cookie') return Kind.Cookie;
      if (name === 'Connection') return Kind.Connection;
      if (name === 'Keep-Alive') return Kind.HopByHop;
      return folded(name, 'set-cookie') ? Kind.Cookie : folded(name, 'connection') ? Kind.Connection : folded(name, 'keep-alive') ? Kind.HopByHop : Kind.Pass;
    case 11:
      return name === 'Destination' || folded(name, 'destination') ? Kind.Location : Kind.Pass;
    case 12:
      if (name === 'Content-Type') return Kind.ContentType;
      if (name === 'X-Powered-By') return Kind.Known;
      return folded(name, 'content-type') ? Kind.ContentType : folded(name, 'x-powered-by') ? Kind.Known : Kind.Pass;
    case 13:
      if (name === 'Cache-Control') return Kind.Known;
      if (name === 'Last-Modified') return Kind.OtherDate;
      return folded(name, 'cache-control') || folded(name, 'accept-ranges') ? Kind.Known : folded(name, 'last-modified') ? Kind.OtherDate : Kind.Pass;
    case 14:
      return name === 'Content-Length' || folded(name, 'content-length') ? Kind.ContentLength : Kind.Pass;
    case 15:
      return name === 'X-Frame-Options' || folded(name, 'x-frame-options') ? Kind.Known : Kind.Pass;
    case 16:
      if (name === 'Content-Location') return Kind.Location;
      if (name === 'Content-Encoding') return Kind.Known;
      // ap_proxy_clear_connection unsets Proxy-Connection with Connection (observed).
      return folded(name, 'content-location') ? Kind.Location : folded(name, 'content-encoding') ? Kind.Known : folded(name, 'proxy-connection') ? Kind.HopByHop : Kind.Pass;
    case 17:
      return name === 'Transfer-Encoding' || folded(name, 'transfer-encoding') ? Kind.TransferEncoding : Kind.Pass;
    case 18:
      return name === 'Proxy-Authenticate' || folded(name, 'proxy-authenticate') ? Kind.HopByHop : Kind.Pass;
    case 22:
      return name === 'X-Content-Type-Options' || folded(name, 'x-content-type-options') ? Kind.Known : Kind.Pass;
    case 25:
      return name === 'Strict-Transport-Security' || folded(name, 'strict-transport-security') ? Kind.Known : Kind.Pass;
    default:
      return Kind.Pass;
  }
}

/**
 * Adds the names one `Connection` value lists to `into` (as mod_proxy reads them: connection.ts):
 * those lines are dropped too. Returns whether a name can stand for a line that reaches the client
 * (one that is not hop-by-hop already).
 */
function connectionList(value: string, into: string[]): boolean {
  const first = into.length;
  readConnection(value, into);
  for (let i = first; i < into.length; i++) {
    const kind = kindOf(into[i]);
    if (kind !== Kind.HopByHop && kind !== Kind.Connection && kind !== Kind.Upgrade) return true;
  }
  return false;
}

/** `name` is one of `tokens`, ASCII case-insensitively (strcasecmp). */
function namedIn(name: string, tokens: readonly string[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (equalsIgnoreCase(name, tokens[i])) return true;
  return false;
}

/** Removes, in place, the lines of `out` whose name is one of `tokens`. */
function dropNamed(out: HeaderList, tokens: readonly string[]): void {
  let k = 0;
  for (let i = 0; i < out.length; i++) if (!namedIn(out[i][0], tokens)) out[k++] = out[i];
  while (out.length > k) out.pop();
}

/** The place of Date or Server in a final answer until the end of the pass (never returned). */
const SLOT: [string, string] = ['', ''];

/** A backend header line Apache cannot accept: the client gets this status instead. */
export interface BadBackendResponse {
  readonly status: 500 | 502;
  readonly reason: string;
}

/**
 * The first backend header line (`name: value`, folded continuations joined) that does not fit
 * ResponseFieldSize, as the 502 it gives, or `null`: `limit` bytes or more is an error reading the
 * headers (observed: 8191 bytes pass by default, 99 with `responsefieldsize=100`). The first test
 * is the cheap bound.
 */
function lineTooLong(headers: ReadonlyHeaderList, limit: number): BadBackendResponse | null {
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    if ((value.length + name.length) * 3 + 2 >= limit && utf8Length(name) + 2 + utf8Length(value) >= limit) {
      return { status: 502, reason: `backend header line ${name} does not fit ResponseFieldSize` };
    }
  }
  return null;
}

/**
 * Rewrites the backend's response headers as Apache httpd 2.4 mod_proxy_http does, on any status.
 * Returns a fresh list, or the error status Apache answers with for a malformed header name.
 *
 * @example
 * rewriteResponseHeaders([['Location', 'http://backend/app/x'], ['Connection', 'close']], {
 *   mapLocation: (v) => v.replace('http://backend/app/', 'http://www.example.com/app/'),
 *   mapSetCookie: (v) => v,
 * }) // [['Location', 'http://www.example.com/app/x']]
 */
export function rewriteResponseHeaders(
  headers: ReadonlyHeaderList,
  rules: ResponseRules,
  status?: number,
): HeaderList | BadBackendResponse {
  // An interim answer (1xx but 101) is sent on at once (ap_send_interim_response) with the table as
  // mod_proxy left it: no Date/Server reordering, no Content-Type or Vary fixup, no header check.
  // An HTTP/1.0 client gets none, nor a client that did not ask for a 100; the backend then closes
  // without a final answer: 502 (observed).
  // A line too long fails reading the headers, before anything else is known.
  const long = lineTooLong(headers, rules.fieldSize ?? LINE_LIMIT);
  if (long) return long;
  const interim = status !== undefined && status >= 100 && status < 200 && status !== 101;
  const lost = interim && (rules.http10 === true || (status === 100 && rules.expect100 !== true));
  if (lost) return { status: 502, reason: 'an interim response the client is not sent, and no final response' };
  if (!interim && status !== undefined && rules.method === 'HEAD' && status !== 204 && status !== 304 && unchunkedCoding(headers)) {
    return { status: 500, reason: 'a HEAD response with a Transfer-Encoding that is not chunked' };
  }

  // A final answer starts with Date and Server: two slots kept for them, filled (or closed) at the end.
  const out: HeaderList = interim ? [] : [SLOT, SLOT];
  // ap_basic_http_header writes the first backend Date and Server first, under those names, and
  // drops any others; mod_proxy_http moves the Set-Cookie lines after every other header.
  let date: string | null = null;
  let server: string | null = null;
  let cookies: HeaderList | null = null;
  let contentType: boolean | null = null;
  let varyIndex = -1;
  let vary: string[] | null = null;
  let dropped: string[] | null = null;
  // Whether a Connection token names a line that is not hop-by-hop already.
  let dropping = false;
  let warnings: HeaderList | null = null;
  let upgrade: string | null = null;
  let length: string | null = null;
  let framed = false;
  // check_headers is decided on the way: `suspect` is set by any line that might fail it (never
  // missing one), and only then are the final lines checked one by one for the exact answer.
  let suspect = false;
  const check = !interim;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const raw = headers[i][1];
    // Only C whitespace (at most 32) is trimmed: one look at each end settles the usual value.
    const value = raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : trimSpace(raw);
    // Each case says what this line sends under its own name here (`sent`, null for nothing) and
    // what check_headers must read for it (`scan`, null when it is known clean or never sent):
    // one check and one push after the switch keep the loop's code small.
    let sent: string | null = value;
    let scan: string | null = value;
    const kind = kindOf(name);
    switch (kind) {
      case Kind.Pass:
        if (check && !suspect && notToken(name)) suspect = true;
        break;
      case Kind.Location:
        sent = rules.mapLocation(value);
        if (rules.clean !== true) scan = sent;
        break;
      case Kind.Cookie: {
        const mapped = rules.mapSetCookie(value);
        if (rules.clean !== true) scan = mapped;
        (cookies ??= []).push([name, mapped]);
        sent = null;
        break;
      }
      case Kind.Date:
      case Kind.OtherDate: {
        // date_canon. A date APR writes is clean; one it cannot parse comes back as it was.
        let canon = value;
        if (isCanonicalDate(value)) scan = null;
        else if ((canon = canonicalDate(value)) !== value) scan = null;
        if (kind === Kind.OtherDate) sent = canon;
        else {
          // The first Date is the answer's: a final answer sends it first (below) and drops the
          // others; an interim one sends every line in its place.
          if (date === null) date = canon;
          else if (!interim) scan = null;
          sent = interim ? canon : null;
        }
        break;
      }
      case Kind.Server:
        if (!interim) {
          if (server === null) server = value;
          else scan = null;
          sent = null;
        }
        break;
      case Kind.ContentType:
        // ap_set_content_type takes the first value; the header is then set once, in the first
        // one's place (apr_table_setn drops the others).
        // An empty first value sets no content type, and every line then passes (observed).
        // 204 and 304 have no content type (AP_STATUS_IS_HEADER_ONLY): every line passes (observed).
        if (contentType === null) contentType = value !== '' && status !== 204 && status !== 304 && !interim;
        else if (contentType) sent = scan = null;
        break;
      case Kind.Vary:
        // fixup_vary (http_filters.c): every Vary field name, case-insensitively unique, joined
        // with ',' into the first Vary line; without any name the lines are left alone. The merged
        // line holds pieces of these values only: clean values make a clean line.
        if (!interim) {
          if (vary === null) {
            varyIndex = out.length;
            vary = [];
          }
          varyTokens(value, vary);
        }
        break;
      case Kind.Warning:
        // The kept warning-values are pieces of these values (see cleanWarnings).
        (warnings ??= []).push([name, value]);
        sent = null;
        break;
      case Kind.Connection:
        // The usual value names a header that is hop-by-hop already: nothing more to drop.
        if (value !== 'keep-alive' && value !== 'Keep-Alive' && connectionList(value, (dropped ??= []))) dropping = true;
        sent = scan = null;
        break;
      case Kind.Upgrade:
        // The first Upgrade value is what mod_proxy_http may send back (see rules.upgrade).
        upgrade ??= value;
        sent = scan = null;
        break;
      case Kind.HopByHop:
        sent = scan = null;
        break;
      case Kind.ContentLength:
        length ??= value;
        // Digits only (the usual length) are clean without the scan.
        if (isDigits(value)) scan = null;
        break;
      case Kind.TransferEncoding:
        framed = true;
        break;
      // Kind.Known: passed on, checked.
    }
    if (scan !== null && check && !suspect && hasControl(scan)) suspect = true;
    if (sent !== null) out.push([name, sent]);
  }
  if (vary !== null && vary.length > 0) {
    const first = varyIndex;
    out[first] = [out[first][0], vary.join(',')];
    let k = first + 1;
    for (let i = first + 1; i < out.length; i++) if (!equalsIgnoreCase(out[i][0], 'vary')) out[k++] = out[i];
    while (out.length > k) out.pop();
  }
  if (dropped !== null && dropping) {
    // Headers named in Connection are hop-by-hop too.
    dropNamed(out, dropped);
    if (warnings !== null && namedIn('warning', dropped)) warnings = null;
    if (cookies !== null && namedIn('set-cookie', dropped)) cookies = null;
    if (date !== null && namedIn('date', dropped)) date = null;
    if (server !== null && namedIn('server', dropped)) server = null;
  }
  if (interim) {
    if (cookies) for (let i = 0; i < cookies.length; i++) out.push(cookies[i]);
    if (warnings) cleanWarnings(warnings, date === null ? 0 : parseHttpDate(date), out);
    if (rules.via !== undefined) out.push(['Via', rules.via]);
    return out;
  }
  if (date !== null && server !== null) {
    out[0] = ['Date', date];
    out[1] = ['Server', server];
  } else {
    let k = 0;
    if (date !== null) out[k++] = ['Date', date];
    if (server !== null) out[k++] = ['Server', server];
    for (let i = 2; i < out.length; i++) out[k++] = out[i];
    while (out.length > k) out.pop();
  }
  if (cookies) for (let i = 0; i < cookies.length; i++) out.push(cookies[i]);
  // ap_proxy_clean_warnings: every warning-value is cut out on its own line, after the others;
  // one whose warn-date differs from the (first) Date is dropped, and so is text that is no warning.
  if (warnings) cleanWarnings(warnings, date === null ? 0 : parseHttpDate(date), out);
  if (rules.via !== undefined) {
    if (rules.clean !== true && !suspect && hasControl(rules.via)) suspect = true;
    out.push(['Via', rules.via]);
  }
  if (upgrade !== null && rules.upgrade?.(upgrade)) {
    if (!suspect && hasControl(upgrade)) suspect = true;
    out.push(['Upgrade', upgrade]);
  }
  // check_headers (http_filters.c, HttpProtocolOptions Strict): a name that is not a token
  // ("Location : x"), or a value with a control character other than HTAB, makes the whole
  // response a 500 (observed).
  if (suspect) {
    for (let i = 0; i < out.length; i++) {
      const bad = badHeader(out[i][0], out[i][1]);
      if (bad !== null) return { status: 500, reason: bad };
    }
  }
  // Only then is the body read, and an unreadable length fails it: 502 (observed: a non-token
  // name and a bad Content-Length together give 500).
  if (status !== undefined && length !== null && !framed && status !== 204 && status !== 304 && rules.method !== 'HEAD' && badLength(length)) {
    return { status: 502, reason: 'the backend Content-Length is not a number: its body cannot be read' };
  }
  return out;
}

/**
 * Whether reading the body fails on the length (ap_http_filter, ap_parse_strict_length), given the
 * first Content-Length value (trimmed) of a response that has a body and no Transfer-Encoding: not
 * plain decimal digits (`abc`, `-1`, `+0`, `5, 5`, empty) or past 2^63-1, Apache answers 502 (observed).
 */
function badLength(length: string): boolean {
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

/** Decimal digits only (and at least one). */
function isDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A value check_headers refuses: a control character other than HTAB. */
function hasControl(value: string): boolean {
  return !noControlChars(value);
}

/** A name check_headers refuses: empty, or not token characters only. */
function notToken(name: string): boolean {
  return !isToken(name);
}

/** Why check_headers refuses a response header, or `null`. */
function badHeader(name: string, value: string): string | null {
  if (!notToken(name) && !hasControl(value)) return null;
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
