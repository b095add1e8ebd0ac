// proxy_redirect (ngx_http_proxy_rewrite_redirect) on Location and Refresh, and the header
// filter's absolute Location (ngx_http_header_filter: scheme, host, listening port).
import { startsWithIgnoreCase } from '../core/ascii.js';
import type { CookieRule, LocConf, RedirectIndex, RedirectRule } from './types.js';
import { fromBinary, toBinary } from './binary.js';
import { prefixKey } from './redirect-index.js';
import { evaluate, execRegex, type RequestVars } from './variables.js';

/**
 * The first of the indexed rules whose prefix starts `s` (its position), or -1. Of the prefixes the
 * index holds, the longest that starts the value is the first rule's; an ASCII prefix starts a text
 * where it starts the text's bytes.
 */
function indexedRule(index: RedirectIndex, rules: readonly RedirectRule[], s: string): number {
  // an indexed loop, and no destructuring: on a frozen array it takes the iterator
  for (let g = 0; g < index.groups.length; g++) {
    const group = index.groups[g];
    if (group[0] > s.length) continue;
    const k = group[2].get(prefixKey(s, group[1]));
    if (k !== undefined && s.startsWith(rules[k].pattern!.literal!)) return k;
  }
  return -1;
}

/**
 * The first of `rules` from `start` on that matches `s` from `from` to `to`, applied
 * (ngx_http_proxy_rewrite_redirect, and ngx_http_proxy_rewrite_cookie_value for proxy_cookie_domain
 * / _path): a regex rule gives its replacement with the regex's captures; a plain rule replaces a
 * case-sensitive prefix, or with `domain` matches the whole value (one leading dot set aside and
 * kept) case-insensitively. Returns the new text of that span, or null when no rule matched.
 *
 * @example
 * // proxy_redirect http://b/ /;  applied to "http://b/x"
 * applyRules(rules, 'http://b/x', 0, 10, vars) // '/x'
 */
export function applyRules(
  rules: readonly (RedirectRule | CookieRule)[],
  s: string,
  from: number,
  to: number,
  vars: RequestVars,
  domain?: boolean,
  start = 0,
): string | null {
  // an indexed loop: an iterator here is not optimised away
  for (let i = start; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.regex) {
      const caps = execRegex(rule.regex, s.slice(from, to), vars);
      if (!caps) continue;
      vars.captures = caps;
      return evaluate(rule.replacement, vars, caps);
    }
    const pattern = evaluate(rule.pattern!, vars);
    if (domain) {
      const dot = from < to && s.charCodeAt(from) === 46 ? 1 : 0;
      if (to - from - dot !== pattern.length || !startsWithIgnoreCase(s, pattern, from + dot)) continue;
      return s.slice(from, from + dot) + evaluate(rule.replacement, vars);
    }
    if (pattern.length > to - from || !s.startsWith(pattern, from)) continue;
    return evaluate(rule.replacement, vars) + s.slice(from + pattern.length, to);
  }
  return null;
}

/**
 * proxy_redirect on one Location value (the whole value) or Refresh value (after its `url=`), text
 * in and out (nginx compares bytes). Returns the new value, or null when no rule applied; with an
 * `origin` (absoluteOrigin), a Location is made absolute as the header filter does.
 *
 * @example
 * // proxy_redirect http://b/ /;
 * proxyRedirect(conf, 'refresh', '0; url=http://b/x', vars) // '0; url=/x'
 */
export function proxyRedirect(conf: LocConf, l: 'location' | 'refresh', value: string, vars: RequestVars, origin?: string | null): string | null {
  const rules = conf.redirects;
  const index = conf.redirectIndex;
  let start = 0;
  let k = -1;
  if (index && l === 'location') {
    // the index answers on the text itself as on its bytes: no rule of it, or the one that applies
    k = indexedRule(index, rules, value);
    if ((start = k < 0 ? index.plain : k) === rules.length) return null;
  }
  const bin = toBinary(value);
  if (k >= 0 && bin === value) {
    // an ASCII value is its bytes: the replacement decoded, then the rest as it is
    const t = fromBinary(evaluate(rules[k].replacement, vars));
    const n = rules[k].pattern!.literal!.length;
    return absolute(t + value.slice(n), origin, t ? t.charCodeAt(0) : value.charCodeAt(n));
  }
  const at = l === 'location' ? 0 : refreshUrlOffset(bin);
  const r = at < 0 ? null : applyRules(rules, bin, at, bin.length, vars, false, start);
  if (r === null) return null;
  const out = fromBinary(bin.slice(0, at) + r);
  return l === 'location' ? absolute(out, origin) : out;
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
 * What the header filter puts before a Location value starting with `/`: `scheme://host[:port]`, the
 * host the request's (or the primary server_name with `server_name_in_redirect on`, its bytes read
 * as text), the port the listening one; null with `absolute_redirect off`.
 *
 * @example
 * absoluteOrigin({ absoluteRedirect: true, serverNameInRedirect: false, portInRedirect: true },
 *   { scheme: 'http', host: 'example.com', port: 8080, serverName: '' }) // 'http://example.com:8080'
 */
export function absoluteOrigin(conf: Pick<LocConf, 'absoluteRedirect' | 'serverNameInRedirect' | 'portInRedirect'>, ctx: RedirectContext): string | null {
  const port = conf.portInRedirect && ctx.port !== (ctx.scheme === 'https' ? 443 : 80) ? `:${ctx.port}` : '';
  return conf.absoluteRedirect ? `${ctx.scheme}://${conf.serverNameInRedirect ? fromBinary(ctx.serverName) : ctx.host}${port}` : null;
}

/** `value` with `origin` before it when it starts with `/` (its first char `c`: a concatenation is not read). */
export const absolute = (value: string, origin?: string | null, c = value.charCodeAt(0)) => (origin != null && c === 47 ? origin + value : value);

/**
 * Make a Location value (text) absolute as nginx's header filter does: only a non-empty value
 * starting with `/`, only with `absolute_redirect on` (absoluteOrigin). The same string when it
 * stays as it is.
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
  return absolute(value, absoluteOrigin(conf, ctx));
}
