// The header names a `Connection` header lists, as mod_proxy reads them (proxy_util.c
// find_conn_headers with util.c ap_get_token) before it unsets each of them, on the request it
// forwards and on the response it passes back.
//
//   value  = *( "," / ";" ) token-run *( *( "," / ";" ) token-run )
//   token  = bytes up to white space, "," or ";"; a quoted string inside it is kept whole
//   white  = apr_isspace: SP, HT, LF, VT, FF, CR (ASCII only: U+00A0 is part of a name)
//
// So `X-A X-B` names two headers, `X-A;q=1` names `X-A` and `q=1`, and `X-A"q, X-B"` names one.

import { equalsIgnoreCase, isSpaceCode, lowerAscii } from '../core/ascii.js';
import type { ReadonlyHeaderList } from '../core/types.js';

/**
 * Appends to `into` every non-empty name one `Connection` value lists (as written; httpd compares
 * them with strcasecmp, ASCII letters only).
 *
 * @example
 * const names: string[] = []
 * readConnection('close, X-A X-B;q=1', names) // names: ['close', 'X-A', 'X-B', 'q=1']
 */
export function readConnection(value: string, into: string[]): void {
  const n = value.length;
  let i = 0;
  while (i < n) {
    while (i < n && (value.charCodeAt(i) === 44 || value.charCodeAt(i) === 59)) i++;
    while (i < n && isSpaceCode(value.charCodeAt(i))) i++;
    const start = i;
    while (i < n) {
      const c = value.charCodeAt(i);
      if (isSpaceCode(c) || c === 44 || c === 59) break;
      i++;
      if (c === 34) {
        // A quoted string runs to the next '"' (or the end), separators included.
        while (i < n && value.charCodeAt(i++) !== 34);
      }
    }
    if (i > start) into.push(start === 0 && i === n ? value : value.slice(start, i));
    while (i < n && isSpaceCode(value.charCodeAt(i))) i++;
  }
}

/**
 * The names listed by every `Connection` header of `headers`, ASCII lower-cased.
 *
 * @example
 * connectionTokens([['Connection', 'close, X-Hop']]) // Set { 'close', 'x-hop' }
 */
export function connectionTokens(headers: ReadonlyHeaderList): Set<string> {
  const names: string[] = [];
  for (const [n, v] of headers) if (equalsIgnoreCase(n, 'connection')) readConnection(v, names);
  return new Set(names.map(lowerAscii));
}
