// The request headers the backend receives (proxy_util.c ap_proxy_create_hdrbrgd and
// mod_proxy_http's body handling), in the order httpd writes them.

import { equalsIgnoreCase, lowerAscii } from '../core/ascii.js';
import { connectionTokens } from './connection.js';
import { findWorker } from './worker.js';
import type { ClientRequest, HeaderList, ReadonlyHeaderList } from '../core/types.js';
import type { ApacheClientContext } from './context.js';
import type { ApacheConfig, BalancerMember, EffectiveSettings } from './types.js';

/** `AP_SERVER_BASEVERSION` of the reproduced server, shown by `ProxyVia Full`. */
const SERVER_BASEVERSION = 'Apache/2.4.71';

/** Bodies up to this size are read ahead and sent with a Content-Length (mod_proxy_http prefetch). */
const PREFETCH_LIMIT = 16384;

const HOP_BY_HOP = new Set(['host', 'proxy-connection', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'content-length', 'transfer-encoding']);

/**
 * A request header value as httpd's HTTP/1 parser stores it: the SP and HT after the colon are
 * skipped and those ending the line are cut (protocol.c ap_get_mime_headers_core; observed:
 * `X-Sp:   a  b  ` reaches the backend as `a  b`, `X-T: <HT>a<HT>` as `a`). Same string when
 * nothing is cut.
 *
 * @example
 * trimBlanks('  a  b \t') // 'a  b'
 */
