// The client context of one request: which host and port the client asked for (vhost.c
// fix_hostname, HttpProtocolOptions Strict) and the scheme, server name and port that httpd uses
// to build absolute URLs (core.c ap_http_scheme, ap_get_server_name, ap_get_server_port,
// ap_construct_url).

import { isAlnumCode, isDigitCode, isHexCode, isToken, lowerAscii, equalsIgnoreCase, noControlChars } from '../core/ascii.js';
import { getHeaders } from '../core/headers.js';
import { trimBlanks } from './request-headers.js';
import type { ClientRequest } from '../core/types.js';
import type { ApacheConfig, EffectiveSettings } from './types.js';

/** The request-target as `ap_parse_uri` splits it. */
export interface ParsedTarget {
  /** `r->unparsed_uri`: the raw target, query included. */
  readonly unparsed: string;
  /** Scheme of an absolute-form target, as written; `null` for origin-form. */
  readonly scheme: string | null;
  /** Authority host of an absolute-form target (brackets removed), `null` when none. */
  readonly hostname: string | null;
  /** Port text of an absolute-form target (`r->parsed_uri.port_str`), `null` when none. */
  readonly portStr: string | null;
  /** Path as sent (still %-encoded), `''` when the target had none. */
  readonly path: string;
  /** `r->args`: the raw query after `?`, `null` when there was no `?`. */
  readonly query: string | null;
  readonly fragment: string | null;
  readonly userinfo: boolean;
  /** The authority ended in `:` with no digits (`http://h:/x`): apr_uri_parse keeps an empty port text. */
  readonly emptyPort: boolean;
}

/** Splits a request-target like `apr_uri_parse` (after `ap_parse_uri` drops leading `//` runs). `null` when unparsable (400). */
export function parseTarget(target: string): ParsedTarget | null {
  let uri = target;
  // ap_parse_uri: a leading "//" is a path, not an authority.
  let skip = 0;
  while (uri.charCodeAt(skip) === 47 && uri.charCodeAt(skip + 1) === 47) skip++;
  if (skip) uri = uri.slice(skip);
  let i = 0;
  let scheme: string | null = null;
  let hostname: string | null = null;
  let portStr: string | null = null;
  let userinfo = false;
  let emptyPort = false;
  if (uri.charCodeAt(0) !== 47) {
    let j = 0;
    while (j < uri.length) {
      const c = uri.charCodeAt(j);
      if (isAlnumCode(c) || c === 43 || c === 45 || c === 46) j++;
      else break;
    }
    if (j > 0 && uri[j] === ':') {
      scheme = uri.slice(0, j);
      i = j + 1;
    }
  }
  if (scheme !== null && uri.startsWith('//', i)) {
    let end = i + 2;
    while (end < uri.length && uri[end] !== '/' && uri[end] !== '?' && uri[end] !== '#') end++;
    let hostinfo = uri.slice(i + 2, end);
    const at = hostinfo.lastIndexOf('@');
    if (at >= 0) {
      userinfo = true;
      hostinfo = hostinfo.slice(at + 1);
    }
    let hostEnd = hostinfo.length;
    if (hostinfo[0] === '[') {
      const rb = hostinfo.indexOf(']');
      if (rb < 0) return null;
      hostname = hostinfo.slice(1, rb);
      if (rb + 1 < hostinfo.length) {
        if (hostinfo[rb + 1] !== ':') return null;
        portStr = hostinfo.slice(rb + 2);
      }
    } else {
      const colon = hostinfo.lastIndexOf(':');
      if (colon >= 0) {
        hostEnd = colon;
        portStr = hostinfo.slice(colon + 1);
      }
      hostname = hostinfo.slice(0, hostEnd);
    }
    if (portStr !== null) {
      for (let k = 0; k < portStr.length; k++) if (!isDigitCode(portStr.charCodeAt(k))) return null;
      if (portStr === '') {
        portStr = null;
        emptyPort = true;
      }
    }
    i = end;
  }
  let q = i;
  while (q < uri.length && uri[q] !== '?' && uri[q] !== '#') q++;
  const path = uri.slice(i, q);
  let query: string | null = null;
  let fragment: string | null = null;
  if (uri[q] === '?') {
    const h = uri.indexOf('#', q + 1);
    query = h < 0 ? uri.slice(q + 1) : uri.slice(q + 1, h);
    if (h >= 0) fragment = uri.slice(h + 1);
  } else if (uri[q] === '#') fragment = uri.slice(q + 1);
  return { unparsed: target, scheme, hostname, portStr, path, query, fragment, userinfo, emptyPort };
}

