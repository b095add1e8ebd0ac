// proxy_redirect (ngx_http_proxy_rewrite_redirect) on Location and Refresh, and the header
// filter's absolute Location (ngx_http_header_filter: scheme, host, listening port).
import { equalsIgnoreCase } from '../core/ascii.js';
import type { CookieRule, RedirectRule } from './types.js';
import { evaluate, execRegex, type RequestVars } from './variables.js';

/**
 * The first of `rules` that matches `value`, applied (ngx_http_proxy_rewrite_redirect, and
 * ngx_http_proxy_rewrite_cookie_value for proxy_cookie_domain / _path): a regex rule gives its
 * replacement with the regex's captures; a plain rule replaces a case-sensitive prefix, or with
 * `domain` matches the whole value (one leading dot set aside and kept) case-insensitively.
 * Returns the new value, or null when no rule matched.
 *
 * @example
 * // proxy_redirect http://b/ /;  applied to "http://b/x"
 * applyRules(rules, 'http://b/x', vars) // '/x'
 */
export function applyRules(
  rules: readonly (RedirectRule | CookieRule)[],
  value: string,
  vars: RequestVars,
  domain?: boolean,
): string | null {
  for (const rule of rules) {
    if (rule.regex) {
      const caps = execRegex(rule.regex, value, vars);
      if (!caps) continue;
      vars.captures = caps;
      return evaluate(rule.replacement, vars, caps);
    }
    const pattern = evaluate(rule.pattern!, vars);
    if (domain) {
      const dot = value.startsWith('.') ? 1 : 0;
      if (!equalsIgnoreCase(value.slice(dot), pattern)) continue;
      return value.slice(0, dot) + evaluate(rule.replacement, vars);
    }
    if (!value.startsWith(pattern)) continue;
    return evaluate(rule.replacement, vars) + value.slice(pattern.length);
  }
  return null;
}

const REFRESH_URL = /url=/i;

/** Where `url=` starts in a Refresh value (case-insensitive search), or -1. */
export function refreshUrlOffset(value: string): number {
  // without the u flag, i folds ASCII letters only, as strncasecmp
  const m = REFRESH_URL.exec(value);
  return m ? m.index + 4 : -1;
}

/** What the header filter needs to make a Location absolute. */
export interface RedirectContext {
  readonly scheme: 'http' | 'https';
  /** The validated request host (lower-cased, no port), or null when the request had none. */
  readonly host: string | null;
  /** The listening socket's port. */
  readonly port: number;
  /** The local address text, used when the request has no host. */
  readonly localAddress: string;
  /** The primary server_name (leading dot removed), "" when none. */
  readonly serverName: string;
  readonly absoluteRedirect: boolean;
  readonly serverNameInRedirect: boolean;
  readonly portInRedirect: boolean;
}

/**
 * Make a Location value absolute as nginx's header filter does: only a non-empty value starting
 * with `/`, only with `absolute_redirect on`; the host is the request's (or the primary
 * server_name with `server_name_in_redirect on`), the port is the listening port.
 *
 * @example
 * nginxAbsoluteLocation('/x', { scheme: 'http', host: 'example.com', port: 8080, localAddress: '127.0.0.1',
 *   serverName: '', absoluteRedirect: true, serverNameInRedirect: false, portInRedirect: true })
 * // 'http://example.com:8080/x'
 */
export function nginxAbsoluteLocation(value: string, ctx: RedirectContext): string {
  if (!value.startsWith('/') || !ctx.absoluteRedirect) return value;
  const host = ctx.serverNameInRedirect ? ctx.serverName : ctx.host ?? ctx.localAddress;
  let port = '';
  if (ctx.portInRedirect) {
    const dflt = ctx.scheme === 'https' ? 443 : 80;
    if (ctx.port !== dflt) port = `:${ctx.port}`;
  }
  return `${ctx.scheme}://${host}${port}${value}`;
}
