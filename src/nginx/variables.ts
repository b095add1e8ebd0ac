// nginx variables and complex values at run time (ngx_http_complex_value); the compiler's half is
// complex-value.ts. Strings that come from the request line are "binary strings": one char per
// byte (latin1), as nginx sees bytes; text with chars above U+00FF is first encoded as UTF-8.
import { equalsIgnoreCase } from '../core/ascii.js';
import type { ReadonlyHeaderList } from '../core/types.js';
import type { ComplexValue } from './types.js';
import { toBinary, lowerName } from './binary.js';

/** The per-request state variables read from. Mutable only inside one exchange. */
export interface RequestVars {
  method: string;
  scheme: 'http' | 'https';
  port: number;
  remoteAddress: string;
  headers: ReadonlyHeaderList;
  /** `$host`: request-line host or Host header, lower-cased, port removed; else the server name. */
  host: string;
  /** `$uri`: the normalised, decoded path (binary string). */
  uri: string;
  /** `$args` (raw). */
  args: string;
  /** `$request_uri`: the raw target (binary string). */
  requestUri: string;
  /** Last regex captures: [whole, $1, ...]; undefined entries did not participate. */
  captures: readonly (string | undefined)[];
  /** `set` variables and named captures. */
  user: Map<string, string>;
  serverName: string;
  httpVersion: string;
  proxyHost: string;
  proxyPort: string;
}

/**
 * The value of a request header as `$http_NAME` reads it (`name` lower-case, with `-`).
 *
 * @example
 * headerValue([['Cookie', 'a=1'], ['cookie', 'b=2']], 'cookie') // 'a=1; b=2'
 */
export function headerValue(headers: ReadonlyHeaderList, name: string): string | undefined {
  // $http_* joins repeated Cookie with "; " and X-Forwarded-For with ", " (ngx_http_variable_headers);
  // other headers give the first value.
  const sep = equalsIgnoreCase(name, 'cookie') ? '; ' : equalsIgnoreCase(name, 'x-forwarded-for') ? ', ' : null;
  let out: string | undefined;
  for (const [n, v] of headers) {
    if (!equalsIgnoreCase(n, name)) continue;
    if (out === undefined) out = v;
    else if (sep) out += sep + v;
    else break;
  }
  return out;
}

/**
 * The value of the first `name=` piece of `list` cut at `sep` (the name case-insensitive), raw:
 * `$arg_NAME` in the query (pieces at `&`), `$cookie_NAME` in the Cookie lines (pieces at `;` or
 * `,`, spaces after them dropped).
 */
function pick(list: string, sep: string | RegExp, name: string): string | undefined {
  for (const piece of list.split(sep)) {
    const eq = piece.indexOf('=');
    if (eq >= 0 && equalsIgnoreCase(piece.slice(0, eq), name)) return piece.slice(eq + 1);
  }
  return undefined;
}

const UNDERSCORES = /_/g;
const COOKIE_SEPARATORS = /[;,] */;

/** The variables read from the request itself (ngx_http_core_variables, the proxy module's). */
const BUILTIN: Readonly<Record<string, (r: RequestVars) => string>> = {
  host: (r) => r.host,
  request_uri: (r) => r.requestUri,
  uri: (r) => r.uri,
  document_uri: (r) => r.uri,
  args: (r) => r.args,
  query_string: (r) => r.args,
  is_args: (r) => (r.args ? '?' : ''),
  request_method: (r) => r.method,
  scheme: (r) => r.scheme,
  https: (r) => (r.scheme === 'https' ? 'on' : ''),
  server_name: (r) => r.serverName,
  server_port: (r) => `${r.port}`,
  server_addr: () => '127.0.0.1',
  server_protocol: (r) => `HTTP/${r.httpVersion}`,
  remote_addr: (r) => r.remoteAddress,
  proxy_host: (r) => r.proxyHost,
  proxy_port: (r) => r.proxyPort,
  request: (r) => `${r.method} ${r.requestUri} HTTP/${r.httpVersion}`,
  nginx_version: () => '1.22.1',
  proxy_add_x_forwarded_for: (r) => {
    const xff = headerValue(r.headers, 'x-forwarded-for');
    return xff === undefined ? r.remoteAddress : `${toBinary(xff)}, ${r.remoteAddress}`;
  },
};

/** Evaluate one variable; an unknown or empty one gives "". */
export function variableValue(name: string, r: RequestVars): string {
  const user = r.user.get(name);
  if (user !== undefined) return user;
  if (Object.hasOwn(BUILTIN, name)) return BUILTIN[name](r);
  // $content_length and $content_type read the header as $http_content_length would
  if (name === 'content_length' || name === 'content_type') name = 'http_' + name;
  // a request header's value is its bytes, as the configuration's text it meets
  if (name.startsWith('http_')) return toBinary(headerValue(r.headers, name.slice(5).replace(UNDERSCORES, '-')) ?? '');
  if (name.startsWith('arg_')) return pick(r.args, '&', name.slice(4)) ?? '';
  if (name.startsWith('cookie_')) return toBinary(pick(headerValue(r.headers, 'cookie') ?? '', COOKIE_SEPARATORS, name.slice(7)) ?? '');
  return '';
}

/**
 * Evaluate a complex value against the request; `captures` overrides the request's last captures,
 * `escape` is applied to each capture (a rewrite escapes them in its arguments).
 *
 * @example
 * evaluate(compileComplex('/$1', 1, 'x', new Set()), vars, ['/a', 'a']) // '/a'
 */
export function evaluate(
  cv: ComplexValue,
  r: RequestVars,
  captures?: readonly (string | undefined)[] | null,
  escape?: ((capture: string) => string) | false,
): string {
  if (cv.literal !== null) return cv.literal;
  const caps = captures ?? r.captures;
  let out = '';
  for (const p of cv.parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'var') out += variableValue(p.name, r);
    else out += escape ? escape(caps[p.index] ?? '') : caps[p.index] ?? '';
  }
  return out;
}

/**
 * The captures of a regex match as nginx stores them: [whole, $1, ...]; named ones are also set as
 * variables of `r` (lower-cased names).
 */
export function regexCaptures(m: RegExpExecArray, r: RequestVars | null): (string | undefined)[] {
  if (r && m.groups) for (const [k, v] of Object.entries(m.groups)) r.user.set(lowerName(k), v ?? '');
  return Array.from(m);
}

/** Run a compiled regex; returns its captures as nginx stores them (named ones set as variables). */
export function execRegex(re: RegExp, s: string, r: RequestVars | null): (string | undefined)[] | null {
  const m = re.exec(s);
  return m && regexCaptures(m, r);
}
