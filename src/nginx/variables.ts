// nginx variables and complex values (ngx_http_script_compile / ngx_http_complex_value).
// Strings that come from the request line are "binary strings": one char per byte (latin1), as
// nginx sees bytes; text with chars above U+00FF is first encoded as UTF-8.
import { ConfigError } from '../core/errors.js';
import { equalsIgnoreCase, lowerAscii } from '../core/ascii.js';
import type { ReadonlyHeaderList } from '../core/types.js';
import type { ComplexValue, ValuePart } from './types.js';

/** Built-in variables this model evaluates. Prefix families are checked separately. */
const BUILTIN = new Set([
  'host', 'request_uri', 'uri', 'document_uri', 'args', 'query_string', 'is_args', 'request_method',
  'scheme', 'https', 'server_name', 'server_port', 'server_addr', 'server_protocol', 'remote_addr',
  'remote_port', 'proxy_host', 'proxy_port', 'proxy_add_x_forwarded_for', 'request', 'content_length',
  'content_type', 'hostname', 'binary_remote_addr', 'nginx_version', 'request_length', 'msec',
  'time_local', 'time_iso8601', 'pid', 'connection', 'request_id', 'realpath_root', 'document_root',
  'request_filename', 'limit_rate', 'status', 'body_bytes_sent', 'bytes_sent', 'request_body',
  'request_time', 'proxy_protocol_addr', 'proxy_protocol_port', 'ssl_protocol', 'ssl_cipher',
  'ssl_server_name', 'http2', 'upstream_addr', 'upstream_status', 'remote_user', 'date_local',
  'date_gmt', 'proxy_internal_body_length', 'proxy_internal_chunked',
]);

const PREFIXES = ['http_', 'arg_', 'cookie_', 'sent_http_', 'upstream_http_', 'upstream_cookie_', 'sent_trailer_', 'upstream_trailer_'];

/** Whether `name` is a variable nginx 1.22.1 knows (built-in, prefix family, `set` or named capture). */
export function isKnownVariable(name: string, declared: ReadonlySet<string>): boolean {
  if (BUILTIN.has(name) || declared.has(name)) return true;
  for (const p of PREFIXES) if (name.startsWith(p)) return true;
  return false;
}

function isNameCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * Compile a complex value: `$name`, `${name}` and `$1`..`$9` (one digit) are substituted per request.
 *
 * @example
 * compileComplex('http://$host/x', 3, 'proxy_pass', new Set()).parts.length // 3
 */
export function compileComplex(
  source: string,
  line: number,
  directive: string,
  declared: ReadonlySet<string>,
): ComplexValue {
  if (source.indexOf('$') < 0) return { source, parts: source ? [{ kind: 'text', text: source }] : [], literal: source };
  const parts: ValuePart[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (c !== 36 /* $ */) {
      text += source[i++];
      continue;
    }
    i++;
    if (i >= source.length) throw new ConfigError(line, directive, `invalid variable name`);
    const d = source.charCodeAt(i);
    if (d >= 49 && d <= 57) {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'capture', index: d - 48 });
      i++;
      continue;
    }
    let name = '';
    if (d === 123 /* { */) {
      const close = source.indexOf('}', i);
      if (close < 0) throw new ConfigError(line, directive, `the closing bracket in "${source.slice(i + 1)}" variable is missing`);
      name = source.slice(i + 1, close);
      i = close + 1;
    } else {
      const start = i;
      while (i < source.length && isNameCode(source.charCodeAt(i))) i++;
      name = source.slice(start, i);
    }
    if (!name) throw new ConfigError(line, directive, `invalid variable name`);
    if (!isKnownVariable(lowerAscii(name), declared)) throw new ConfigError(line, directive, `unknown "${name}" variable`);
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push({ kind: 'var', name: lowerAscii(name) });
  }
  if (text) parts.push({ kind: 'text', text });
  return { source, parts, literal: null };
}

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