/** A host validated by `fix_hostname`. */
interface FixedHost {
  /** `r->hostname`: lower-cased, port and one trailing dot removed, IPv6 without brackets. `null` for an empty Host. */
  readonly hostname: string | null;
  /** The port written after the host (`r->parsed_uri.port_str`), `null` when none. */
  readonly portStr: string | null;
  readonly v6: boolean;
}

/** apr_parse_addr_port on a Host value: `[host, port text]`, or `null` when invalid. */
function splitHostPort(s: string): [string, string | null] | null {
  let last = s.length - 1;
  while (last >= 0 && isDigitCode(s.charCodeAt(last))) last--;
  let host = s;
  let port: string | null = null;
  if (last >= 0 && s[last] === ':') {
    port = s.slice(last + 1);
    const n = port === '' ? 0 : Number(port);
    if (n < 1 || n > 65535) return null;
    host = s.slice(0, last);
  }
  if (host[0] === '[') {
    if (host[host.length - 1] !== ']') return null;
    host = host.slice(1, -1);
    if (host.includes('%')) return null; // scope id
    if (!host.includes(':')) return null;
  } else if (host === '') return null;
  return [host, port];
}

/** fix_hostname_v6_literal: hex digits (lower-cased), `:` (one `::` at most) and dots. */
function fixV6(host: string): string | null {
  let dbl = false;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (isHexCode(c)) continue;
    if (c === 58) {
      if (host.charCodeAt(i + 1) === 58) {
        if (dbl) return null;
        dbl = true;
      } else if (host.charCodeAt(i + 1) === 46) return null;
    } else if (c === 46) {
      const n = host.charCodeAt(i + 1);
      if (n === 58 || n === 46) return null;
    } else return null;
  }
  return lowerAscii(host);
}

/** fix_hostname_non_v6 plus strict_hostname_check (HttpProtocolOptions Strict, the default). */
function fixName(host: string): string | null {
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 46 && host.charCodeAt(i + 1) === 46) return null;
    if (c === 47 || c === 92) return null;
  }
  let h = lowerAscii(host);
  if (h.endsWith('.')) h = h.slice(0, -1);
  // strict: letters, digits, '-', '_', '.'; dotted-decimal must be exactly a.b.c.d without
  // leading zeros; otherwise the last label must start with a letter.
  let dotted = true;
  let dots = 0;
  let zeros = false;
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 95) dotted = false;
    else if (c === 46) {
      dots++;
      if (h[i + 1] === '0' && isDigitCode(h.charCodeAt(i + 2))) zeros = true;
    } else if (!isDigitCode(c)) return null;
  }
  if (dotted) {
    if (h[0] === '.' || (h[0] === '0' && isDigitCode(h.charCodeAt(1)))) zeros = true;
    if (zeros || dots !== 3) return null;
  } else {
    const dot = h.lastIndexOf('.');
    if (dot >= 0 && dot + 1 < h.length) {
      const c = h.charCodeAt(dot + 1);
      if (!(c >= 97 && c <= 122)) return null;
    }
  }
  return h;
}

/**
 * `fix_hostname` under `HttpProtocolOptions Strict`: validates a Host header value (or the host of
 * an absolute-form target when `fromUri`). `null` means the server answers 400.
 *
 * @example
 * fixHostname('REV.Test.:29180') // { hostname: 'rev.test', portStr: '29180', v6: false }
 * fixHostname('a..b') // null
 */
