// The response side: which upstream headers reach the client (hidden by default, proxy_hide_header,
// proxy_pass_header, hop-by-hop), proxy_redirect on Location / Refresh, Set-Cookie rewriting, and
// where nginx's header filter puts the headers it writes itself.
import { lowerAscii } from '../core/ascii.js';
import type { BackendResponse, ClientResponse, HeaderList } from '../core/types.js';
import { applyProxyCookie } from './cookie.js';
import { nginxAbsoluteLocation, applyProxyRedirect, refreshUrlOffset, type RedirectContext } from './redirect.js';
import type { LocConf } from './types.js';
import type { RequestVars } from './variables.js';
import { trimHeaderValue } from './forward.js';

const DIGITS = /^[0-9]+$/;
const LEADING_ZEROS = /^0+(?=[0-9])/;

/** Never copied as they are: nginx writes its own connection framing. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

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
  const list: HeaderList = [];
  let contentType: string | null = null;
  let contentLength: string | null = null;
  let theLocation: [string, string] | null = null;
  const rules = conf.redirects;
  for (const [name, raw] of response.headers) {
    const value = trimHeaderValue(raw);
    const l = lowerAscii(name);
    if (conf.hideHeaders.has(l)) continue;
    if (l === 'content-type') {
      contentType = value;
      continue;
    }
    if (l === 'content-length') {
      contentLength = value.trim();
      continue;
    }
    if (HOP_BY_HOP.has(l)) continue;
    if (l === 'location' && rules.length) {
      const v = applyProxyRedirect(rules, value, 0, vars);
      if (v === null) {
        list.push([name, value]);
        continue;
      }
      const pair: [string, string] = [name, v];
      list.push(pair);
      theLocation = pair;
      continue;
    }
    if (l === 'refresh' && rules.length) {
      const at = refreshUrlOffset(value);
      const v = at < 0 ? null : applyProxyRedirect(rules, value, at, vars);
      list.push([name, v ?? value]);
      continue;
    }
    if (l === 'set-cookie') {
      list.push([name, applyProxyCookie(conf, value, vars)]);
      continue;
    }
    list.push([name, value]);
  }
  const out: HeaderList = [];
  if (contentType !== null) out.push(['Content-Type', contentType]);
  if (contentLength !== null && DIGITS.test(contentLength)) out.push(['Content-Length', contentLength.replace(LEADING_ZEROS, '')]);
  let body = list;
  if (theLocation && theLocation[1].startsWith('/') && ctx.absoluteRedirect) {
    // the header filter writes the absolute Location itself, before the other headers
    out.push(['Location', nginxAbsoluteLocation(theLocation[1], ctx)]);
    const moved = theLocation;
    body = list.filter((h) => h !== moved);
  }
  for (const h of body) out.push(h);
  return { status: response.status, headers: out };
}
