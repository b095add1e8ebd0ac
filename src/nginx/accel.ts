// X-Accel-Redirect (ngx_http_upstream_process_headers): a backend answer naming another URI or a
// named location is not passed on; nginx keeps a few of its header lines and redirects the request
// internally. Pure helpers; the loop itself lives in index.ts (it re-runs the request phases).
import type { HeaderList } from '../core/types.js';
import { unescapeUri } from './forward.js';
import { lowerName } from './binary.js';

/**
 * Backend lines nginx copies to the client before an X-Accel-Redirect (the table's `redirect`
 * flag), but Content-Type: nginx's own page has its own type.
 */
export const ACCEL_KEPT: ReadonlySet<string> = new Set([
  'set-cookie', 'content-disposition', 'cache-control', 'expires', 'accept-ranges',
]);

/**
 * ngx_http_parse_unsafe_uri: split an X-Accel-Redirect URI at its first `?`, unescape it when it
 * holds a `%`, and refuse (null: nginx answers 404) an empty one, one starting with `?` or `..`,
 * or one holding a `/../` segment, a trailing `/..` or a NUL.
 *
 * @example
 * accelUri('/files/a%20b?x=1') // { uri: '/files/a b', args: 'x=1' }
 */
export function accelUri(value: string): { uri: string; args: string | null } | null {
  if (value === '' || value[0] === '?') return null;
  const q = value.indexOf('?');
  let uri = q < 0 ? value : value.slice(0, q);
  const args = q < 0 ? null : value.slice(q + 1);
  // (unescaped when it holds a "%", and checked again)
  if (UNSAFE.test(uri) || (uri.includes('%') && UNSAFE.test((uri = unescapeUri(uri, false))))) return null;
  return { uri, args };
}

/** A leading "../" or "..", a "/../" or a final "/..", a NUL. */
const UNSAFE = /^\.\.(?:\/|$)|\/\.\.(?:\/|$)|\0/;

/**
 * The kept lines of nginx's own answer after X-Accel-Redirect: the last Accept-Ranges copy is
 * cleared by the special response (earlier copies of a redirect cycle stay).
 *
 * @example
 * accelKeptLines([['Accept-Ranges', 'bytes'], ['Set-Cookie', 'a=1']]) // [['Set-Cookie', 'a=1']]
 */
export function accelKeptLines(kept: HeaderList): HeaderList {
  for (let i = kept.length - 1; i >= 0; i--) {
    if (lowerName(kept[i][0]) === 'accept-ranges') return kept.filter((_, k) => k !== i);
  }
  return kept;
}
