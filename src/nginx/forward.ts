// The request side: request-target parsing and normalisation (ngx_http_parse_request_line,
// ngx_http_parse_complex_uri), the rewrite phases, location selection, and the proxy_pass mapping
// (ngx_http_proxy_create_request / ngx_http_proxy_eval).
import type { ClientResponse } from '../core/types.js';
import { parseProxyUrl } from './proxy-url.js';
import { fromBinary, toBinary, lowerName } from './binary.js';
import { nginxFindLocation } from './locations.js';
import type { ComplexValue, LocConf, NginxConfig, ProxyPass, ScriptOp, Condition } from './types.js';
import { evaluate, execRegex, regexCaptures, type RequestVars } from './variables.js';

/**
 * An absolute-form request-target up to its authority (ngx_http_parse_request_line): the host is
 * letters, digits, `.` and `-`, or an IP literal in `[...]` of unreserved and sub-delim characters
 * and `:`; then an optional `:` and digits.
 */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(\[[0-9A-Za-z:._~!$&'()*+,;=-]*\]|[0-9A-Za-z.-]*)(?::[0-9]*)?/;
const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;
const PORT_SUFFIX = /:[0-9]+$/;
/** The first escape nginx's URI parser refuses: a `%` without two hex digits, or `%00`. */
const BAD_ESCAPE = /%(?:00|(?![0-9A-Fa-f]{2}))/;
const NO_CAPTURES: readonly (string | undefined)[] = Object.freeze([]);
const PATH_ARGS = /^([^?#]*)(?:\?([^#]*))?/;

/** A request target split and normalised as nginx does it. */
export interface ParsedTarget {
  /** `$uri`: decoded, slashes merged, dot segments removed (binary string). */
  readonly uri: string;
  /** `$args`: the raw query. */
  readonly args: string;
  /** `$request_uri`: the raw target from the path on (fragment included). */
  readonly raw: string;
  /** The raw path contained a `%` (or a space): a changed URI is sent escaped. */
  readonly quoted: boolean;
  /** The raw path contained a `+` (nginx's plus_in_uri). */
  readonly plus: boolean;
  /** False for an absolute-form target with an empty path. */
  readonly validUnparsed: boolean;
  /** Host from an absolute-form request line. */
  readonly host: string | null;
}

/**
 * Split and normalise a request target; a string is nginx's 400 reason.
 *
 * @example
 * nginxParseTarget('/a%2F%2Fb/./c/../d?x=1').uri // '/a/b/d'
 */
export function nginxParseTarget(target: string, mergeSlashes = true): ParsedTarget | string {
  const t = toBinary(target);
  // a control character, space or DEL cannot stand in a request line: 400
  if (/[\0-\x20\x7f]/.test(t)) return 'invalid request line';
  let host: string | null = null;
  let start = 0;
  let validUnparsed = true;
  if (!t.startsWith('/')) {
    const m = ABSOLUTE_FORM.exec(t);
    if (!m) return 'invalid request line';
    const i = m[0].length;
    // after the authority only a path, a query or the end of the target may follow
    if (i < t.length && t[i] !== '/' && t[i] !== '?') return 'invalid request line';
    host = m[1];
    start = i;
    // a query right after the authority: the path is "/", the unparsed URI is not sent as is
    if (t[i] === '?') validUnparsed = false;
  }
  // nothing after the authority: nginx takes "/" for the URI
  const raw = start >= t.length && host !== null ? '/' : t.slice(start);
  // the path up to a "?" or "#", the arguments after a "?" up to a "#"
  let [, path, args = ''] = PATH_ARGS.exec(raw)!;
  if (!path.startsWith('/')) path = '/' + path;
  // (a space cannot be there: the request line refused it above)
  const quoted = path.indexOf('%') >= 0;
  // percent-decoding, only when there is a '%': a decoded '/' or '.' acts as typed, '%', '?' and
  // '#' are plain data; a '%' without two hex digits, or a %00, is 400 (the first one counts)
  const bad = BAD_ESCAPE.exec(path);
  if (bad) return bad[0] === '%00' ? 'NUL in URI' : 'invalid escape in URI';
  const decoded = unescapeUri(path, false);
  // merge slashes, resolve dot segments
  const segs: string[] = [];
  const parts = decoded.split('/');
  let trailing = false;
  for (let i = 1; i < parts.length; i++) {
    const s = parts[i];
    const last = i === parts.length - 1;
    if (s === '.' || s === '..') {
      if (s === '..' && segs.pop() === undefined) return 'invalid URI: above the root';
      trailing ||= last;
    } else if (s || !mergeSlashes || last) segs.push(s);
  }
  let uri = '/' + segs.join('/');
  // a final "." or ".." leaves the slash before it ("//a/.." with merge_slashes off is "//")
  if (trailing && segs.length > 0) uri += '/';
  return { uri, args, raw, quoted, plus: path.indexOf('+') >= 0, validUnparsed, host };
}

/** nginx's URI escape set (ngx_escape_uri): controls, space, DEL, bytes >= 0x80 and `"#%<>?\^`{|}`. */
const URI_ESCAPED = /[\0- \x7f-\uffff"#%<>?\\^`{|}]/g;
/** NGX_ESCAPE_ARGS: the URI set, and `&`, `+`, `;`. */
const ARGS_ESCAPED = /[\0- \x7f-\uffff"#%&+;<>?\\^`{|}]/g;

/** One byte percent-encoded, in uppercase hex. */
const escapeByte = (c: string) => '%' + (c.charCodeAt(0) & 0xff).toString(16).toUpperCase().padStart(2, '0');

/** A rewrite's capture in its arguments (when the request URI had a `%` or a `+`). */
const escapeArgs = (s: string) => s.replace(ARGS_ESCAPED, escapeByte);

/**
 * Percent-encode with nginx's URI escape set (since 1.21.1): controls, space, `"#%<>?\^`{|}`, DEL and
 * every byte >= 0x80, with uppercase hex. Returns the same string when nothing needs escaping.
 *
 * @example
 * nginxEscapeUri('/a b?') // '/a%20b%3F'
 */
export function nginxEscapeUri(s: string): string {
  return s.replace(URI_ESCAPED, escapeByte);
}

/** Per-request processing state (nginx's request flags). */
export interface RequestState {
  vars: RequestVars;
  quoted: boolean;
  plus: boolean;
  internal: boolean;
  validUnparsed: boolean;
  validLocation: boolean;
  uriChanged: boolean;
  /** URI changes left (rewrite cycles and internal redirects; 11 at the start, 0 is a 500). */
  uriChanges: number;
}

/** The result of the request phases. */
export type PhaseResult =
  | { kind: 'proxy'; conf: LocConf; proxyPass: ProxyPass }
  /** `status` null: no answer (local content, or a closed connection). */
  // status: null for local content (not modelled), 0 for a closed connection (`return 444`)
  | { kind: 'respond'; status: number | null; reason: string; conf: LocConf; location?: string };

function condition(c: Condition, r: RequestVars): boolean {
  if (c.kind === 'unknown') return false;
  const v = evaluate(c.value, r);
  if (c.kind === 'var') return v !== '' && v !== '0';
  let hit: boolean;
  if (c.kind === 'eq') hit = v === evaluate(c.other, r);
  else {
    // the script engine's regex: a match sets the captures, a failed one clears $1..$9 (even for !~)
    const caps = execRegex(c.regex, v, r);
    r.captures = caps ?? NO_CAPTURES;
    hit = caps !== null;
  }
  return hit !== c.negate;
}

/**
 * ngx_unescape_uri: `%XX` decoded; a bad first digit drops the `%` and keeps that byte, a bad second
 * digit (or the end of the value) drops all of it. With `redirect` (NGX_UNESCAPE_REDIRECT) it stops
 * at the first `?`, and only decodes to chars between `%` and DEL (exclusive), an escaped `?` ending
 * the decoding there.
 *
 * @example
 * unescapeUri('/a%20b%zz', false) // '/a b'
 */
export function unescapeUri(s: string, redirect: boolean): string {
  let stopped = false;
  return s.replace(ESCAPE, (m, hex?: string, kept?: string) => {
    // (a redirect's raw "?" ends the decoding; a "%" and one other byte leave that byte)
    if (m === '?' || stopped) return (stopped ||= redirect), m;
    if (!hex) return kept ?? '';
    const v = parseInt(hex, 16);
    if (!redirect) return String.fromCharCode(v);
    stopped = v === 0x3f;
    return v > 0x25 && v < 0x7f ? String.fromCharCode(v) : m;
  });
}

/** An escape: `%` and two hex digits, or what a bad one leaves (none, or the byte after `%`); a "?". */
const ESCAPE = /%(?:([0-9A-Fa-f]{2})|[0-9A-Fa-f][^]?|([^])|$)|\?/g;

/** nginx answers the request itself. */
export type Respond = Extract<PhaseResult, { kind: 'respond' }>;


/**
 * nginx answers the request itself with `status` (and a Location when `location` is set); 444
 * closes the connection, and so does not answer (`status` 0, as a network error reads in Fetch).
 */
function answer(status: number | null, reason: string, conf: LocConf, location?: string): Respond {
  return { kind: 'respond', status: status === 444 ? 0 : status, reason, conf, location };
}

/**
 * Run rewrite-module instructions in order (ngx_http_rewrite_handler): nginx's answer, or the
 * configuration in effect after them (that of the last `if` block entered). A `break`, or a
 * rewrite's `break` / `last`, ends them.
 */
function runScript(script: readonly ScriptOp[], conf: LocConf, st: RequestState): Respond | LocConf {
  let current = conf;
  let ops = script;
  const r = st.vars;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    switch (op.op) {
      case 'set':
        if (op.name === 'args') {
          r.args = evaluate(op.value, r);
          st.validUnparsed = false;
        } else r.user.set(op.name, evaluate(op.value, r));
        break;
      case 'break':
        if (st.uriChanged) {
          st.validLocation = false;
          st.uriChanged = false;
        }
        return current;
      case 'return':
        return answer(op.code, op.code === 444 ? 'return 444: nginx closes the connection' : `return ${op.code}`, current, op.location ? evaluate(op.location, r) : undefined);
      case 'if':
        if (condition(op.condition, r)) {
          // the block's instructions run, then the rest of this level's (an `if` holds no `if`)
          current = op.block;
          ops = [...current.script, ...ops.slice(i + 1)];
          i = -1;
        }
        break;
      case 'rewrite': {
        const caps = execRegex(op.regex, r.uri, r);
        // a rewrite that does not match still clears the captures (ngx_http_script_regex_start_code)
        r.captures = caps ?? NO_CAPTURES;
        if (!caps) break;
        const status = op.status;
        // captures in the arguments, or anywhere in a redirect, are escaped with nginx's argument
        // set when the request URI had a `%` or a `+`
        const escape = (st.quoted || st.plus) && escapeArgs;
        const path = evaluate(op.path, r, null, status > 0 && escape);
        const args = op.args && evaluate(op.args, r, null, escape);
        if (status) {
          let loc = unescapeUri(args === null ? path : `${path}?${args}`, true);
          if (op.addArgs && r.args) loc += (args === null ? '?' : '&') + r.args;
          return answer(status, `rewrite ${status}`, current, loc);
        }
        r.uri = path;
        if (args !== null) r.args = args + (op.addArgs && r.args ? '&' + r.args : '');
        else if (!op.addArgs) r.args = '';
        if (path === '') return answer(500, 'the rewritten URI has a zero length', current);
        st.internal = true;
        st.validUnparsed = false;
        if (op.flag === 'break') {
          st.validLocation = false;
          st.uriChanged = false;
          return current;
        }
        st.uriChanged = true;
        if (op.flag === 'last') return current;
        break;
      }
    }
  }
  return current;
}

/** A `limit_except` block whose methods do not include the request's is its configuration. */
function limited(conf: LocConf, method: string): LocConf {
  const le = conf.limitExcept;
  return le && !le.methods.has(method) ? le.conf : conf;
}

/**
 * Run nginx's request phases for a parsed request: server rewrites, location search (with
 * `rewrite ... last` cycles), location rewrites, `limit_except`; says whether and where it proxies.
 */
export function runPhases(config: NginxConfig, st: RequestState, method: string, named?: LocConf): PhaseResult {
  const server = config.server;
  if (!named) {
    const s = runScript(server.script, server, st);
    if (s.kind === 'respond') return s;
  }
  st.uriChanged = false;
  for (let first = true; ; first = false) {
    // every "rewrite ... last" cycle spends one of the request's URI changes (10 are allowed)
    if (!first && --st.uriChanges === 0) break;
    // a named location (X-Accel-Redirect: @name) starts at its own rewrite phase, no search
    const m = named && first ? { conf: named, matches: [], autoRedirect: false } : nginxFindLocation(server, st.vars.uri);
    let conf = m.conf;
    for (const x of m.matches) st.vars.captures = regexCaptures(x, st.vars);
    if (m.autoRedirect) {
      let loc = nginxEscapeUri(conf.name);
      if (st.vars.args) loc += '?' + st.vars.args;
      return answer(301, `auto-redirect of location "${fromBinary(conf.name)}"`, conf, loc);
    }
    conf = limited(conf, method);
    st.uriChanged = false;
    // no location matched: the server level's rewrites ran in the server phase already and are
    // not run again (ngx_http_rewrite_handler skips the "server null location")
    if (conf !== server) {
      const out = runScript(conf.script, conf, st);
      if (out.kind === 'respond') return out;
      conf = out;
      if (st.uriChanged) {
        st.uriChanged = false;
        continue;
      }
    }
    conf = limited(conf, method);
    if (!conf.proxyPass) {
      return answer(null, conf === server ? 'no location matches; nginx serves the request itself' : `location "${fromBinary(conf.name)}" does not proxy: nginx serves the request itself`, conf);
    }
    return { kind: 'proxy', conf, proxyPass: conf.proxyPass };
  }
  return answer(500, 'rewrite or internal redirection cycle', server);
}

/** Where the request goes: scheme, authority, and the request-target nginx writes. */
export interface UpstreamTarget {
  readonly scheme: 'http' | 'https';
  readonly authority: string;
  readonly target: string;
  readonly proxyHost: string;
  readonly proxyPort: string;
}

/**
 * Build the upstream request-target from the proxy_pass in effect (ngx_http_proxy_create_request);
 * a string is the reason nginx answers with an error status instead (with that status first).
 */
export function upstreamTarget(
  config: NginxConfig,
  conf: LocConf,
  pp: ProxyPass,
  st: RequestState,
): UpstreamTarget | { status: number; reason: string } {
  const r = st.vars;
  let up: Omit<ProxyPass, 'url' | 'line' | 'value'> = pp;
  let target: string;
  if (pp.value) {
    const url = evaluate(pp.value, r);
    const parsed = parseProxyUrl(url, config.upstreams);
    if (typeof parsed === 'string') return { status: 500, reason: `proxy_pass "${url}": ${parsed}` };
    // a name that is no upstream block and no IP address would need a resolver
    const host = parsed.authority.replace(PORT_SUFFIX, '');
    if (!parsed.upstream && !IPV4.test(host) && !host.startsWith('[')) return { status: 502, reason: `no resolver defined to resolve ${host}` };
    up = parsed;
  }
  const uri = up.uri;
  if (pp.value && uri !== null) {
    // with variables the evaluated URI is sent exactly as it is (a leading "/" before a bare "?")
    target = uri.startsWith('?') ? '/' + uri : uri;
  } else if (uri === null && st.validUnparsed) target = r.requestUri;
  else {
    const prefixLen = st.validLocation && uri ? conf.locationName.length : 0;
    let tail = r.uri.slice(prefixLen);
    if (st.quoted || st.internal) tail = nginxEscapeUri(tail);
    target = (st.validLocation && uri ? uri : '') + tail;
    if (r.args) target += '?' + r.args;
    if (target === '') return { status: 500, reason: 'zero length URI to proxy' };
  }
  // (the authority as text: the compiler decoded a static one)
  return { scheme: up.scheme, authority: pp.value ? fromBinary(up.authority) : up.authority, target, proxyHost: up.proxyHost, proxyPort: up.proxyPort };
}

/**
 * Validate and reduce a Host value like ngx_http_validate_host: no `..`, no `/`, no control or
 * space anywhere (port part included); the port (after the first `:` outside `[...]`) and one
 * trailing dot are cut, the rest lower-cased. `null` when nginx answers 400.
 *
 * @example
 * validateHost('Example.COM.:8080') // 'example.com'
 */
export function validateHost(host: string): string | null {
  // a "/", a control character, a space or DEL anywhere, or two dots in a row: 400
  if (/[\0-\x20\x7f/]|\.\./.test(host)) return null;
  // the host ends after the "]" of an IP literal (none: at the end), else at the first ":"
  const colon = host.indexOf(':');
  let hostLen = host.startsWith('[') ? host.indexOf(']') + 1 || host.length : colon < 0 ? host.length : colon;
  // one trailing dot is cut, if it is the last dot of the whole value (port included)
  if (host.lastIndexOf('.') === hostLen - 1) hostLen--;
  if (hostLen <= 0) return null;
  return lowerName(host.slice(0, hostLen));
}
