/**
 * Fetch `Request` / `Response` adapters for any dialect: serverless and edge functions, Hono,
 * Deno, Bun, Cloudflare Workers. Imports nothing from `node:`.
 * @module
 */
import { toByteString } from '../core/bytes.js';
import type {
  BackendResponse,
  ClientRequest,
  Dialect,
  HeaderList,
  ReadonlyHeaderList,
  SimulateResult,
} from '../core/types.js';

/** What the platform knows about the client connection that a Fetch `Request` does not carry. */
export interface FetchClientInfo {
  /** The client's address (Workers: `CF-Connecting-IP`; Deno: `info.remoteAddr.hostname`). (default: `'127.0.0.1'`) */
  remoteAddress?: string;
  /** The port the proxy listens on. (default: the port of `request.url`, else 80 or 443 by scheme) */
  port?: number;
}

/** Options of `prepareFetch` and `createFetchProxy`. */
export interface FetchOptions extends FetchClientInfo {
  /**
   * The runtime's `fetch` decoded the backend body (Node/undici, Deno and Workers all do), so a
   * `Content-Encoding` and the `Content-Length` that goes with it no longer describe the body and
   * are dropped. (default: `true`)
   */
  decoded?: boolean;
}

/** One client request through a dialect, in Fetch terms. */
export interface FetchExchange {
  /** The engine's decision (the exact backend URL and header list, or why it does not proxy). */
  readonly result: SimulateResult;
  /**
   * The `Request` for the backend (`redirect: 'manual'`, the client body streamed through), or
   * `null` when the server would not proxy this request.
   */
  readonly request: Request | null;
  /**
   * When `request` is `null`: the server's own answer (an error status, a redirect), or `null` when
   * the server would serve local content, which is not modelled.
   */
  readonly response: Response | null;
  /** The backend's `Response` as the client receives it: headers rewritten, body streamed, not read. */
  rewrite(upstream: Response): Response;
}

// Hop-by-hop fields (RFC 9110 7.6.1) belong to one connection: the platform frames its own.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade',
]);
// Statuses whose Response must have a null body (Fetch "null body status").
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The header pairs of a Fetch `Headers`, each `Set-Cookie` kept separate (read with
 * `getSetCookie()`, or `getAll` on older Workers). Fetch has already lower-cased the names, sorted
 * them and joined repeated fields other than `Set-Cookie` with `", "`: that order and case are lost.
 *
 * @example
 * const h = new Headers([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['Location', '/x']])
 * headerList(h) // [['location', '/x'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]
 */
export function headerList(headers: Headers): HeaderList {
  const out: HeaderList = [];
  const h = headers as Headers & { getSetCookie?: () => string[]; getAll?: (name: string) => string[] };
  const cookies = typeof h.getSetCookie === 'function' ? h.getSetCookie()
    : typeof h.getAll === 'function' ? h.getAll('set-cookie') : null;
  let cookiesDone = false;
  headers.forEach((value, name) => {
    if (name === 'set-cookie' && cookies) {
      if (!cookiesDone) for (const c of cookies) out.push(['set-cookie', c]);
      cookiesDone = true;
      return;
    }
    out.push([name, value]);
  });
  return out;
}

/** A header value as a ByteString: characters above U+00FF (config text) go out as UTF-8 bytes. */
function byteString(value: string): string {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0xff) return toByteString(value);
  return value;
}

/**
 * A fresh, mutable `Headers` from header pairs, every pair written with `append` (never `set`), so
 * each `Set-Cookie` stays a field of its own. Pairs `Headers` cannot hold (an invalid name) are
 * left out rather than thrown on.
 *
 * @example
 * const h = toHeaders([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']])
 * h.getSetCookie() // ['a=1', 'b=2']
 */
export function toHeaders(list: ReadonlyHeaderList, drop?: ReadonlySet<string>): Headers {
  const headers = new Headers();
  for (const [name, value] of list) {
    if (drop?.has(name.toLowerCase())) continue;
    try {
      headers.append(name, byteString(value));
    } catch {
      // An invalid field name: no Fetch runtime can send it.
    }
  }
  return headers;
}

