// The compiler's half of the proxy_redirect prefix index (types.ts, RedirectIndex). nginx tries the
// rules one by one and the first whose prefix starts the value wins (ngx_http_proxy_rewrite_redirect,
// ngx_strncmp); the index gives the same rule without a test per rule.
import type { RedirectIndex, RedirectRule } from './types.js';

/**
 * From this many leading plain rules on, the index looks prefixes up (a lookup costs a few rules'
 * tests); below, one pattern tells whether any of them matches, and a match is found by the scan.
 */
export const INDEXED_RULES = 16;

/**
 * The index of a proxy_redirect list's leading plain rules (a literal prefix, no regex): each prefix
 * with the first of those rules that has it, and the prefixes' lengths (from INDEXED_RULES rules on)
 * or one anchored alternation of them (fewer); null for fewer than two.
 *
 * @example
 * compileRedirectIndex(rules)?.lengths // [26, 27, 28, 29] for http://svcN.internal:8080/, N < 10,000
 */
export function compileRedirectIndex(rules: readonly RedirectRule[]): RedirectIndex | null {
  const prefixes = new Map<string, number>();
  let plain = 0;
  for (let key; plain < rules.length && (key = rules[plain].pattern?.literal) != null; plain++) if (!prefixes.has(key)) prefixes.set(key, plain);
  if (plain < 2) return null;
  const short = plain < INDEXED_RULES;
  return {
    prefixes,
    // a short list is scanned when its pattern matches: no lookups (each costs a few rules' tests)
    lengths: short ? [] : [...new Set(Array.from(prefixes.keys(), (k) => k.length))],
    plain,
    // (only the syntax characters escaped: an escaped ":" or "/" costs an allocation per test)
    any: short ? new RegExp(`^(?:${Array.from(prefixes.keys(), (k) => k.replace(/[$(-+.?[-^{-}]/g, '\\$&')).join('|')})`) : null,
  };
}
