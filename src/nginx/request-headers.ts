// The request headers nginx 1.22.1 sends upstream (ngx_http_proxy_create_request): configured
// proxy_set_header entries in order, then the built-in defaults not overridden, then the client's
// headers except the names already covered. An entry that evaluates to "" is not sent.
import type { HeaderList, ReadonlyHeaderList } from '../core/types.js';
import type { LocConf } from './types.js';
import { evaluate, headerValue, type RequestVars } from './variables.js';
import { fromBinary, lowerName } from './binary.js';

/**
 * Whether nginx keeps a client header with this name: letters, digits and `-` (and `_` with
 * `underscores_in_headers on`); others are ignored while `ignore_invalid_headers` is on.
 */
export function validHeaderName(name: string, underscores: boolean): boolean {
  // without the u flag, \w is [A-Za-z0-9_]
  return (underscores ? /^[\w-]+$/ : /^[A-Za-z0-9-]+$/).test(name);
}

/**
 * The headers the backend receives, in nginx's order and with nginx's names.
 *
 * @example
 * // location / { proxy_pass http://127.0.0.1:8081; }, client Host: example.com
 * nginxRequestHeaders(conf, [['Host', 'example.com'], ['Accept', '*\/*']], vars)
 * // [['Host', '127.0.0.1:8081'], ['Connection', 'close'], ['Accept', '*\/*']]
 */
export function nginxRequestHeaders(conf: LocConf, client: ReadonlyHeaderList, vars: RequestVars): HeaderList {
  const out: HeaderList = [];
  const covered = new Set<string>();
  for (const [name, cv, bodyLength] of conf.setHeaders) {
    covered.add(lowerName(name));
    // the request body's length: nginx only sends it when the request has a body (the client's
    // Content-Length, digits only: anything else was refused with 400)
    // (a literal value's text is its source)
    const value = bodyLength ? headerValue(client, 'content-length') ?? '' : cv.literal === null ? fromBinary(evaluate(cv, vars)) : cv.source;
    if (value === '') continue;
    out.push([name, value]);
  }
  if (!conf.passRequestHeaders) return out;
  for (const [n, v] of client) {
    if (covered.has(lowerName(n))) continue;
    out.push([n, v]);
  }
  return out;
}