export function trimBlanks(v: string): string {
  let start = 0;
  let end = v.length;
  while (start < end && (v.charCodeAt(start) === 32 || v.charCodeAt(start) === 9)) start++;
  while (end > start && (v.charCodeAt(end - 1) === 32 || v.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === v.length ? v : v.slice(start, end);
}

/**
 * httpd's HTTP/1 parser keeps request headers in a table: values trimmed of SP/HT, repeated names
 * merged into the first one, values joined by `, ` (name case of the first occurrence).
 *
 * @example
 * mergeRequestHeaders([['Via', 'a'], ['X', ' 1 '], ['via', 'b']]) // [['Via', 'a, b'], ['X', '1']]
 */
function mergeRequestHeaders(headers: ReadonlyHeaderList): HeaderList {
  const out: HeaderList = [];
  for (const [n, raw] of headers) {
    const v = trimBlanks(raw);
    const prev = out.find(([m]) => equalsIgnoreCase(m, n));
    if (prev) prev[1] = `${prev[1]}, ${v}`;
    else out.push([n, v]);
  }
  return out;
}

const INT64_MAX = 9223372036854775807n;

/**
 * `Max-Forwards` as mod_proxy's handler reads it (`apr_strtoi64`, base 10, i.e. strtoll): the
 * number, or `null` when httpd refuses it (400 "could not be parsed": no digits before other
 * text, text after the digits, a negative number, or one that reaches INT64_MAX). An empty value
 * is 0. The value is the merged, trimmed one (two lines `4` and `2` are `4, 2`: refused).
 *
 * @example
 * parseMaxForwards('007') // 7n
 * parseMaxForwards('0x1') // null
 */
export function parseMaxForwards(value: string): bigint | null {
  // strtoll: blanks, a sign, digits; without digits it consumes nothing (so only '' passes).
  const m = /^[\t-\r ]*([+-]?\d+)$/.exec(value);
  const n = value === '' ? 0n : m ? BigInt(m[1]) : -1n;
  // strtoll clamps an overflow to INT64_MAX (refused as such) or INT64_MIN (negative).
  return n < 0n || n >= INT64_MAX ? null : n;
}

/**
 * What mod_proxy's handler does with the client's `Max-Forwards` before it connects (proxy_handler):
 * `null` when the request goes on (no header, or a number of 1 or more), else the answer httpd
 * gives itself: 400 for a value it cannot parse or for 0 on most methods, 200 for `TRACE` or
 * `OPTIONS` with 0 (it answers them as the final recipient) (observed live).
 *
 * @example
 * maxForwardsAnswer({ method: 'GET', target: '/a', headers: [['Max-Forwards', '0']] }) // { status: 400, ... }
 * maxForwardsAnswer({ method: 'GET', target: '/a', headers: [['Max-Forwards', '3']] }) // null
 */
export function maxForwardsAnswer(request: ClientRequest): { status: 200 | 400; reason: string } | null {
  // The merged, trimmed value (two lines `4` and `2` are `4, 2`).
  let value: string | undefined;
  for (const [n, v] of request.headers ?? []) if (equalsIgnoreCase(n, 'max-forwards')) value = value === undefined ? trimBlanks(v) : `${value}, ${trimBlanks(v)}`;
  if (value === undefined) return null;
  const n = parseMaxForwards(value);
  const method = request.method;
  return n === null
    ? { status: 400, reason: `Max-Forwards request header could not be parsed (${value})` }
    : n > 0n
      ? null
      : method === 'TRACE' || method === 'OPTIONS'
        ? { status: 200, reason: `${method} with Max-Forwards: 0 is answered by the server itself` }
        : { status: 400, reason: 'Max-Forwards has reached zero - proxy loop?' };
}

/** apr_table_mergen: appends `, value` to the first header `name`, or adds it at the end. */
function mergen(list: HeaderList, name: string, value: string): void {
  const prev = list.find(([m]) => equalsIgnoreCase(m, name));
  if (prev) prev[1] = `${prev[1]}, ${value}`;
  else list.push([name, value]);
}

/** Host and port text of a canonical backend URL (`scheme://host[:port]/...`). */
function urlHost(url: string): { host: string; portStr: string | null } {
  const start = url.indexOf('://') + 3;
  let end = url.indexOf('/', start);
  if (end < 0) end = url.length;
  const auth = url.slice(start, end);
  const rb = auth.lastIndexOf(']');
  const colon = auth.lastIndexOf(':');
  if (colon > rb) return { host: auth.slice(0, colon), portStr: auth.slice(colon + 1) };
  return { host: auth, portStr: null };
}

/**
 * The text mod_proxy adds as `Via` (ProxyVia On or Full), to the request and, as a separate header,
 * to the response: the client's HTTP version, the server name and a non-default port.
 *
 * @example
 * viaText(compileApache('ServerName via.test\nProxyVia On'), ctx) // '1.1 via.test:29180'
 */
export function viaText(config: ApacheConfig, ctx: ApacheClientContext): string {
  // With UseCanonicalName Off the name would be the client's Host: the vhost's name is used instead.
  const name = ctx.nameFromRequest ? ctx.serverHostname : ctx.serverName;
  const port = ctx.serverPort === ctx.defaultPort ? '' : `:${ctx.serverPort}`;
  const full = config.proxyVia === 'Full' ? ` (${SERVER_BASEVERSION})` : '';
  return `${ctx.httpVersion} ${name}${port}${full}`;
}

/**
 * What the request side reads of the worker that takes a request: a ProxyPass worker or a balancer
 * member; `null` for the generic reverse worker, which never reuses connections.
 */
export type TakingWorker = Pick<BalancerMember, 'disableReuse' | 'upgrade' | 'responseFieldSize'> | null;

/**
 * The worker a request to `url` goes through: the balancer member that takes it, else the
 * ProxyPass worker that fits the URL best (ap_proxy_get_worker_ex), else `null`.
 *
 * @example
 * takingWorker(compileApache('ProxyPass /a/ http://b/x/ disablereuse=On'), 'http://b/x/q')?.disableReuse // true
 */
export function takingWorker(config: ApacheConfig, url: string, member?: BalancerMember): TakingWorker {
  return member ?? findWorker(config.workers, url);
}

/** Options for `forwardHeaders`. */
export interface ForwardHeaderOptions {
  /** Length of a chunked request body, when known: up to 16 KiB it is sent with Content-Length. */
  readonly bodyLength?: number;
  /** The worker that takes the request (`takingWorker`); looked up from the URL when absent. */
  readonly worker?: TakingWorker;
}

/**
 * The `Connection` line(s) mod_proxy_http ends the request with. A ws:// or wss:// target (or a
 * worker with `upgrade=`) passes the client's `Upgrade` when it matches the worker's list, the
 * default being "WebSocket": `Connection: Upgrade` + `Upgrade: <client value>`. Otherwise
 * `Keep-Alive`, or `close` when the worker may not reuse connections: no worker fits (the generic
 * reverse worker), or a worker with `$N` in its name (2.4.47+).
 */
function connectionLines(url: string, worker: TakingWorker, client: HeaderList): HeaderList {
  const allowed = responseUpgrade(url, worker);
  if (allowed) {
    let upgrade: string | undefined;
    for (const [n, v] of client) if (equalsIgnoreCase(n, 'upgrade')) upgrade = v;
    if (upgrade !== undefined && allowed(upgrade)) {
      return [
        ['Connection', 'Upgrade'],
        ['Upgrade', upgrade],
      ];
    }
  }
  return [['Connection', worker !== null && !worker.disableReuse ? 'Keep-Alive' : 'close']];
}

/** Characters that end an HTTP token (T_HTTP_TOKEN_STOP): CTLs, SP, DEL and the separators. */
function isTokenStop(c: number): boolean {
  return c < 33 || c === 127 || SEPARATORS.includes(String.fromCharCode(c));
}
const SEPARATORS = '()<>@,;:\\"/[]?={}';

/**
 * ap_find_token as httpd 2.4 writes it: each token of `list` is compared case-insensitively with
 * the *start* of `tok`, for the token's length, so the list `WebSocket,h2c` finds `h2c, h2c`
 * (a client's two Upgrade lines merged) (observed).
 */
function findToken(list: string, tok: string): boolean {
  let i = 0;
  const n = list.length;
  for (;;) {
    while (i < n && isTokenStop(list.charCodeAt(i))) i++;
    if (i >= n) return false;
    const start = i;
    while (i < n && !isTokenStop(list.charCodeAt(i))) i++;
    const len = i - start;
    if (tok.length >= len && equalsIgnoreCase(list.slice(start, i), tok.slice(0, len))) return true;
    if (i >= n) return false;
  }
}

/** ap_proxy_worker_can_upgrade: `*`, the same protocol, or a token of the list; else the default. */
function upgradeAllowed(allowed: string, upgrade: string, fallback: string | null): boolean {
  if (allowed !== '') return allowed === '*' || equalsIgnoreCase(allowed, upgrade) || findToken(allowed, upgrade);
  return fallback !== null && equalsIgnoreCase(fallback, upgrade);
}

/**
 * When the worker may upgrade (an `upgrade=` list, or "WebSocket" for ws:// and wss:// targets,
 * any case), the test of an Upgrade value against what it allows: for the client's Upgrade, and
 * for a response that is not a 101, whether mod_proxy_http sends the backend's first `Upgrade`
 * value back to the client.
 *
 * @example
 * responseUpgrade('ws://b/x', takingWorker(compileApache('ProxyPass / ws://b/'), 'ws://b/x'))?.('websocket') // true
 */
export function responseUpgrade(url: string, worker: TakingWorker): ((value: string) => boolean) | undefined {
  const allowed = worker?.upgrade ?? '';
  const ws = url.charCodeAt(0) === 119 || url.charCodeAt(0) === 87;
  return allowed === '' && !ws ? undefined : (value: string) => upgradeAllowed(allowed, value, ws ? 'WebSocket' : null);
}

/**
 * The request headers mod_proxy_http sends to the backend: `Host` first (the target's host, or the
 * client's Host with ProxyPreserveHost On), then the client's headers in order (repeated names
 * merged, hop-by-hop headers and those listed in `Connection` dropped, `Via` and `X-Forwarded-*`
 * merged in place or appended in the order Via, For, Host, Server), then the body framing and
 * `Connection: Keep-Alive`.
 *
 * @example
 * forwardHeaders(config, { target: '/p/a', headers: [['Host', 'h.test']] }, ctx, settings, 'http://127.0.0.1:8080/x/a')
 * // [['Host', '127.0.0.1:8080'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'h.test'],
 * //  ['X-Forwarded-Server', 'fwd.test'], ['Connection', 'Keep-Alive']]
 */
export function forwardHeaders(
  config: ApacheConfig,
  request: ClientRequest,
  ctx: ApacheClientContext,
  settings: EffectiveSettings,
  url: string,
  options: ForwardHeaderOptions = {},
): HeaderList {
  const client = mergeRequestHeaders(request.headers ?? []);
  // Strict mode replaced the Host header with the absolute-form target's authority.
  for (const h of client) if (equalsIgnoreCase(h[0], 'host') && ctx.hostHeader !== null) h[1] = ctx.hostHeader;
  let host: string;
  if (settings.proxyPreserveHost) host = ctx.hostHeader ?? ctx.serverHostname;
  else {
    const { host: h, portStr } = urlHost(url);
    // The port is left out when it is 80, whatever the scheme.
    host = portStr !== null && Number(portStr) !== 80 ? `${h}:${portStr}` : h;
  }
  const table = client;
  // proxy_handler sets Max-Forwards to one less (in place, the client's name case kept); a value
  // of 0 or one it cannot parse never gets here (maxForwardsAnswer).
  for (const h of table) {
    if (!equalsIgnoreCase(h[0], 'max-forwards')) continue;
    const n = parseMaxForwards(h[1]);
    if (n !== null && n > 0n) h[1] = String(n - 1n);
  }
  if (config.proxyVia === 'Block') {
    for (let i = table.length - 1; i >= 0; i--) if (equalsIgnoreCase(table[i][0], 'via')) table.splice(i, 1);
  } else if (config.proxyVia === 'On' || config.proxyVia === 'Full') {
    mergen(table, 'Via', viaText(config, ctx));
  }
  if (settings.proxyAddHeaders) {
    mergen(table, 'X-Forwarded-For', request.remoteAddress ?? '127.0.0.1');
    if (ctx.hostHeader !== null) mergen(table, 'X-Forwarded-Host', ctx.hostHeader);
    mergen(table, 'X-Forwarded-Server', ctx.serverHostname);
  }
  const drop = connectionTokens(table);
  const out: HeaderList = [['Host', host]];
  let contentLength: string | null = null;
  let chunked = false;
  for (const [n, v] of table) {
    const l = lowerAscii(n);
    if (l === 'content-length') contentLength = v;
    else if (l === 'transfer-encoding') chunked = true;
    if (HOP_BY_HOP.has(l) || drop.has(l)) continue;
    out.push([n, v]);
  }
  if (chunked) {
    const len = options.bodyLength;
    if (len !== undefined && len <= PREFETCH_LIMIT) out.push(['Content-Length', String(len)]);
    else out.push(['Transfer-Encoding', 'chunked']);
  } else if (contentLength !== null) {
    // The body's real length is sent, as a number: "00" goes out as "0" (observed).
    let z = 0;
    while (z < contentLength.length - 1 && contentLength.charCodeAt(z) === 48) z++;
    out.push(['Content-Length', z === 0 ? contentLength : contentLength.slice(z)]);
  }
  for (const line of connectionLines(url, options.worker === undefined ? takingWorker(config, url) : options.worker, client)) out.push(line);
  return out;
}
