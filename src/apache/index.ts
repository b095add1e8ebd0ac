// The Apache httpd 2.4 dialect: one exchange from request to response, built from the pieces that
// mirror mod_proxy (config, forward, location, cookie, date, request-headers, response).

import type {
  BackendResponse,
  ClientRequest,
  ClientResponse,
  Dialect,
  ForwardedRequest,
  SimulateResult,
} from '../core/types.js';
import { noControlChars } from '../core/ascii.js';
import { compileApache } from './config.js';
import { constructUrl, type ApacheClientContext } from './context.js';
import { compileReverseIndex, mapLocationCompiled, type ReverseIndex } from './compiled-location.js';
import { compileCookieRules, type CookieMapper } from './cookie.js';
import { forwardRequest, type ForwardOutcome } from './forward.js';
import { interpolate } from './interpolate.js';
import { forwardHeaders, responseUpgrade, takingWorker, viaText } from './request-headers.js';
import { interimPolicy, rewriteResponseHeaders, type ResponseRules } from './response.js';
import type { ApacheConfig, CookieRule, ReverseRule } from './types.js';

/** One request through an Apache configuration: what is forwarded, and how responses come back. */
export interface ApacheExchange {
  /** The request the backend receives; `null` when Apache does not proxy this request. */
  readonly forward: ForwardedRequest | null;
  /** Why `forward` is null. */
  readonly reason?: string;
  /**
   * Apache's own status when it answers the request itself: an error (400, 403, 404, 500 ...), or
   * 200 for `TRACE` / `OPTIONS` with `Max-Forwards: 0`.
   */
  readonly status?: number;
  /** The request state behind the decision: r->uri, matching sections, settings, client context. */
  readonly outcome: ForwardOutcome;
  /** Configuration warnings (directives accepted but not modelled). */
  readonly warnings: readonly string[];
  /** ProxyPassReverse on one `Location` / `Content-Location` / `URI` / `Destination` value. */
  mapLocation(value: string): string;
  /** ProxyPassReverseCookiePath / ProxyPassReverseCookieDomain on one `Set-Cookie` value. */
  mapSetCookie(value: string): string;
  /** The backend response as the client receives it (only meaningful when `forward` is set). */
  rewriteResponse(response: BackendResponse): ClientResponse;
}

/** ProxyPassInterpolateEnv On: rules flagged `interpolate` get ${VAR} replaced, per request. */
function interpolated<T extends { fake: string; real: string; interpolate: boolean }>(
  rules: readonly T[],
  env: Readonly<Record<string, string>>,
): readonly T[] {
  return rules.some((r) => r.interpolate)
    ? rules.map((r) => (r.interpolate ? { ...r, fake: interpolate(r.fake, env), real: interpolate(r.real, env) } : r))
    : rules;
}

/** The cookie rule lists of one request: server-level entries first, then each matching section's. */
function requestCookieRules(config: ApacheConfig, outcome: ForwardOutcome) {
  let cookiePath: readonly CookieRule[] = config.cookiePath;
  let cookieDomain: readonly CookieRule[] = config.cookieDomain;
  for (const s of outcome.sections) {
    if (s.cookiePath.length) cookiePath = cookiePath.concat(s.cookiePath);
    if (s.cookieDomain.length) cookieDomain = cookieDomain.concat(s.cookieDomain);
  }
  if (outcome.settings.proxyPassInterpolateEnv) {
    cookiePath = interpolated(cookiePath, outcome.env);
    cookieDomain = interpolated(cookieDomain, outcome.env);
  }
  return { cookiePath, cookieDomain };
}

/**
 * The ProxyPassReverse indexes of one request, in merge order (server level, then each matching
 * section): first match over the concatenated lists is the first list with a match. Precompiled
 * indexes are used as they are; a list with interpolated entries is compiled for this request.
 */
function requestIndexes(config: ApacheConfig, outcome: ForwardOutcome): ReverseIndex[] {
  const out: ReverseIndex[] = [];
  const interpolating = outcome.settings.proxyPassInterpolateEnv;
  const add = (rules: readonly ReverseRule[], index: ReverseIndex | undefined) => {
    if (rules.length === 0) return;
    const own = interpolating ? interpolated(rules, outcome.env) : rules;
    out.push(own === rules && index ? index : compileReverseIndex(own, config.balancers));
  };
  add(config.reverse, config.reverseIndex);
  for (const s of outcome.sections) add(s.reverse, s.reverseIndex);
  return out;
}

const unproxied = (value: string) => value;

/**
 * Prepares one exchange through a compiled Apache configuration: decides what is forwarded, and
 * binds the response-side rules (ProxyPassReverse, cookie maps) of this request's location.
 *
 * @example
 * const config = compileApache('ProxyPass /app/ http://backend:8080/\nProxyPassReverse /app/ http://backend:8080/')
 * const exchange = prepareApache(config, { target: '/app/x', headers: [['Host', 'www.example.com']] })
 * exchange.forward?.url                                // 'http://backend:8080/x'
 * exchange.mapLocation('http://backend:8080/login')    // 'http://www.example.com/app/login'
 */