function fixHostname(value: string, fromUri = false, uriPort: string | null = null): FixedHost | null {
  if (value === '') return { hostname: fromUri ? '' : null, portStr: fromUri ? uriPort : null, v6: false };
  let allDigits = true;
  for (let i = 0; i < value.length; i++) if (!isDigitCode(value.charCodeAt(i))) allDigits = false;
  if (allDigits) return null; // purely numeric names are refused in strict mode
  let host = value;
  let portStr = uriPort;
  let v6 = false;
  if (!fromUri) {
    const hp = splitHostPort(value);
    if (!hp) return null;
    host = hp[0];
    portStr = hp[1];
    v6 = value[0] === '[';
  } else v6 = value.includes(':');
  const fixed = v6 ? fixV6(host) : fixName(host);
  if (fixed === null) return null;
  return { hostname: fixed, portStr, v6 };
}

/**
 * The line buffer httpd reads request lines and header lines into (8190 + CRLF + NUL): a line of
 * this many bytes or more does not fit.
 *
 * @example
 * 'X-Long: '.length + 8184 >= LINE_LIMIT // true: a 400 for a request header, a 502 for a backend one
 */
export const LINE_LIMIT = 8192;

/**
 * Bytes of `s` as UTF-8 (what goes on the wire).
 *
 * @example
 * utf8Length('é/x') // 4
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) n += c > 0x7ff ? (c >= 0xd800 && c <= 0xdfff ? 1 : 2) : 1;
  }
  return n;
}

/** ap_parse_strict_length: decimal digits only, at least one, within apr_off_t. */
function isStrictLength(s: string): boolean {
  if (s === '') return false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigitCode(c)) return false;
    if (start === i && c === 48) start++;
  }
  const digits = s.length - start;
  return digits < 19 || (digits === 19 && s.slice(start) <= '9223372036854775807');
}

/** ap_is_chunked: the last coding of a Transfer-Encoding list is `chunked`. */
function isChunked(s: string): boolean {
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  let start = s.lastIndexOf(',', end - 1) + 1;
  while (start < end && (s.charCodeAt(start) === 32 || s.charCodeAt(start) === 9)) start++;
  return equalsIgnoreCase(s.slice(start, end), 'chunked');
}

/** The client context `ap_construct_url` and the Via header use. */
export interface ApacheClientContext {
  /** `ap_http_scheme`: `https` on TLS, else `https` from `ServerName https://...`, else `http`. */
  readonly scheme: 'http' | 'https';
  /** `ap_default_port`: 443 for https, else 80. */
  readonly defaultPort: number;
  /** `r->hostname`, `null` when the client gave none. */
  readonly hostname: string | null;
  /** Port given with the Host header or the absolute-form target, `null` when none. */
  readonly hostPort: number | null;
  /** The `Host` header the rest of httpd sees (replaced by the target's authority in absolute form), `null` when absent. */
  readonly hostHeader: string | null;
  /** `r->server->server_hostname`: the ServerName host. */
  readonly serverHostname: string;
  /** `ap_get_server_name`. */
  readonly serverName: string;
  /** `ap_get_server_port`. */
  readonly serverPort: number;
  /** The client's HTTP version. */
  readonly httpVersion: '1.0' | '1.1';
  /** Whether `serverName` came from the request (UseCanonicalName Off with a Host): Via uses ServerName then. */
  readonly nameFromRequest: boolean;
}

/** A request httpd refuses before any module sees it. */
export interface ContextError {
  readonly status: 400 | 414 | 417;
  readonly reason: string;
}

/** When a vhost has no ServerName: httpd would use the main server's, which this model does not know. */
const FALLBACK_SERVER_NAME = 'localhost';

/**
 * Builds the client context of a request: validates the Host header (or the absolute-form target's
 * authority) like httpd's `fix_hostname` under `HttpProtocolOptions Strict`, then computes
 * `ap_http_scheme`, `ap_get_server_name` and `ap_get_server_port` for the settings in force.
 * `UseCanonicalName DNS` assumes reverse DNS of 127.0.0.1 is `localhost` and fails elsewhere.
 *
 * @example
 * clientContext(compileApache('ServerName rev.test'), settings, { target: '/x', headers: [['Host', 'REV.test:8080']] })
 * // { scheme: 'http', serverName: 'rev.test', serverPort: 8080, ... }
 */
