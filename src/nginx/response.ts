// The response side: which upstream headers reach the client (hidden by default, proxy_hide_header,
// proxy_pass_header, hop-by-hop), proxy_redirect on Location / Refresh, Set-Cookie rewriting, and
// where nginx's header filter puts the headers it writes itself.
import type { BackendResponse, ClientResponse, HeaderList } from '../core/types.js';
import { nginxCookieLine } from './cookie.js';
import { absolute, proxyRedirect } from './redirect.js';
import type { LocConf } from './types.js';
import type { RequestVars } from './variables.js';
import { contentLength, trimHeaderValue, lowerName } from './binary.js';

/**
 * A name nginx's upstream header parser takes (underscores allowed): no blank, control or DEL, not
 * starting with ':'; the first pattern answers for a visible ASCII name (which then folds as the
 * engine's lower-casing does), the second for the others.
 */
const ASCII_NAME = /^[!-9;-~][!-~]*$/;
const UPSTREAM_NAME = /^[^\0-\x20\x7f:][^\0-\x20\x7f]*$/;

/**
 * At each ";" (one nginx's scan reaches): the spaces after it, then "charset=" and a `"`, or the
 * byte the scan skips (ngx_http_upstream_copy_content_type looks at the first byte after the
 * spaces and goes on after it).
 */
const CHARSET = /;[ ]*(?:(charset=)"?|[^]?)/gi;

/**
 * The charset of a Content-Type value as ngx_http_upstream_copy_content_type reads it: after a `;`
 * and spaces, `charset=` in any case, to the end of the value, one surrounding `"` dropped on each
 * side. `null` when there is none.
 */
function contentTypeCharset(v: string): string | null {
  for (let m; (m = CHARSET.exec(v)); ) {
    if (m[1]) {
      const p = CHARSET.lastIndex;
      CHARSET.lastIndex = 0;
      return v.slice(p, v.endsWith('"') ? -1 : v.length);
    }
  }
  return null;
}

/**
 * The response the client receives from a proxied backend response, in nginx's header order:
 * Content-Type, Content-Length, the Location nginx made absolute, then the other headers as the
 * backend sent them. nginx's own Date, Server and Connection lines are not invented here. Null
 * when the backend answers with an X-Accel-Redirect line (and every line is valid): nginx
 * redirects internally.
 *
 * `origin` is what the header filter puts before a Location starting with `/` (absoluteOrigin).
 *
 * @example
 * nginxResponse(conf, { status: 302, headers: [['Location', 'http://127.0.0.1:8081/x']] }, vars, 'http://localhost')
 * // { status: 302, headers: [['Location', 'http://localhost/x']] }
 */
export function nginxResponse(conf: LocConf, response: BackendResponse, vars: RequestVars, origin: string | null): ClientResponse | null {
  const list: HeaderList = [];
  const headers = response.headers;
  let contentType: string | null = null;
  let ctHasCharset = false;
  let charset = '';
  let length: string | null = null;
  let chunked = false;
  let accel = false;
  let theLocation = -1;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const raw = headers[i][1];
    // a repeated status line (`HTTP/1.1 200 OK`, as IIS sends): nginx skips the whole line
    if (name.charCodeAt(4) === 47 && name.startsWith('HTTP')) continue;
    // ngx_http_parse_header_line refuses a line that starts with a blank or ':' or has a blank or
    // control character in its name, and a NUL in a value: "upstream sent invalid header", 502
    const ascii = ASCII_NAME.test(name);
    if ((!ascii && !UPSTREAM_NAME.test(name)) || raw.indexOf('\0') >= 0) return { status: 502, headers: [] };
    const value = trimHeaderValue(raw);
    const l = ascii ? name.toLowerCase() : lowerName(name);
    // the length is parsed whatever proxy_hide_header says (it only stops the copy)
    // (every line is read, the last one counts: ngx_http_upstream_process_content_length)
    if (l === 'content-length') length = value;
    // "chunked" anywhere in the value, any case: the length is unknown
    else if (l === 'transfer-encoding') chunked ||= lowerName(value).indexOf('chunked') >= 0;
    else if (l === 'x-accel-redirect') accel = true;
    // (a hidden name's length first: hashing a name costs more than the rest of its line)
    if (l === 'content-length' || l === 'transfer-encoding' || ((conf.hideLengths >> l.length) & 1 && conf.hideHeaders.has(l))) continue;
    if (l === 'content-type') {
      // the last line wins; a charset= parameter is remembered and outlives a later line without one
      contentType = value;
      const cs = contentTypeCharset(value);
      ctHasCharset = cs !== null;
      if (cs !== null) charset = cs;
      continue;
    }
    // never copied as they are: nginx writes its own connection framing (and the length, above)
    if (l === 'connection' || l === 'keep-alive') continue;
    let v = value;
    if (l === 'location' || l === 'refresh') {
      const r = proxyRedirect(conf, l, value, vars);
      if (r !== null) {
        v = r;
        if (l === 'location') theLocation = list.length;
      }
    } else if (l === 'set-cookie') v = nginxCookieLine(conf, value, vars);
    list.push([name, v]);
  }
  if (accel) return null;
  // the header filter writes the last Location a rule rewrote itself, before the other headers,
  // when it makes it absolute
  const loc = theLocation < 0 ? '' : list[theLocation][1];
  const abs = absolute(loc, origin);
  if (abs !== loc) {
    list.splice(theLocation, 1);
    list.unshift(['Location', abs]);
  }
  // nginx writes its own Content-Length from the parsed number (ngx_atoof), none when chunked
  const n = chunked || length === null ? null : contentLength(length);
  if (n !== null) list.unshift(['Content-Length', n]);
  // an empty Content-Type is not written (the header filter checks its length)
  // (a charset taken from an earlier line is appended to a last line that has none)
  if (contentType) list.unshift(['Content-Type', !ctHasCharset && charset ? `${contentType}; charset=${charset}` : contentType]);
  return { status: response.status, headers: list };
}
