// proxy_redirect and proxy_cookie_* on one header value, for a request already through its phases:
// what a proxy calls per value, without the request side (forward.ts) or the compiler.
import { equalsIgnoreCase } from '../core/ascii.js';
import { trimHeaderValue } from './binary.js';
import { proxyRedirect, type RedirectContext } from './redirect.js';
import { nginxCookieLine } from './cookie.js';
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
  /** What a rewritten Location starting with `/` gets before it (absoluteOrigin); null: nothing. */
  readonly origin: string | null;
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

/**
 * The variables one value or one response is rewritten with: the request's own when no rule here
 * is a regex (nothing is set as the rules run), else a copy.
 *
 * @example
 * varsFor(scope) === scope.vars // true when no proxy_redirect or proxy_cookie_* rule is a regex
 */
export function varsFor(scope: NginxScope): RequestVars {
  return scope.conf.regexRules ? ownVars(scope.vars) : (scope.vars as RequestVars);
}

/**
 * Whether the response filter passes a `name` line (lower-case) of this value through to its rules:
 * nginx answers 502 for a value with a NUL, and a hidden header is not sent.
 */
function passes(scope: NginxScope | null, name: string, value: string): scope is NginxScope {
  return scope !== null && value.indexOf('\0') < 0 && !scope.conf.hideHeaders.has(name);
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
  const scope = exchange.scope;
  const l = equalsIgnoreCase(header, 'refresh') ? 'refresh' : 'location';
  if (!passes(scope, l, value)) return value;
  const v = trimHeaderValue(value);
  // a rewritten Location is made absolute by the header filter; a Refresh never is
  return proxyRedirect(scope.conf, l, v, varsFor(scope), scope.origin) ?? v;
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
  const scope = exchange.scope;
  return passes(scope, 'set-cookie', value) ? nginxCookieLine(scope.conf, trimHeaderValue(value), varsFor(scope)) : value;
}
