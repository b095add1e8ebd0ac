// Complex values as the compiler reads them (ngx_http_script_compile): the variables nginx 1.22.1
// knows, and the parts evaluated per request by variables.ts.
import { ConfigError } from '../core/errors.js';
import type { ComplexValue, ValuePart } from './types.js';
import { lowerName } from './binary.js';

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
function isKnownVariable(name: string, declared: ReadonlySet<string>): boolean {
  if (BUILTIN.has(name) || declared.has(name)) return true;
  for (const p of PREFIXES) if (name.startsWith(p)) return true;
  return false;
}

/** A `$` and what it takes: one digit 1-9, `{...}` (to the end without a `}`), or a name (maybe none). */
const VARIABLE = /(\$(?:[1-9]|\{[^}]*\}?|\w*))/;

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
  // text and variables alternate (a text may be empty)
  source.split(VARIABLE).forEach((p, i) => {
    if (!(i & 1)) {
      if (p) parts.push({ kind: 'text', text: p });
      return;
    }
    if (p[1] === '{' && !p.endsWith('}')) throw new ConfigError(line, directive, `the closing bracket in "${p.slice(2)}" variable is missing`);
    const name = p[1] === '{' ? p.slice(2, -1) : p.slice(1);
    if (!name) throw new ConfigError(line, directive, `invalid variable name`);
    if (/^[1-9]$/.test(p.slice(1))) parts.push({ kind: 'capture', index: +name });
    else if (!isKnownVariable(lowerName(name), declared)) throw new ConfigError(line, directive, `unknown "${name}" variable`);
    else parts.push({ kind: 'var', name: lowerName(name) });
  });
  return { source, parts, literal: null };
}
