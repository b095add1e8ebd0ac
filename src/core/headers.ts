import { equalsIgnoreCase } from './ascii.js';
import type { ReadonlyHeaderList } from './types.js';

/**
 * Every value of header `name` (case-insensitive), in order.
 *
 * @example
 * getHeaders([['Host', 'a'], ['host', 'b']], 'HOST') // ['a', 'b']
 */
export function getHeaders(headers: ReadonlyHeaderList, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (equalsIgnoreCase(n, name)) out.push(v);
  return out;
}

/**
 * The header names listed in every `Connection` header, lower-cased: these are hop-by-hop
 * (RFC 9110 7.6.1) and both servers drop them.
 *
 * @example
 * connectionTokens([['Connection', 'close, X-Hop']]) // Set { 'close', 'x-hop' }
 */
export function connectionTokens(headers: ReadonlyHeaderList): Set<string> {
  const out = new Set<string>();
  for (const [n, v] of headers) {
    if (!equalsIgnoreCase(n, 'connection')) continue;
    for (const t of v.split(',')) {
      const token = t.trim().toLowerCase();
      if (token) out.add(token);
    }
  }
  return out;
}

