// The nginx 1.22.1 dialect: compile `server { }` text once, then answer exchanges as nginx does.
import { equalsIgnoreCase } from '../core/ascii.js';
import type {
  BackendResponse, ClientRequest, ClientResponse, Dialect, ForwardedRequest, HeaderList, SimulateResult,
} from '../core/types.js';
import { compileNginx } from './config.js';
import { contentLength as atoof, fromBinary, toBinary, trimHeaderValue, lowerName } from './binary.js';
import { nginxParseTarget, runPhases, upstreamTarget, validateHost, type RequestState, type Respond } from './forward.js';
import { absolute, absoluteOrigin, type RedirectContext } from './redirect.js';
import { nginxRequestHeaders, validHeaderName } from './request-headers.js';
import { nginxResponse } from './response.js';
import { nginxCookieLine } from './cookie.js';
import { ACCEL_KEPT, accelKeptLines, accelUri } from './accel.js';
import type { LocConf, NginxConfig } from './types.js';
import { headerValue, type RequestVars } from './variables.js';
import { nginxProxyCookie, nginxProxyRedirect, ownVars, varsFor, type NginxScope } from './maps.js';

export { compileNginx } from './config.js';
export { loadNginxTable } from './table.js';
export { nginxAbsoluteLocation } from './redirect.js';
export { nginxParseTarget, nginxEscapeUri } from './forward.js';
export { nginxFindLocation } from './locations.js';
export { nginxProxyCookie, nginxProxyRedirect } from './maps.js';
export type { NginxScope } from './maps.js';
export type { NginxConfig, LocConf } from './types.js';

/** Request headers nginx takes once only: a second line is 400 (ngx_http_process_unique_header_line). */
const UNIQUE_HEADERS: ReadonlySet<string> = new Set([
  'content-length', 'transfer-encoding', 'if-modified-since', 'if-unmodified-since', 'if-match',
  'if-none-match', 'content-range', 'if-range', 'expect', 'authorization',
]);


/** One request through an nginx configuration: what is forwarded, and how responses come back. */
export interface NginxExchange {
  /** The request the backend receives; `null` when nginx does not proxy this request. */
  readonly forward: ForwardedRequest | null;
  /** Why `forward` is null. */
  readonly reason?: string;
  /**
   * nginx's own answer when it does not proxy (a 400, a `return`, a rewrite redirect, an error);
   * `null` for local content and a closed connection (`return 444`), or when `forward` is set.
   */
  readonly answer: ClientResponse | null;
  /** Configuration warnings (directives accepted but not modelled). */
  readonly warnings: readonly string[];
  /** The proxying location and the request's variables, for the per-value maps; `null` when not proxied. */
  readonly scope: NginxScope | null;
  /** proxy_redirect on one backend `Location` (or `Refresh`) value: `nginxProxyRedirect(this, value, header)`. */
  mapLocation(value: string, header?: 'Location' | 'Refresh'): string;
  /** proxy_cookie_* on one backend `Set-Cookie` value: `nginxProxyCookie(this, value)`. */
  mapSetCookie(value: string): string;
  /**
   * The backend response as the client receives it (X-Accel-Redirect followed); only when `forward`
   * is set. `null`: nginx closes the connection without an answer (the redirect ended at `return 444`).
   */
  rewriteResponse(response: BackendResponse): ClientResponse | null;
}

const notProxied = (value: string) => value;

/** The exchange of a request nginx does not proxy: every map gives its input back. */
function refused(
  warnings: readonly string[],
  status: number,
  reason: string,
  answer: ClientResponse | null = { status, headers: [] },
): NginxExchange {
  return {
    forward: null,
    reason,
    answer,
    warnings,
    scope: null,
    mapLocation: notProxied,
    mapSetCookie: notProxied,
    rewriteResponse: (response) => ({ status: response.status, headers: response.headers.map((line) => [...line]) }),
  };
}

/**
 * Prepares one exchange through a compiled nginx configuration: runs the request phases (rewrites,
 * location search, limit_except), decides what is forwarded, and binds the response side of the
 * location that proxies it.
 *
 * @example
 * const conf = compileNginx('location /app/ { proxy_pass http://127.0.0.1:8081/; }')
 * const exchange = prepareNginx(conf, { target: '/app/x?y=1', headers: [['Host', 'example.com']] })
 * exchange.forward?.url                              // 'http://127.0.0.1:8081/x?y=1'
 * exchange.mapLocation('http://127.0.0.1:8081/login') // 'http://example.com/app/login'
 */