export function prepareApache(
  config: ApacheConfig,
  request: ClientRequest,
  env: Readonly<Record<string, string>> = {},
): ApacheExchange {
  const outcome = forwardRequest(config, request, env);
  const { result, context } = outcome;
  const warnings = config.warnings;
  if (result.kind !== 'proxy' || context === null) {
    const status = result.kind === 'error' ? result.status : undefined;
    return {
      forward: null,
      reason: result.kind === 'proxy' ? 'request refused' : result.reason,
      ...(status !== undefined ? { status } : {}),
      outcome,
      warnings,
      // Not a reverse-proxy request: every map returns its input (the r->proxyreq check).
      mapLocation: unproxied,
      mapSetCookie: unproxied,
      rewriteResponse: (response) => ({ status: response.status, headers: response.headers.map(([n, v]) => [n, v]) }),
    };
  }
  const ctx: ApacheClientContext = context;
  // The worker that takes the request (a balancer's member, or the best-fitting ProxyPass worker)
  // decides connection reuse, upgrades and the longest backend header line.
  const worker = takingWorker(config, result.url, result.member);
  const { cookiePath, cookieDomain } = requestCookieRules(config, outcome);
  // ap_construct_url: the scheme, name and port part is the same for every value of the exchange.
  let origin: string | null = null;
  let indexes: ReverseIndex[] | null = null;
  let cookieMapper: CookieMapper | null = null;
  const location = (value: string) =>
    mapLocationCompiled(value, (indexes ??= requestIndexes(config, outcome)), (origin ??= constructUrl(ctx, '')));
  const cookie = (value: string) => (cookieMapper ??= compileCookieRules(cookiePath, cookieDomain))(value);
  // Built on the first response only (one shape for every exchange), with what check_headers
  // needs to know about the text the maps bring in.
  let rules: ResponseRules | null = null;
  const responseRules = (): ResponseRules => {
    const via = config.proxyVia === 'On' || config.proxyVia === 'Full' ? viaText(config, ctx) : undefined;
    const policy = interimPolicy(request);
    const own = (indexes ??= requestIndexes(config, outcome));
    const base = (origin ??= constructUrl(ctx, ''));
    const clean =
      noControlChars(base) &&
      own.every((index) => index.clean) &&
      cookiePath.every((r) => noControlChars(r.real)) &&
      cookieDomain.every((r) => noControlChars(r.real)) &&
      (via === undefined || noControlChars(via));
    return {
      // The maps themselves, without the lazy set-up of the exchange's own.
      mapLocation: (value: string) => mapLocationCompiled(value, own, base),
      mapSetCookie: (cookieMapper ??= compileCookieRules(cookiePath, cookieDomain)),
      via,
      upgrade: responseUpgrade(result.url, worker),
      fieldSize: worker?.responseFieldSize,
      method: request.method ?? 'GET',
      http10: policy.http10,
      expect100: policy.expect100,
      clean,
    };
  };
  const forward: ForwardedRequest = {
    url: result.url,
    method: request.method ?? 'GET',
    headers: forwardHeaders(config, request, ctx, outcome.settings, result.url, { worker }),
  };
  return {
    forward,
    outcome,
    warnings,
    mapLocation: location,
    mapSetCookie: cookie,
    rewriteResponse(response) {
      const headers = rewriteResponseHeaders(response.headers, (rules ??= responseRules()), response.status);
      return Array.isArray(headers) ? { status: response.status, headers } : { status: headers.status, headers: [] };
    },
  };
}

/**
 * One whole exchange through Apache, in the `simulate` result shape.
 *
 * @example
 * apacheExchange(compileApache('ProxyPass /a/ http://b/'), { target: '/a/x', headers: [['Host', 'h']] }).forward?.url
 * // 'http://b/x'
 */
export function apacheExchange(
  config: ApacheConfig,
  request: ClientRequest,
  response?: BackendResponse,
  env: Readonly<Record<string, string>> = {},
): SimulateResult {
  const exchange = prepareApache(config, request, env);
  const warnings = [...exchange.warnings];
  if (!exchange.forward) {
    return {
      forward: null,
      reason: exchange.reason ?? 'not proxied',
      // Apache's own error answer; local content (no rule, an exclusion) is not modelled: null.
      response: exchange.status !== undefined ? { status: exchange.status, headers: [] } : null,
      warnings,
    };
  }
  return {
    forward: exchange.forward,
    response: response ? exchange.rewriteResponse(response) : null,
    warnings,
  };
}

/** The Apache httpd 2.4.71 dialect behind the shared contract. */
export const apacheDialect: Dialect<ApacheConfig> = {
  name: 'apache',
  compile: compileApache,
  exchange: apacheExchange,
};

export { compileApache } from './config.js';
export { loadApacheTable } from './table.js';
export type { ApacheConfig } from './types.js';