/** The fields of `list` that do not cross this hop: hop-by-hop names and those listed in `Connection`. */
function hopByHop(list: ReadonlyHeaderList): Set<string> {
  const drop = new Set(HOP_BY_HOP);
  for (const [name, value] of list) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const token of value.split(',')) {
      const t = token.trim().toLowerCase();
      if (t) drop.add(t);
    }
  }
  return drop;
}

/** Index just past `scheme://authority` in an absolute URL string (or 0 when it has none). */
function authorityEnd(url: string): { start: number; end: number } {
  const sep = url.indexOf('://');
  if (sep < 0) return { start: 0, end: 0 };
  let end = sep + 3;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */) break;
    end++;
  }
  return { start: sep + 3, end };
}

/**
 * The engine's `ClientRequest` for a Fetch `Request`: target (path and query, no fragment), method,
 * scheme and port from `request.url`, and its headers, with a `Host` taken from the URL when the
 * runtime did not keep one. The URL parser has already normalised the target (dot segments,
 * some percent-encoding), so the raw request line is not available in Fetch.
 *
 * @example
 * toClientRequest(new Request('https://www.example.com/app/x?y=1'), { remoteAddress: '203.0.113.7' })
 * // { method: 'GET', target: '/app/x?y=1', scheme: 'https', port: 443, remoteAddress: '203.0.113.7',
 * //   headers: [['host', 'www.example.com']] }
 */
export function toClientRequest(request: Request, client: FetchClientInfo = {}): ClientRequest {
  const url = request.url;
  const scheme = url.slice(0, 6).toLowerCase() === 'https:' ? 'https' : 'http';
  const { start, end } = authorityEnd(url);
  const authority = url.slice(start, end);
  let hash = url.indexOf('#', end);
  if (hash < 0) hash = url.length;
  let target = url.slice(end, hash);
  if (target === '' || target.charCodeAt(0) === 0x3f /* ? */) target = '/' + target;
  let port = client.port;
  if (port === undefined) {
    const colon = authority.lastIndexOf(':');
    const n = colon > authority.lastIndexOf(']') ? Number(authority.slice(colon + 1)) : NaN;
    port = Number.isInteger(n) && n > 0 ? n : scheme === 'https' ? 443 : 80;
  }
  const headers = headerList(request.headers);
  if (!headers.some(([n]) => n === 'host') && authority) headers.unshift(['host', authority]);
  return {
    method: request.method,
    target,
    headers,
    scheme,
    port,
    remoteAddress: client.remoteAddress ?? '127.0.0.1',
    httpVersion: '1.1',
  };
}

/** A Response status the Fetch constructor accepts (200 to 599); anything else is a 502. */
function fetchStatus(status: number): number {
  return Number.isInteger(status) && status >= 200 && status <= 599 ? status : 502;
}

/** The server's own answer as a `Response` with no body (the engine models headers, not pages). */
function ownAnswer(result: SimulateResult): Response | null {
  if (!result.response) return null;
  return new Response(null, {
    status: fetchStatus(result.response.status),
    headers: toHeaders(result.response.headers, hopByHop(result.response.headers)),
  });
}

/** The backend `Request` for the engine's forward decision, streaming the client's body. */
function backendRequest(result: SimulateResult, request: Request): Request | null {
  const forward = result.forward;
  if (!forward) return null;
  const drop = hopByHop(forward.headers);
  // The runtime derives Host from the URL and frames the body itself (Node's fetch ignores a Host).
  drop.add('host');
  drop.add('content-length');
  const bodyless = forward.method === 'GET' || forward.method === 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = {
    method: forward.method,
    headers: toHeaders(forward.headers, drop),
    redirect: 'manual',
    signal: request.signal,
  };
  if (!bodyless && request.body) {
    init.body = request.body;
    init.duplex = 'half';
  }
  return new Request(forward.url, init);
}

/** The backend's status and headers as the engine's `BackendResponse`. */
function backendResponse(upstream: Response): BackendResponse {
  return { status: upstream.status, headers: headerList(upstream.headers) };
}

