// URL tests the apply path shares with the compiler (kept apart so that applying a compiled table
// never loads the configuration compiler).

import { lowerAscii, startsWithIgnoreCase } from '../core/ascii.js';

/**
 * `ap_is_url`: a scheme of [A-Za-z0-9+.-] followed by `:`.
 *
 * @example
 * isUrl('https://pub/x') // true
 * isUrl('/app/x')        // false
 */
export function isUrl(s: string): boolean {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46;
    if (!ok) break;
  }
  return i > 0 && i < s.length && s[i] === ':';
}

/**
 * `balancer://`, the scheme mod_proxy_balancer claims.
 *
 * @example
 * startsWithIgnoreCase('BALANCER://pool/', BALANCER_PREFIX) // true
 */
export const BALANCER_PREFIX = 'balancer://';

/**
 * Lower-cased name of a `balancer://name/...` URL, or null.
 *
 * @example
 * balancerName('BALANCER://Pool/x') // 'pool'
 * balancerName('http://b/')         // null
 */
export function balancerName(url: string): string | null {
  if (!startsWithIgnoreCase(url, BALANCER_PREFIX)) return null;
  const rest = url.slice(BALANCER_PREFIX.length);
  const slash = rest.indexOf('/');
  const name = lowerAscii(slash < 0 ? rest : rest.slice(0, slash));
  return name === '' ? null : name;
}