export function prepareNginx(config: NginxConfig, request: ClientRequest): NginxExchange {
  const warnings = config.warnings;
  const listen = config.listen[0];
  const scheme = request.scheme ?? (listen?.ssl ? 'https' : 'http');
  const port = request.port ?? listen?.port ?? (scheme === 'https' ? 443 : 80);
  const method = request.method ?? 'GET';
  const httpVersion = request.httpVersion ?? '1.1';
  // the request line: a method of upper-case letters, '_' or '-' (ngx_http_parse_request_line)
  if (!/^[A-Z_-]+$/.test(method)) return refused(warnings, 400, 'client sent invalid method');
  const parsed = nginxParseTarget(request.target, config.server.mergeSlashes);
  if (typeof parsed === 'string') return refused(warnings, 400, parsed);
  // $host: the request line's host wins over the Host header
  let host = parsed.host === null ? null : validateHost(parsed.host);
  if (parsed.host !== null && host === null) return refused(warnings, 400, 'client sent invalid host in request line');
  // header lines, in order (ngx_http_process_request_headers): invalid names are ignored
  // (ignore_invalid_headers on), a second Host or a second line of a single-valued header is 400
  const headers: HeaderList = [];
  const seen = new Set<string>();
  let hostValue: string | undefined;
  let contentLength: string | undefined;
  let transferEncoding: string | undefined;
  for (const [n, v] of request.headers ?? []) {
    if (config.ignoreInvalidHeaders && !validHeaderName(n, config.underscoresInHeaders)) continue;
    const value = trimHeaderValue(v);
    headers.push([n, value]);
    const l = lowerName(n);
    if (l === 'host') {
      if (hostValue !== undefined) return refused(warnings, 400, 'client sent duplicate host header');
      hostValue = value;
      const h = validateHost(value);
      if (h === null) return refused(warnings, 400, `client sent invalid host header "${value}"`);
      host ??= h;
    } else if (UNIQUE_HEADERS.has(l)) {
      if (seen.has(l)) return refused(warnings, 400, `client sent duplicate header line "${n}"`);
      seen.add(l);
      if (l === 'content-length') contentLength = value;
      else if (l === 'transfer-encoding') transferEncoding = value;
    }
  }
  // ngx_http_process_request_header: Host for HTTP/1.1, Content-Length, Transfer-Encoding, methods
  if (hostValue === undefined && httpVersion === '1.1') {
    return refused(warnings, 400, 'client sent HTTP/1.1 request without "Host" header');
  }
  // (ngx_atoof: digits only, at most 2^63 - 1)
  if (contentLength !== undefined && atoof(contentLength) === null) return refused(warnings, 400, 'client sent invalid "Content-Length" header');
  if (transferEncoding !== undefined) {
    if (httpVersion === '1.0') return refused(warnings, 400, 'client sent HTTP/1.0 request with "Transfer-Encoding" header');
    if (!equalsIgnoreCase(transferEncoding, 'chunked')) return refused(warnings, 501, `client sent unknown "Transfer-Encoding": "${transferEncoding}"`);
    if (contentLength !== undefined) return refused(warnings, 400, 'client sent "Content-Length" and "Transfer-Encoding" headers at the same time');
  }
  if (method === 'CONNECT' || method === 'TRACE') return refused(warnings, 405, `client sent ${method} method`);
  const serverName = config.serverName;
  const vars: RequestVars = {
    method, scheme, port, remoteAddress: request.remoteAddress ?? '127.0.0.1', headers,
    // $host is the host's bytes (the header filter writes them as the text they were)
    host: host === null ? serverName : toBinary(host), uri: parsed.uri, args: parsed.args, requestUri: parsed.raw, captures: [],
    user: new Map(), serverName, httpVersion, proxyHost: '', proxyPort: '',
  };
  const st: RequestState = {
    vars, quoted: parsed.quoted, plus: parsed.plus, internal: false, validUnparsed: parsed.validUnparsed,
    validLocation: true, uriChanged: false, uriChanges: 11,
  };
  const phase = runPhases(config, st, method);
  // without a host the header filter names the local address
  const ctx: RedirectContext = { scheme, host: host ?? '127.0.0.1', port, serverName };
  if (phase.kind === 'respond') {
    return refused(warnings, 0, phase.reason, !phase.status ? null : ownAnswer(phase.status, [], ctx, phase));
  }
  const up = upstreamTarget(config, phase.conf, phase.proxyPass, st);
  if ('status' in up) return refused(warnings, up.status, up.reason);
  vars.proxyHost = up.proxyHost;
  vars.proxyPort = up.proxyPort;
  const forward: ForwardedRequest = {
    url: `${up.scheme}://${up.authority}${fromBinary(up.target)}`,
    method,
    headers: nginxRequestHeaders(phase.conf, headers, vars),
  };
  const scope: NginxScope = { conf: phase.conf, vars, redirect: ctx, origin: absoluteOrigin(phase.conf, ctx) };
  const exchange: NginxExchange = {
    forward,
    answer: null,
    warnings,
    scope,
    mapLocation: (value, header) => nginxProxyRedirect(exchange, value, header),
    mapSetCookie: (value) => nginxProxyCookie(exchange, value),
    rewriteResponse(response) {
      // nginx keeps the first X-Accel-Redirect line: the redirect runs the phases again, on a copy
      // of the request state
      return nginxResponse(phase.conf, response, varsFor(scope), scope.origin) ?? followAccel(config, { ...st, vars: ownVars(vars) }, method, phase.conf, response, ctx);
    },
  };
  return exchange;
}