/**
 * Prepares one exchange: the engine's decision for a Fetch `Request` through `dialect` and its
 * compiled `config`, as a backend `Request` (or the server's own answer) and a `rewrite` for the
 * backend's `Response`. Works with `apacheDialect` and `nginxDialect` alike.
 *
 * @example
 * import { apacheDialect } from 'passreverse'
 * const config = apacheDialect.compile('ProxyPass /app/ http://backend:8080/\nProxyPassReverse /app/ http://backend:8080/')
 * const exchange = prepareFetch(apacheDialect, config, request)
 * if (!exchange.request) return exchange.response ?? new Response('Not Found', { status: 404 })
 * return exchange.rewrite(await fetch(exchange.request))
 */
export function prepareFetch<C>(
  dialect: FetchDialect<C>,
  config: C,
  request: Request,
  options: FetchOptions = {},
): FetchExchange {
  const client = toClientRequest(request, options);
  const result = dialect.exchange(config, client);
  let backend: Request | null = null;
  let own: Response | null = null;
  if (result.forward) {
    try {
      backend = backendRequest(result, request);
    } catch {
      // A backend URL Fetch cannot represent (balancer://, an unparsable authority).
      own = new Response(null, { status: 502 });
    }
  } else {
    own = ownAnswer(result);
  }
  const decoded = options.decoded ?? true;
  return {
    result,
    request: backend,
    response: own,
    rewrite(upstream) {
      const answer = dialect.exchange(config, client, backendResponse(upstream)).response;
      if (!answer) return new Response(upstream.body, upstream);
      const drop = hopByHop(answer.headers);
      if (decoded && answer.headers.some(([n]) => n.toLowerCase() === 'content-encoding')) {
        drop.add('content-encoding');
        drop.add('content-length');
      }
      const status = fetchStatus(answer.status);
      const passBody = status === upstream.status && !NULL_BODY.has(status);
      // When the server answers instead of the backend, the backend body is not wanted: release it.
      if (!passBody && upstream.body) upstream.body.cancel().catch(() => {});
      return new Response(passBody ? upstream.body : null, {
        status,
        statusText: status === upstream.status ? upstream.statusText : '',
        headers: toHeaders(answer.headers, drop),
      });
    },
  };
}

/**
 * What the adapters need of a dialect: its `exchange` only, so that an edge bundle with a
 * precompiled table can pass `{ exchange: apacheExchange }` and leave the compiler out.
 */
export type FetchDialect<C> = Pick<Dialect<C>, 'exchange'>;

/** Options of `createFetchProxy`. */
export interface FetchProxyOptions<C> extends FetchOptions {
  /** `apacheDialect` or `nginxDialect` (from `passreverse`), or `{ exchange: apacheExchange }` with a loaded table. */
  dialect: FetchDialect<C>;
  /** The configuration compiled once with `dialect.compile`, or loaded with `loadApacheTable` / `loadNginxTable`. */
  config: C;
  /** The `fetch` used to reach the backend. (default: `globalThis.fetch`) */
  fetch?: (request: Request) => Promise<Response>;
  /** The answer when the server would serve local content. (default: a bodyless 404) */
  notProxied?: (request: Request, result: SimulateResult) => Response | Promise<Response>;
}

/**
 * A complete Fetch handler: `(request, client?) => Promise<Response>` that forwards what the server
 * would forward, answers what it would answer itself, and rewrites the backend's response headers
 * while streaming its body.
 *
 * @example
 * import { apacheDialect } from 'passreverse'
 * const proxy = createFetchProxy({ dialect: apacheDialect, config: apacheDialect.compile(PROXY_CONF) })
 * export default { fetch: (request: Request) => proxy(request) }
 */
export function createFetchProxy<C>(
  options: FetchProxyOptions<C>,
): (request: Request, client?: FetchClientInfo) => Promise<Response> {
  const { dialect, config } = options;
  return async (request, client = {}) => {
    const exchange = prepareFetch(dialect, config, request, { ...options, ...client });
    if (!exchange.request) {
      if (exchange.response) return exchange.response;
      return options.notProxied ? options.notProxied(request, exchange.result) : new Response(null, { status: 404 });
    }
    const send = options.fetch ?? ((r: Request) => fetch(r));
    return exchange.rewrite(await send(exchange.request));
  };
}