export function clientContext(
  config: ApacheConfig,
  settings: EffectiveSettings,
  request: ClientRequest,
): ApacheClientContext | ContextError {
  const version = request.httpVersion ?? '1.1';
  const tls = request.scheme === 'https';
  const scheme: 'http' | 'https' = tls || config.serverName?.scheme === 'https' ? 'https' : 'http';
  const defaultPort = scheme === 'https' ? 443 : 80;
  const localPort = request.port ?? (tls ? 443 : 80);
  const raw = request.headers ?? [];
  // ap_rgetline into an 8 KiB buffer (LimitRequestLine / LimitRequestFieldSize 8190 and the CRLF):
  // a request line of 8192 bytes or more is 414, a header line as long is 400 (observed).
  if (utf8Length(request.target) + (request.method ?? 'GET').length + 10 >= LINE_LIMIT) {
    return { status: 414, reason: 'request-line too long' };
  }
  let trimmed = false;
  for (const [n, v] of raw) {
    if (utf8Length(n) + 2 + utf8Length(v) >= LINE_LIMIT) return { status: 400, reason: `request header field ${n} too long` };
    // Strict parsing (HttpProtocolOptions Strict): the name must be a token, the value free of
    // control characters but HT (observed: `X@Y: 1`, `X{Y: 1`, a value with 0x01 or DEL are 400).
    if (!isToken(n)) return { status: 400, reason: `request header field name is malformed: ${n}` };
    if (!noControlChars(v)) return { status: 400, reason: `request header value is malformed (${n})` };
    if (trimBlanks(v) !== v) trimmed = true;
  }
  // The parser stores values without the SP/HT around them (` rev.test:8080 ` is `rev.test:8080`).
  const headers = trimmed ? raw.map(([n, v]) => [n, trimBlanks(v)] as [string, string]) : raw;
  // The HTTP/1 parser merges repeated request headers into one value joined by ", ".
  const hosts = getHeaders(headers, 'host');
  let hostHeader: string | null = hosts.length ? hosts.join(', ') : null;
  // LimitRequestFields 100: a 101st header line is a 400 (observed).
  if (headers.length > 100) return { status: 400, reason: 'the number of request header fields exceeds this server\'s limit' };
  const target = parseTarget(request.target);
  if (!target) return { status: 400, reason: 'request-target could not be parsed' };
  if (target.fragment !== null) return { status: 400, reason: 'URI must not contain a fragment' };
  if (target.userinfo) return { status: 400, reason: 'URI must not contain a username/password' };
  // read_request: a Content-Length that is not plain digits (two lines merged: "0, 0") and a
  // Transfer-Encoding whose last coding is not chunked are 400 before the Host is looked at.
  const lengths = getHeaders(headers, 'content-length');
  if (lengths.length && !isStrictLength(lengths.join(', '))) {
    return { status: 400, reason: `client sent invalid Content-Length (${lengths.join(', ')})` };
  }
  const codings = getHeaders(headers, 'transfer-encoding');
  if (codings.length && !isChunked(codings.join(', '))) {
    return { status: 400, reason: `client sent unknown Transfer-Encoding (${codings.join(', ')})` };
  }
  let fixed: FixedHost | null;
  // apr_uri_parse gives an empty port text (`http://h:/x`) the scheme's port as the number.
  const uriPort = target.emptyPort ? (equalsIgnoreCase(target.scheme ?? '', 'https') ? '443' : '80') : target.portStr;
  // ap_parse_uri takes the host from an absolute-form target only when its scheme is ap_http_scheme.
  const fromUri = target.hostname !== null && equalsIgnoreCase(target.scheme ?? '', scheme);
  if (fromUri) {
    fixed = fixHostname(target.hostname as string, true, uriPort);
    if (!fixed) return { status: 400, reason: `malformed host in request-target: ${target.hostname}` };
    // Strict mode replaces the Host header with the target's authority, port text as written
    // (observed: `GET http://rev.test:/x` sends X-Forwarded-Host `rev.test:`).
    if (hostHeader !== null) {
      const h = fixed.v6 ? `[${fixed.hostname}]` : (fixed.hostname as string);
      hostHeader = target.emptyPort ? `${h}:` : target.portStr !== null ? `${h}:${target.portStr}` : h;
    }
  } else if (hostHeader !== null) {
    fixed = fixHostname(hostHeader);
    if (!fixed) return { status: 400, reason: `Client sent malformed Host header: ${hostHeader}` };
    // apr_uri_parse kept the port of an absolute-form target of another scheme in
    // r->parsed_uri; only a Host header with a port replaces it (observed: ap_get_server_port).
    if (fixed.portStr === null && uriPort !== null) fixed = { ...fixed, portStr: uriPort };
  } else fixed = { hostname: null, portStr: uriPort, v6: false };
  if (version === '1.1' && (fixed.hostname === null || hostHeader === null)) {
    return { status: 400, reason: 'client sent HTTP/1.1 request without hostname' };
  }
  const expect = headers.length ? getHeaders(headers, 'expect').join(', ') : '';
  if (expect !== '' && !equalsIgnoreCase(expect, '100-continue')) {
    return { status: 417, reason: `unrecognized expectation value of Expect: ${expect}` };
  }
  // ap_post_read_request: a reverse-proxy request may only name http or https, any case (observed:
  // `ftp://h/a`, `ws://h/a`, `httpx://h/a`, `ftp:/a` are 400, `HTTPS://h/a` is served).
  if (target.scheme !== null && !equalsIgnoreCase(target.scheme, 'http') && !equalsIgnoreCase(target.scheme, 'https')) {
    return { status: 400, reason: `scheme ${target.scheme} is not http(s)` };
  }
  const serverHostname = config.serverName?.host ?? FALLBACK_SERVER_NAME;
  // A vhost without ServerName keeps its <VirtualHost addr:port> port: taken as the listening port.
  const configuredPort = config.serverName ? config.serverName.port : localPort;
  const hostPort = fixed.portStr !== null ? Number(fixed.portStr) : null;
  let serverName: string;
  let nameFromRequest = false;
  let serverPort: number;
  if (settings.useCanonicalName === 'On') {
    serverName = serverHostname;
    serverPort = configuredPort || (settings.useCanonicalPhysicalPort ? localPort : defaultPort);
  } else {
    if (settings.useCanonicalName === 'DNS') {
      // Reverse DNS of the local address (always 127.0.0.1 here): declared assumption, 'localhost'.
      serverName = 'localhost';
    } else if (fixed.hostname !== null) {
      serverName = fixed.hostname;
      nameFromRequest = true;
    } else serverName = serverHostname;
    serverPort =
      hostPort !== null
        ? hostPort
        : settings.useCanonicalPhysicalPort
          ? localPort
          : configuredPort || defaultPort;
  }
  return {
    scheme,
    defaultPort,
    hostname: fixed.hostname,
    hostPort,
    hostHeader,
    serverHostname,
    serverName,
    serverPort,
    httpVersion: version,
    nameFromRequest,
  };
}

/**
 * `ap_construct_url`: scheme `://` server name (IPv6 bracketed) `:port` (omitted when it is the
 * scheme's default) followed by `path` verbatim: no `/` inserted, nothing encoded.
 *
 * @example
 * constructUrl(ctx, '/app/x') // 'http://rev.test:29180/app/x'
 */
export function constructUrl(ctx: ApacheClientContext, path: string): string {
  const host = ctx.serverName.includes(':') ? `[${ctx.serverName}]` : ctx.serverName;
  const port = ctx.serverPort === ctx.defaultPort ? '' : `:${ctx.serverPort}`;
  return `${ctx.scheme}://${host}${port}${path}`;
}

/** Whether `clientContext` refused the request. */
export function isContextError(x: ApacheClientContext | ContextError): x is ContextError {
  return 'status' in x;
}