function headerValue(headers: ReadonlyHeaderList, name: string): string | undefined {
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

/** nginx's `$arg_NAME`: the first `NAME=` in the query (name case-insensitive), raw value. */
export function argValue(args: string, name: string): string | undefined {
  let i = 0;
  while (i <= args.length) {
    let end = args.indexOf('&', i);
    if (end < 0) end = args.length;
    const eq = args.indexOf('=', i);
    if (eq >= 0 && eq < end && eq - i === name.length && equalsIgnoreCase(args.slice(i, eq), name)) {
      return args.slice(eq + 1, end);
    }
    i = end + 1;
  }
  return undefined;
}

const UNDERSCORES = /_/g;
const COOKIE_SEPARATORS = /[;,]/;

function cookieValue(headers: ReadonlyHeaderList, name: string): string | undefined {
  for (const [n, v] of headers) {
    if (!equalsIgnoreCase(n, 'cookie')) continue;
    for (const piece of v.split(COOKIE_SEPARATORS)) {
      let s = 0;
      while (piece.charCodeAt(s) === 32) s++;
      const t = s ? piece.slice(s) : piece;
      const eq = t.indexOf('=');
      if (eq >= 0 && equalsIgnoreCase(t.slice(0, eq), name)) return t.slice(eq + 1);
    }
  }
  return undefined;
}

/** Evaluate one variable; an unknown or empty one gives "". */
export function variableValue(name: string, r: RequestVars): string {
  const user = r.user.get(name);
  if (user !== undefined) return user;
  switch (name) {
    case 'host': return r.host;
    case 'request_uri': return r.requestUri;
    case 'uri': case 'document_uri': return r.uri;
    case 'args': case 'query_string': return r.args;
    case 'is_args': return r.args ? '?' : '';
    case 'request_method': return r.method;
    case 'scheme': return r.scheme;
    case 'https': return r.scheme === 'https' ? 'on' : '';
    case 'server_name': return r.serverName;
    case 'server_port': return String(r.port);
    case 'server_addr': return '127.0.0.1';
    case 'server_protocol': return `HTTP/${r.httpVersion}`;
    case 'remote_addr': return r.remoteAddress;
    case 'proxy_host': return r.proxyHost;
    case 'proxy_port': return r.proxyPort;
    case 'request': return `${r.method} ${r.requestUri} HTTP/${r.httpVersion}`;
    case 'content_length': return headerValue(r.headers, 'content-length') ?? '';
    case 'content_type': return headerValue(r.headers, 'content-type') ?? '';
    case 'nginx_version': return '1.22.1';
    case 'proxy_add_x_forwarded_for': {
      const xff = headerValue(r.headers, 'x-forwarded-for');
      return xff === undefined ? r.remoteAddress : `${xff}, ${r.remoteAddress}`;
    }
  }
  if (name.startsWith('http_')) return headerValue(r.headers, name.slice(5).replace(UNDERSCORES, '-')) ?? '';
  if (name.startsWith('arg_')) return argValue(r.args, name.slice(4)) ?? '';
  if (name.startsWith('cookie_')) return cookieValue(r.headers, name.slice(7)) ?? '';
  return '';
}

/**
 * Evaluate a complex value against the request; `captures` overrides the request's last captures.
 *
 * @example
 * evaluate(compileComplex('/$1', 1, 'x', new Set()), vars, ['/a', 'a']) // '/a'
 */
export function evaluate(cv: ComplexValue, r: RequestVars, captures?: readonly (string | undefined)[]): string {
  if (cv.literal !== null) return cv.literal;
  const caps = captures ?? r.captures;
  let out = '';
  for (const p of cv.parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'var') out += variableValue(p.name, r);
    else out += caps[p.index] ?? '';
  }
  return out;
}

/** Whether a complex value holds variables or captures. */
export function hasVariables(cv: ComplexValue): boolean {
  return cv.literal === null;
}

/** Run a compiled regex; returns captures as nginx stores them (named ones set as variables). */
export function execRegex(re: RegExp, s: string, r: RequestVars | null): (string | undefined)[] | null {
  re.lastIndex = 0;
  const m = re.exec(s);
  if (!m) return null;
  if (r && m.groups) for (const [k, v] of Object.entries(m.groups)) r.user.set(lowerAscii(k), v ?? '');
  return Array.from(m);
}
