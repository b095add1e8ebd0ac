// proxy_redirect (ngx_http_proxy_rewrite_redirect) on Location and Refresh, and the header
// filter's absolute Location (ngx_http_header_filter: scheme, host, listening port).
import { equalsIgnoreCase } from '../core/ascii.js';
import type { CookieRule, LocConf, RedirectIndex, RedirectRule } from './types.js';
import { fromBinary, toBinary } from './binary.js';
import { evaluate, execRegex, type RequestVars } from './variables.js';

/**
 * The first of `rules` that matches `value`, applied (ngx_http_proxy_rewrite_redirect, and
 * ngx_http_proxy_rewrite_cookie_value for proxy_cookie_domain / _path): a regex rule gives its
 * replacement with the regex's captures; a plain rule replaces a case-sensitive prefix, or with
 * `domain` matches the whole value (one leading dot set aside and kept) case-insensitively.
 * Returns the new value, or null when no rule matched. With an `index` of the plain rules, the
 * same rule is found without trying them all.
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
  index?: RedirectIndex | null,
): string | null {
  let i = 0;
  if (index) {
    // a long list: every key starting the value is a rule that matches, the first of them is the
    // scan's answer among the indexed rules; a short one: its pattern tells whether one matches.
    // None: the scan goes on after them.
    let at = (i = index.plain);
    if (index.any) {
      if (index.any.test(value)) i = 0;
    } else {
      for (const n of index.lengths) {
        const k = index.prefixes.get(value.slice(0, n)) ?? at;
        if (k < at) at = k;
      }
      if (at < i) return applyRules([rules[at]], value, vars);
    }
  }
  // an indexed loop: an iterator here is not optimised away (about 40 B per rule tried)
  for (; i < rules.length; i++) {
    const rule = rules[i];
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

/**
 * proxy_redirect on one Location value (the whole value) or Refresh value (after its `url=`), text
 * in and out (nginx compares bytes). Returns the new value, or null when no rule applied.
 *
 * @example
 * // proxy_redirect http://b/ /;
 * proxyRedirect(conf, 'refresh', '0; url=http://b/x', vars) // '0; url=/x'
 */
export function proxyRedirect(conf: LocConf, l: 'location' | 'refresh', value: string, vars: RequestVars): string | null {
  const rules = conf.redirects;
  if (!rules.length) return null;
  const bin = toBinary(value);
  const at = l === 'location' ? 0 : refreshUrlOffset(bin);
  const r = at < 0 ? null : applyRules(rules, bin.slice(at), vars, false, conf.redirectIndex);
  return r === null ? null : fromBinary(bin.slice(0, at) + r);
}

const REFRESH_URL = /url=/i;

/** Where `url=` starts in a Refresh value (case-insensitive search), or -1. */
export function refreshUrlOffset(value: string): number {
  // without the u flag, i folds ASCII letters only, as strncasecmp
  const m = REFRESH_URL.exec(value);
  return m ? m.index + 4 : -1;
}

/** What the header filter needs of the request to make a Location absolute. */
export interface RedirectContext {
  readonly scheme: 'http' | 'https';
  /** The validated request host (lower-cased, no port; text), else the local address. */
  readonly host: string;
  /** The listening socket's port. */
  readonly port: number;
  /** The primary server_name (leading dot removed; bytes), "" when none. */
  readonly serverName: string;
}

/**
 * Make a Location value (text) absolute as nginx's header filter does: only a non-empty value
 * starting with `/`, only with `absolute_redirect on`; the host is the request's (or the primary
 * server_name with `server_name_in_redirect on`, its bytes read as text), the port is the
 * listening port. The same string when it stays as it is.
 *
 * @example
 * nginxAbsoluteLocation('/x', { absoluteRedirect: true, serverNameInRedirect: false, portInRedirect: true },
 *   { scheme: 'http', host: 'example.com', port: 8080, serverName: '' })
 * // 'http://example.com:8080/x'
 */
export function nginxAbsoluteLocation(
  value: string,
  conf: Pick<LocConf, 'absoluteRedirect' | 'serverNameInRedirect' | 'portInRedirect'>,
  ctx: RedirectContext,
): string {
  if (!value.startsWith('/') || !conf.absoluteRedirect) return value;
  const port = conf.portInRedirect && ctx.port !== (ctx.scheme === 'https' ? 443 : 80) ? `:${ctx.port}` : '';
  return `${ctx.scheme}://${conf.serverNameInRedirect ? fromBinary(ctx.serverName) : ctx.host}${port}${value}`;
}
