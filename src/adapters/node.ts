/**
 * node:http adapters: from `IncomingMessage` to the engine's types and back to `writeHead` /
 * `http.request` arguments, keeping every header line, its order and its name case.
 * @module
 */
import type { IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import type {
  BackendResponse,
  ClientRequest,
  ClientResponse,
  ForwardedRequest,
  HeaderList,
  ReadonlyHeaderList,
} from '../core/types.js';

/**
 * Header pairs from `rawHeaders` (`[name, value, name, value, ...]`): every line kept, in order,
 * names as the peer wrote them.
 *
 * @example
 * rawHeaderList(['Host', 'a', 'Set-Cookie', 'x=1', 'Set-Cookie', 'y=2'])
 * // [['Host', 'a'], ['Set-Cookie', 'x=1'], ['Set-Cookie', 'y=2']]
 */
export function rawHeaderList(raw: readonly string[]): HeaderList {
  const out: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Options of `toClientRequest` for what node's socket cannot tell (a TLS terminator in front). */
export interface NodeClientOptions {
  /** Scheme of the client connection. (default: `'https'` on a TLS socket, else `'http'`) */
  scheme?: 'http' | 'https';
  /** The port the proxy listens on. (default: `req.socket.localPort`) */
  port?: number;
  /** The client's address. (default: `req.socket.remoteAddress`, an IPv4-mapped `::ffff:` removed) */
  remoteAddress?: string;
}

/**
 * The engine's `ClientRequest` for a node:http `IncomingMessage`: the raw target (`req.url`), the
 * method, `rawHeaders` as pairs, the socket's address and local port, TLS, and the HTTP version.
 *
 * @example
 * http.createServer((req, res) => {
 *   const result = apacheDialect.exchange(config, toClientRequest(req))
 * })
 */
export function toClientRequest(req: IncomingMessage, options: NodeClientOptions = {}): ClientRequest {
  const socket = req.socket as (IncomingMessage['socket'] & { encrypted?: boolean }) | undefined;
  const scheme = options.scheme ?? (socket?.encrypted ? 'https' : 'http');
  let remoteAddress = options.remoteAddress ?? socket?.remoteAddress ?? '127.0.0.1';
  // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; the servers see a.b.c.d.
  if (remoteAddress.startsWith('::ffff:') && remoteAddress.indexOf('.') > 0) remoteAddress = remoteAddress.slice(7);
  const port = options.port ?? socket?.localPort ?? (scheme === 'https' ? 443 : 80);
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers: rawHeaderList(req.rawHeaders),
    scheme,
    port,
    remoteAddress,
    httpVersion: req.httpVersion === '1.0' ? '1.0' : '1.1',
  };
}

/**
 * The engine's `BackendResponse` for the response of `http.request`: status and `rawHeaders` pairs.
 *
 * @example
 * http.request(toRequestOptions(forward), (up) => {
 *   const response = apacheDialect.exchange(config, client, toBackendResponse(up)).response
 * })
 */
export function toBackendResponse(res: IncomingMessage): BackendResponse {
  return { status: res.statusCode ?? 502, headers: rawHeaderList(res.rawHeaders) };
}

/** Flat `[name, value, ...]` list, the form `writeHead` and `http.request` take to keep duplicates. */
function flat(list: ReadonlyHeaderList): string[] {
  const out: string[] = [];
  for (const [n, v] of list) out.push(n, v);
  return out;
}

/**
 * `res.writeHead` arguments for the engine's response: the status and a flat header array, so each
 * line (every `Set-Cookie`, repeated fields) is written separately, in order, with its name case.
 *
 * @example
 * res.writeHead(...toWriteHead({ status: 302, headers: [['Location', '/x'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']] }))
 * // writeHead(302, ['Location', '/x', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'])
 */
export function toWriteHead(response: ClientResponse): [status: number, headers: string[]] {
  return [response.status, flat(response.headers)];
}

/**
 * A node `OutgoingHttpHeaders` object for `res.setHeader`-style APIs (Fastify `reply.headers`,
 * http-proxy hooks): a repeated name becomes an array in order (always one for `Set-Cookie`); the
 * first spelling of a name is kept as the key.
 *
 * @example
 * toOutgoingHeaders([['Set-Cookie', 'a=1'], ['X-A', '1'], ['x-a', '2']])
 * // { 'Set-Cookie': ['a=1'], 'X-A': ['1', '2'] }
 */
export function toOutgoingHeaders(list: ReadonlyHeaderList): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = Object.create(null);
  const keys = new Map<string, string>();
  for (const [name, value] of list) {
    const lower = name.toLowerCase();
    const key = keys.get(lower);
    if (key === undefined) {
      keys.set(lower, name);
      out[name] = lower === 'set-cookie' ? [value] : value;
      continue;
    }
    const prev = out[key];
    out[key] = Array.isArray(prev) ? [...prev, value] : [String(prev), value];
  }
  return out;
}

/**
 * `http.request` options for the engine's forward decision: host, port and the exact path+query
 * from `forward.url` (no URL parsing, so nothing is re-encoded), the method, and the header lines as
 * a flat array (Host and duplicates kept as the server would send them).
 *
 * @example
 * toRequestOptions({ url: 'http://backend:8080/x?y=1', method: 'GET', headers: [['Host', 'backend:8080']] })
 * // { protocol: 'http:', hostname: 'backend', port: 8080, path: '/x?y=1', method: 'GET',
 * //   headers: ['Host', 'backend:8080'] }
 */
export function toRequestOptions(forward: ForwardedRequest): RequestOptions & { headers: string[] } {
  const url = forward.url;
  const sep = url.indexOf('://');
  const protocol = sep > 0 ? url.slice(0, sep + 1).toLowerCase() : 'http:';
  let end = sep < 0 ? 0 : sep + 3;
  while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
  let authority = url.slice(sep < 0 ? 0 : sep + 3, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let hostname = authority;
  let port = protocol === 'https:' ? 443 : 80;
  const colon = authority.lastIndexOf(':');
  if (colon > authority.lastIndexOf(']')) {
    hostname = authority.slice(0, colon);
    const n = Number(authority.slice(colon + 1));
    if (Number.isInteger(n) && n > 0) port = n;
  }
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  let path = url.slice(end);
  if (path === '' || path[0] === '?') path = '/' + path;
  return { protocol, hostname, port, path, method: forward.method, headers: flat(forward.headers) };
}
