// The compiler's half of the proxy_redirect prefix index (types.ts, RedirectIndex). nginx tries the
// rules one by one and the first whose prefix starts the value wins (ngx_http_proxy_rewrite_redirect,
// ngx_strncmp); the index gives the same rule with one lookup per prefix length, whatever the
// number of rules.
import type { RedirectIndex, RedirectRule } from './types.js';

/**
 * The key of `s` for a group: its chars at the places `at`, base 31 (an exact number up to about
 * ten places). The compiler checks that the prefixes of a group have distinct keys.
 *
 * @example
 * prefixKey('http://svc3.internal/', [10]) // 51 ('3')
 */
export function prefixKey(s: string, at: readonly number[]): number {
  let key = 0;
  for (let i = 0; i < at.length; i++) key = key * 31 + s.charCodeAt(at[i]);
  return key;
}

/**
 * The index of a proxy_redirect list's leading plain rules (a literal ASCII prefix, no regex, no
 * variable): null when the list does not start with one. A prefix that an earlier rule's prefix
 * starts is left out (that rule matches first wherever it would); then, of the prefixes left that
 * start a value, the longest is the first rule's. Each group (one per length, longest first) reads
 * the places where its prefixes differ.
 *
 * @example
 * compileRedirectIndex(rules)?.groups.map((g) => g[0]) // [29, 28, 27, 26] for http://svcN.internal:8080/, N < 10,000
 */
export function compileRedirectIndex(rules: readonly RedirectRule[]): RedirectIndex | null {
  const first = new Map<string, number>();
  let plain = 0;
  for (let p; plain < rules.length && (p = rules[plain].pattern?.literal) != null && /^[\0-\x7f]*$/.test(p); plain++) if (!first.has(p)) first.set(p, plain);
  const lengths = [...new Set(Array.from(first.keys(), (p) => p.length))].sort((a, b) => b - a);
  const byLength = new Map<number, string[]>(lengths.map((n) => [n, []]));
  for (const [p, k] of first) if (!lengths.some((n) => first.get(p.slice(0, n))! < k)) byLength.get(p.length)!.push(p);
  const groups: [number, number[], Map<number, number>][] = [];
  for (const [n, ps] of byLength) {
    const at = [...Array(n).keys()].filter((d) => ps.some((p) => p[d] !== ps[0][d]));
    const keys = new Map(ps.map((p) => [prefixKey(p, at), first.get(p)!]));
    // keys alike for two prefixes (a hash collision): no index, the rules are scanned
    if (keys.size < ps.length) return null;
    if (ps.length) groups.push([n, at, keys]);
  }
  return plain ? { plain, groups } : null;
}