/**
 * What nginx 1.22.1 does with one exchange: where it proxies the request (or what it answers
 * itself) and the response the client gets after proxy_redirect / proxy_cookie_* / hidden headers.
 *
 * @example
 * const conf = compileNginx('location /app/ { proxy_pass http://127.0.0.1:8081/; }')
 * nginxForward(conf, { target: '/app/x?y=1', headers: [['Host', 'example.com']] }).forward?.url
 * // 'http://127.0.0.1:8081/x?y=1'
 */
export function nginxForward(config: NginxConfig, request: ClientRequest, response?: BackendResponse): SimulateResult {
  const exchange = prepareNginx(config, request);
  const warnings = [...exchange.warnings];
  if (!exchange.forward) return { forward: null, reason: exchange.reason, response: exchange.answer, warnings };
  return { forward: exchange.forward, response: response ? exchange.rewriteResponse(response) : null, warnings };
}

/**
 * X-Accel-Redirect: keep the flagged lines (Set-Cookie through proxy_cookie_*), redirect internally
 * (a named location, or a URI with the method turned into GET unless HEAD), and run the phases
 * again. Proxying again meets the same backend answer, so only nginx's own answer ends it: a
 * `return` (444: no answer at all), local content (404), a missing named location or the 11th URI
 * change (500).
 */
function followAccel(
  config: NginxConfig,
  st: RequestState,
  method: string,
  first: LocConf,
  response: BackendResponse,
  ctx: RedirectContext,
): ClientResponse | null {
  const kept: HeaderList = [];
  let conf = first;
  // the header's bytes, as the location names and the URI nginx compares them with
  const value = toBinary(headerValue(response.headers, 'x-accel-redirect') ?? '');
  const own = (status: number, phase?: Respond) => ownAnswer(status, kept, ctx, phase);
  for (;;) {
    for (const [n, v] of response.headers) {
      const l = lowerName(n);
      if (!ACCEL_KEPT.has(l)) continue;
      const value1 = trimHeaderValue(v);
      kept.push([n, l === 'set-cookie' ? nginxCookieLine(conf, value1, st.vars) : value1]);
    }
    let phase;
    if (value.startsWith('@')) {
      const named = config.server.namedLocations.find((l) => l.name === value);
      if (!named || --st.uriChanges === 0) return own(500);
      phase = runPhases(config, st, method, named);
    } else {
      const target = accelUri(value);
      if (target === null) return own(404);
      if (--st.uriChanges === 0) return own(500);
      st.vars.uri = target.uri;
      st.vars.args = target.args ?? '';
      if (method !== 'HEAD') method = 'GET';
      st.vars.method = method;
      st.internal = true;
      st.validUnparsed = false;
      st.validLocation = true;
      phase = runPhases(config, st, method);
    }
    if (phase.kind === 'proxy') {
      // the next hop may fail before it reaches the backend (a name that needs a resolver: 502)
      const up = upstreamTarget(config, phase.conf, phase.proxyPass, st);
      if ('status' in up) return own(up.status);
      conf = phase.conf;
      continue;
    }
    // `return 444` there closes the connection (observed); local content is the empty root's 404
    return phase.status === 0 ? null : own(phase.status ?? 404, phase);
  }
}

/**
 * nginx's own answer: its status, the lines kept from an X-Accel-Redirect answer, and the Location
 * of a redirect: written before the kept lines when the header filter makes it absolute, after
 * them otherwise (it was added to the list).
 */
function ownAnswer(status: number, kept: HeaderList, ctx: RedirectContext, phase?: Respond): ClientResponse {
  const headers = accelKeptLines(kept);
  const location = phase?.location;
  if (location === undefined) return { status, headers };
  const text = fromBinary(location);
  const abs = absolute(text, absoluteOrigin(phase!.conf, ctx));
  const line: [string, string] = ['Location', abs];
  return { status, headers: abs !== text ? [line, ...headers] : [...headers, line] };
}

/**
 * The nginx 1.22.1 dialect behind the shared `Dialect` contract.
 *
 * @example
 * const compiled = nginxDialect.compile('location / { proxy_pass http://127.0.0.1:8081; }')
 * nginxDialect.exchange(compiled, { target: '/x', headers: [['Host', 'a']] }).forward?.url
 * // 'http://127.0.0.1:8081/x'
 */
export const nginxDialect: Dialect<NginxConfig> = {
  name: 'nginx',
  compile: compileNginx,
  exchange: (compiled, request, response) => nginxForward(compiled, request, response),
};
