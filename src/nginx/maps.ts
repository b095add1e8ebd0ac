// proxy_redirect and proxy_cookie_* on one header value, for a request already through its phases:
// what a proxy calls per value, without the request side (forward.ts) or the compiler.
import { equalsIgnoreCase } from '../core/ascii.js';
import type { RedirectContext } from './redirect.js';
import { nginxResponse } from './response.js';
import type { LocConf } from './types.js';
import type { RequestVars } from './variables.js';

/**
 * What proxy_redirect and proxy_cookie_* read of one proxied request: the location that proxies it
 * (its rules, merged), the request's variables after the rewrite phases (`$host`, `$proxy_host`,
 * the captures ...) and what the header filter needs to make a Location absolute.
 */
export interface NginxScope {
  readonly conf: LocConf;
  readonly vars: Readonly<RequestVars>;
  readonly redirect: RedirectContext;
}

/**
 * The request's variables for one response: a regex rule sets captures and named variables as it
 * matches, and that must not leak into the next value mapped for the same request.
 *
 * @example
 * ownVars(scope.vars).user !== scope.vars.user // true: a copy
 */
export function ownVars(vars: Readonly<RequestVars>): RequestVars {
  return { ...vars, user: new Map(vars.user) };
}

/** One backend header line through the response filter, as the client gets it (or the input). */
function mapOne(scope: NginxScope | null, status: number, header: string, value: string): string {
  if (scope === null) return value;
  const out = nginxResponse(scope.conf, { status, headers: [[header, value]] }, ownVars(scope.vars), scope.redirect).headers;
  for (const [n, v] of out) if (equalsIgnoreCase(n, header)) return v;
  return value;
}

/**
 * proxy_redirect as nginx applies it to one backend `Location` (or `Refresh`) value of a prepared
 * exchange: the value as the client receives it (made absolute when a rule rewrote it to a path).
 * Returns the same string when nothing applies, or when the request is not proxied.
 *
 * @example
 * const conf = compileNginx('location /app/ { proxy_pass http://127.0.0.1:8081/; }')
 * const exchange = prepareNginx(conf, { target: '/app/', headers: [['Host', 'example.com']] })
 * nginxProxyRedirect(exchange, 'http://127.0.0.1:8081/login') // 'http://example.com/app/login'
 */
export function nginxProxyRedirect(
  exchange: { readonly scope: NginxScope | null },
  value: string,
  header: 'Location' | 'Refresh' = 'Location',
): string {
  return mapOne(exchange.scope, 302, header, value);
}

/**
 * proxy_cookie_domain / proxy_cookie_path / proxy_cookie_flags as nginx applies them to one backend
 * `Set-Cookie` value of a prepared exchange. Returns the same string when nothing applies.
 *
 * @example
 * const conf = compileNginx('location / { proxy_pass http://b; proxy_cookie_path /two/ /; }')
 * nginxProxyCookie(prepareNginx(conf, { target: '/', headers: [['Host', 'a']] }), 'a=1; Path=/two/x;') // 'a=1; Path=/x; '
 */
export function nginxProxyCookie(exchange: { readonly scope: NginxScope | null }, value: string): string {
  return mapOne(exchange.scope, 200, 'Set-Cookie', value);
}
