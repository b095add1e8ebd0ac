// ProxyPassReverseCookiePath / ProxyPassReverseCookieDomain: mod_proxy's
// `ap_proxy_cookie_reverse_map`, as Apache httpd 2.4.68+ (observed on 2.4.71) applies it to each
// backend `Set-Cookie` value. The pre-2.4.68 heap overflow (CVE-2026-34356) is never emulated.

import { isSpaceCode, lowerCode, startsWithIgnoreCase } from '../core/ascii.js';
import type { CookieRule } from './types.js';

/** A precompiled Set-Cookie mapper: one header value in, the value the client sees out. */
export type CookieMapper = (value: string) => string;

const identity: CookieMapper = (value) => value;

/** First rule whose `fake` is a prefix of `value[start, end)`, or `null` (mod_proxy: first match wins). */
function findRule(
  value: string,
  start: number,
  end: number,
  rules: readonly CookieRule[],
  ignoreCase: boolean,
): CookieRule | null {
  const available = end - start;
  for (const rule of rules) {
    const fake = rule.fake;
    // The length test keeps a `fake` holding `;` from matching across the token end.
    if (fake.length > available) continue;
    // The exact bytes (the usual case) are one native compare; the folded compare only after.
    if (value.startsWith(fake, start) || (ignoreCase && startsWithIgnoreCase(value, fake, start))) return rule;
  }
  return null;
}

// `path=` / `domain=` after a first letter already matched, ASCII case-insensitively. For a letter
// l, (c | 0x20) === l holds for exactly l and its capital; past the end, NaN matches nothing.
function isPathEq(v: string, s: number): boolean {
  return (v.charCodeAt(s + 1) | 0x20) === 97 && (v.charCodeAt(s + 2) | 0x20) === 116 && (v.charCodeAt(s + 3) | 0x20) === 104 && v.charCodeAt(s + 4) === 61;
}
function isDomainEq(v: string, s: number): boolean {
  return (
    (v.charCodeAt(s + 1) | 0x20) === 111 && (v.charCodeAt(s + 2) | 0x20) === 109 && (v.charCodeAt(s + 3) | 0x20) === 97 &&
    (v.charCodeAt(s + 4) | 0x20) === 105 && (v.charCodeAt(s + 5) | 0x20) === 110 && v.charCodeAt(s + 6) === 61
  );
}

/*
 * Token rules reproduced here (ap_proxy_cookie_reverse_map, 2.4.34+ tokenising, 2.4.68+ "last
 * attribute only"):
 *
 * - The whole header value is cut at every `;`. Nothing is special about commas, quotes or the
 *   first token: the cookie's own `name=value` is a token like any other, so a cookie named
 *   `path` or `domain` is rewritten too. Empty tokens (`;;`) simply never match.
 * - Leading C-whitespace (SP, HT, LF, VT, FF, CR) of a token is skipped; trailing whitespace stays
 *   part of the token.
 * - A token that then starts with `path=` (ASCII case-insensitive, nothing allowed before `=`) is
 *   a path token; one starting with `domain=` is a domain token. Its value runs from after the `=`
 *   to the next `;` or the end of the string, trailing blanks and commas included.
 * - Every path token replaces the pending path decision: the first CookiePath rule whose `fake`
 *   is a case-sensitive prefix of that value wins, or, when none is, nothing is pending any more.
 *   Domain tokens work the same with CookieDomain rules and a case-insensitive prefix.
 * - In the end, the whole value of the last path token (and of the last domain token) is swapped
 *   for the winning rule's `real`. Every other byte of the header is kept as it was.
 */

/**
 * Precompiles ProxyPassReverseCookiePath / ProxyPassReverseCookieDomain rules into a Set-Cookie
 * mapper. Returns the identity when both lists are empty. Rules are read once, at compile time.
 *
 * @example
 * const map = compileCookieRules([{ fake: '/backend', real: '/front', interpolate: false, line: 1 }], []);
 * map('a=1; Path=/backend/x'); // 'a=1; Path=/front'
 */
export function compileCookieRules(
  pathRules: readonly CookieRule[],
  domainRules: readonly CookieRule[],
): CookieMapper {
  const paths = pathRules.slice();
  const domains = domainRules.slice();
  const hasPath = paths.length > 0;
  const hasDomain = domains.length > 0;
  if (!hasPath && !hasDomain) return identity;

  return (value: string): string => {
    const len = value.length;
    let pathRule: CookieRule | null = null;
    let pathStart = 0;
    let pathEnd = 0;
    let domainRule: CookieRule | null = null;
    let domainStart = 0;
    let domainEnd = 0;

    let pos = 0;
    while (pos <= len) {
      let end = value.indexOf(';', pos);
      if (end === -1) end = len;
      let s = pos;
      while (s < end && isSpaceCode(value.charCodeAt(s))) s++;
      // `path=` / `domain=` hold no `;`, so a match never runs past `end`.
      // The first byte decides which attribute a token can be, before any longer compare.
      const first = lowerCode(value.charCodeAt(s));
      if (hasPath && first === 112 /* p */ && isPathEq(value, s)) {
        pathStart = s + 5;
        pathEnd = end;
        pathRule = findRule(value, pathStart, end, paths, false);
      } else if (hasDomain && first === 100 /* d */ && isDomainEq(value, s)) {
        domainStart = s + 7;
        domainEnd = end;
        domainRule = findRule(value, domainStart, end, domains, true);
      }
      pos = end + 1;
    }

    if (pathRule === null && domainRule === null) return value;
    if (domainRule === null) {
      return value.slice(0, pathStart) + pathRule!.real + value.slice(pathEnd);
    }
    if (pathRule === null) {
      return value.slice(0, domainStart) + domainRule.real + value.slice(domainEnd);
    }
    // Both change: splice in string order (the two spans never overlap, they are distinct tokens).
    return pathStart < domainStart
      ? value.slice(0, pathStart) +
          pathRule.real +
          value.slice(pathEnd, domainStart) +
          domainRule.real +
          value.slice(domainEnd)
      : value.slice(0, domainStart) +
          domainRule.real +
          value.slice(domainEnd, pathStart) +
          pathRule.real +
          value.slice(pathEnd);
  };
}

/**
 * `ap_proxy_cookie_reverse_map` (Apache httpd 2.4.68+): rewrites the value of the last `path=`
 * and the last `domain=` attribute of one `Set-Cookie` header value (already trimmed by the header
 * reader). `pathRules` are ProxyPassReverseCookiePath entries (case-sensitive prefix on `fake`),
 * `domainRules` ProxyPassReverseCookieDomain entries (case-insensitive prefix); the whole matched
 * attribute value becomes `real`. Returns `value` itself when nothing changes.
 *
 * @example
 * mapSetCookie(
 *   'a=1; path=/backendfoo; Domain=BACKEND.test',
 *   [{ fake: '/backend', real: '/front', interpolate: false, line: 1 }],
 *   [{ fake: 'backend.test', real: 'front.test', interpolate: false, line: 2 }],
 * ); // 'a=1; path=/front; Domain=front.test'
 */
export function mapSetCookie(
  value: string,
  pathRules: readonly CookieRule[],
  domainRules: readonly CookieRule[],
): string {
  return compileCookieRules(pathRules, domainRules)(value);
}
