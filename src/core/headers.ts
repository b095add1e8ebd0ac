import { equalsIgnoreCase } from './ascii.js';
import type { HeaderList, ReadonlyHeaderList } from './types.js';

/** First value of header `name` (case-insensitive), or `undefined`. */
export function getHeader(headers: ReadonlyHeaderList, name: string): string | undefined {
  for (const [n, v] of headers) if (equalsIgnoreCase(n, name)) return v;
  return undefined;
}

/** Every value of header `name` (case-insensitive), in order. */
export function getHeaders(headers: ReadonlyHeaderList, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (equalsIgnoreCase(n, name)) out.push(v);
  return out;
}

/** Whether header `name` is present (case-insensitive). */
export function hasHeader(headers: ReadonlyHeaderList, name: string): boolean {
  return getHeader(headers, name) !== undefined;
}

/** A mutable copy of a header list (fresh pairs). */
export function copyHeaders(headers: ReadonlyHeaderList | undefined): HeaderList {
  return headers ? headers.map(([n, v]) => [n, v] as [string, string]) : [];
}

/**
 * The header names listed in every `Connection` header, lower-cased: these are hop-by-hop
 * (RFC 9110 7.6.1) and both servers drop them.
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

/** A copy of `headers` without the names in `drop` (lower-case names). */
export function withoutHeaders(headers: ReadonlyHeaderList, drop: ReadonlySet<string>): HeaderList {
  const out: HeaderList = [];
  for (const [n, v] of headers) if (!drop.has(n.toLowerCase())) out.push([n, v]);
  return out;
}
