// The response side: which upstream headers reach the client (hidden by default, proxy_hide_header,
// proxy_pass_header, hop-by-hop), proxy_redirect on Location / Refresh, Set-Cookie rewriting, and
// where nginx's header filter puts the headers it writes itself.
import { startsWithIgnoreCase } from '../core/ascii.js';
import type { BackendResponse, ClientResponse, HeaderList } from '../core/types.js';
import { applyProxyCookie } from './cookie.js';
import { nginxAbsoluteLocation, proxyRedirect, type RedirectContext } from './redirect.js';
import type { LocConf } from './types.js';
import type { RequestVars } from './variables.js';
import { DIGITS, fromBinary, toBinary, trimHeaderValue, lowerName } from './binary.js';

const LEADING_ZEROS = /^0+(?=[0-9])/;

/**
 * Whether nginx's upstream header parser takes every line of a backend answer (else it answers 502).
 *
 * @example
 * upstreamHeadersValid({ status: 200, headers: [['X Bad', 'v']] }) // false
 */
export function upstreamHeadersValid(response: BackendResponse): boolean {
  for (const [name, raw] of response.headers) if (!upstreamHeaderOk(name, raw)) return false;
  return true;
}

/**
 * One Set-Cookie value through proxy_cookie_domain / _path / _flags, on bytes as nginx works.
 *
 * @example
 * nginxCookieLine(conf, 'a=1; Path=/two/x', vars) // 'a=1; Path=/x'  (proxy_cookie_path /two/ /)
 */
export function nginxCookieLine(conf: LocConf, value: string, vars: RequestVars): string {
  const bin = toBinary(value);
  const v = applyProxyCookie(conf, bin, vars);
  return v === bin ? value : fromBinary(v);
}

/** A repeated status line (`HTTP/1.1 200 OK`, as IIS sends): nginx skips the whole line. */
function isStatusLine(name: string): boolean {
  return name.length > 4 && name.charCodeAt(4) === 47 && name.startsWith('HTTP');
}

/** Whether nginx's upstream header parser (underscores allowed) takes this line. */
function upstreamHeaderOk(name: string, value: string): boolean {
  // a name of no blank, control or DEL, not starting with ':'; a value without NUL
  return isStatusLine(name) || (UPSTREAM_NAME.test(name) && value.indexOf('\0') < 0);
}

const UPSTREAM_NAME = /^[^\0-\x20\x7f:][^\0-\x20\x7f]*$/;

/**
 * The charset of a Content-Type value as ngx_http_upstream_copy_content_type reads it: after a `;`
 * and spaces, `charset=` in any case, to the end of the value, one surrounding `"` dropped on each
 * side. `null` when there is none.
 */
function contentTypeCharset(v: string): string | null {
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== ';') continue;
    let p = i + 1;
    while (v[p] === ' ') p++;
    if (p >= v.length) return null;
    if (!startsWithIgnoreCase(v, 'charset=', p)) {
      i = p; // the scan goes on after that first non-space byte
      continue;
    }
    p += 8;
    if (v[p] === '"') p++;
    let end = v.length;
    if (v[end - 1] === '"') end--;
    return end > p ? v.slice(p, end) : '';
  }
  return null;
}


/**
 * The response the client receives from a proxied backend response, in nginx's header order:
 * Content-Type, Content-Length, the Location nginx made absolute, then the other headers as the
 * backend sent them. nginx's own Date, Server and Connection lines are not invented here.
 *
 * @example
 * nginxResponse(conf, { status: 302, headers: [['Location', 'http://127.0.0.1:8081/x']] }, vars, ctx)
 * // { status: 302, headers: [['Location', 'http://localhost/x']] }
 */
export function nginxResponse(
  conf: LocConf,
  response: BackendResponse,
  vars: RequestVars,
  ctx: RedirectContext,
): ClientResponse {
  // ngx_http_parse_header_line refuses a line that starts with a blank or ':' or has a blank or
  // control character in its name, and a NUL in a value: "upstream sent invalid header", 502
  if (!upstreamHeadersValid(response)) return { status: 502, headers: [] };
  const list: HeaderList = [];
  let contentType: string | null = null;
  let ctHasCharset = false;
  let charset = '';
  let contentLength: string | null = null;
  let chunked = false;
  let theLocation: [string, string] | null = null;
  for (const [name, raw] of response.headers) {
    if (isStatusLine(name)) continue;
    const value = trimHeaderValue(raw);
    const l = lowerName(name);
    // the length is parsed whatever proxy_hide_header says (it only stops the copy)
    if (l === 'content-length') {
      // every line is read, the last one counts (ngx_http_upstream_process_content_length)
      contentLength = value;
      continue;
    }
    if (l === 'transfer-encoding') {
      // "chunked" anywhere in the value, any case: the length is unknown
      if (lowerName(value).indexOf('chunked') >= 0) chunked = true;
      continue;
    }
    if (conf.hideHeaders.has(l)) continue;
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
    if (l === 'location' || l === 'refresh') {
      const r = proxyRedirect(conf, l, value, vars);
      const pair: [string, string] = [name, r ?? value];
      list.push(pair);
      if (r !== null && l === 'location') theLocation = pair;
      continue;
    }
    if (l === 'set-cookie') {
      // nginx works on bytes: the value and the variables it may take in are byte strings
      list.push([name, nginxCookieLine(conf, value, vars)]);
      continue;
    }
    list.push([name, value]);
  }
  const out: HeaderList = [];
  // an empty Content-Type is not written (the header filter checks its length)
  // (a charset taken from an earlier line is appended to a last line that has none)
  if (contentType) out.push(['Content-Type', !ctHasCharset && charset ? `${contentType}; charset=${charset}` : contentType]);
  // nginx writes its own Content-Length from the parsed number (ngx_atoof: digits only)
  if (contentLength !== null && !chunked && DIGITS.test(contentLength)) out.push(['Content-Length', contentLength.replace(LEADING_ZEROS, '')]);
  let body = list;
  const abs = theLocation && nginxAbsoluteLocation(theLocation[1], conf, ctx);
  if (abs && abs !== theLocation![1]) {
    // the header filter writes the absolute Location itself, before the other headers
    out.push(['Location', abs]);
    const moved = theLocation;
    body = list.filter((h) => h !== moved);
  }
  for (const h of body) out.push(h);
  return { status: response.status, headers: out };
}
