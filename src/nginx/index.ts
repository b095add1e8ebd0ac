// The nginx 1.22.1 dialect: compile `server { }` text once, then answer exchanges as nginx does.
import { equalsIgnoreCase } from '../core/ascii.js';
import type { BackendResponse, ClientRequest, Dialect, HeaderList, SimulateResult } from '../core/types.js';
import { compileNginx } from './config.js';
import { fromBinary, nginxParseTarget, runPhases, trimHeaderValue, upstreamTarget, validateHost, type RequestState } from './forward.js';
import { nginxAbsoluteLocation, type RedirectContext } from './redirect.js';
import { nginxRequestHeaders, validHeaderName } from './request-headers.js';
import { nginxResponse } from './response.js';
import type { LocConf, NginxConfig } from './types.js';
import type { RequestVars } from './variables.js';

export { compileNginx } from './config.js';
export { nginxAbsoluteLocation } from './redirect.js';
export { nginxParseTarget, nginxEscapeUri } from './forward.js';
export { nginxFindLocation } from './locations.js';
export type { NginxConfig, LocConf } from './types.js';

function primaryServerName(config: NginxConfig): string {
  const n = config.serverNames[0] ?? '';
  return n.startsWith('.') ? n.slice(1) : n;
}

function errorResult(status: number, reason: string, warnings: readonly string[]): SimulateResult {
  return { forward: null, reason, response: { status, headers: [] }, warnings: [...warnings] };
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
  const warnings = config.warnings;
  const listen = config.listen[0];
  const scheme = request.scheme ?? (listen?.ssl ? 'https' : 'http');
  const port = request.port ?? listen?.port ?? (scheme === 'https' ? 443 : 80);
  const method = request.method ?? 'GET';
  const httpVersion = request.httpVersion ?? '1.1';
  // nginx ignores header lines with invalid names (ignore_invalid_headers on)
  const headers: HeaderList = [];
  for (const [n, v] of request.headers ?? []) {
    if (config.ignoreInvalidHeaders && !validHeaderName(n, config.underscoresInHeaders)) continue;
    headers.push([n, trimHeaderValue(v)]);
  }
  const parsed = nginxParseTarget(request.target, config.server.mergeSlashes);
  if (typeof parsed === 'string') return errorResult(400, parsed, warnings);
  const hostHeaders = headers.filter(([n]) => equalsIgnoreCase(n, 'host'));
  if (hostHeaders.length > 1) return errorResult(400, 'client sent duplicate host header', warnings);
  let host: string | null = null;
  const rawHost = parsed.host ?? hostHeaders[0]?.[1];
  if (rawHost !== undefined) {
    host = validateHost(rawHost);
    if (host === null) return errorResult(400, `client sent invalid host header "${rawHost}"`, warnings);
  } else if (httpVersion === '1.1') {
    return errorResult(400, 'client sent HTTP/1.1 request without "Host" header', warnings);
  }
  const serverName = primaryServerName(config);
  const vars: RequestVars = {
    method, scheme, port, remoteAddress: request.remoteAddress ?? '127.0.0.1', headers,
    host: host ?? serverName, uri: parsed.uri, args: parsed.args, requestUri: parsed.raw, captures: [],
    user: new Map(), serverName, httpVersion, proxyHost: '', proxyPort: '',
  };
  const st: RequestState = {
    vars, raw: parsed.raw, quoted: parsed.quoted, plus: parsed.plus, internal: false, validUnparsed: parsed.validUnparsed,
    validLocation: true, uriChanged: false,
  };
  const phase = runPhases(config, st, method);
  const ctx = (conf: LocConf): RedirectContext => ({
    scheme, host, port, localAddress: '127.0.0.1', serverName,
    absoluteRedirect: conf.absoluteRedirect, serverNameInRedirect: conf.serverNameInRedirect, portInRedirect: conf.portInRedirect,
  });
  if (phase.kind === 'respond') {
    let resp = phase.response;
    if (resp && phase.location !== undefined) {
      resp = { status: resp.status, headers: [['Location', fromBinary(nginxAbsoluteLocation(phase.location, ctx(phase.conf)))]] };
    }
    return { forward: null, reason: phase.reason, response: resp, warnings: [...warnings] };
  }
  const up = upstreamTarget(config, phase.conf, phase.proxyPass, st);
  if ('status' in up) return errorResult(up.status, up.reason, warnings);
  vars.proxyHost = up.proxyHost;
  vars.proxyPort = up.proxyPort;
  const forward = {
    url: `${up.scheme}://${up.authority}${fromBinary(up.target)}`,
    method,
    headers: nginxRequestHeaders(phase.conf, headers, vars),
  };
  const out = response ? nginxResponse(phase.conf, response, vars, ctx(phase.conf)) : null;
  return { forward, response: out, warnings: [...warnings] };
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

/**
 * proxy_redirect as nginx applies it for `request`: the value of one backend `Location` (or
 * `Refresh`) header as the client receives it (made absolute when a rule rewrote it to a path).
 * Returns the same string when nothing applies.
 *
 * @example
 * const conf = compileNginx('location /app/ { proxy_pass http://127.0.0.1:8081/; }')
 * nginxProxyRedirect(conf, { target: '/app/', headers: [['Host', 'example.com']] }, 'http://127.0.0.1:8081/login')
 * // 'http://example.com/app/login'
 */
export function nginxProxyRedirect(
  config: NginxConfig,
  request: ClientRequest,
  value: string,
  header: 'Location' | 'Refresh' = 'Location',
): string {
  const r = nginxForward(config, request, { status: 302, headers: [[header, value]] });
  const out = r.response?.headers.find(([n]) => equalsIgnoreCase(n, header));
  return out && out[1] !== value ? out[1] : value;
}

/**
 * proxy_cookie_domain / proxy_cookie_path / proxy_cookie_flags as nginx applies them for `request`
 * to one backend `Set-Cookie` value. Returns the same string when nothing applies.
 *
 * @example
 * const conf = compileNginx('location / { proxy_pass http://b; proxy_cookie_path /two/ /; }')
 * nginxProxyCookie(conf, { target: '/', headers: [['Host', 'a']] }, 'a=1; Path=/two/x;') // 'a=1; Path=/x; '
 */
export function nginxProxyCookie(config: NginxConfig, request: ClientRequest, value: string): string {
  const r = nginxForward(config, request, { status: 200, headers: [['Set-Cookie', value]] });
  const out = r.response?.headers.find(([n]) => equalsIgnoreCase(n, 'set-cookie'));
  return out && out[1] !== value ? out[1] : value;
}
