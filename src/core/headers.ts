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
