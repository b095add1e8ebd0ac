// nginx directives -> an immutable, merged configuration table. Checks what `nginx -t` checks for
// the directives modelled, with nginx's own messages; other directives become warnings.
import { ConfigError } from '../core/errors.js';
import { freezeTable } from '../core/table.js';
import { isAscii, startsWithIgnoreCase } from '../core/ascii.js';
import { parseNginxText, type Directive } from './tokenizer.js';
import { compileComplex } from './complex-value.js';
import { parseProxyUrl } from './proxy-url.js';
import { PcreError, pcreToJs } from '../core/pcre.js';
import { DIGITS, fromBinary, toBinary, lowerName } from './binary.js';
import { compileRedirectIndex } from './redirect-index.js';
import type {
  ComplexValue, Condition, CookieFlagsRule, CookieRule, LocConf, LocationModifier, NginxConfig,
  ProxyPass, RedirectRule, ScriptOp, Upstream, ValuePart,
} from './types.js';

/** Response headers nginx hides by default (ngx_http_proxy_hide_headers). */
const DEFAULT_HIDE_HEADERS: readonly string[] = [
  'date', 'server', 'x-pad', 'x-accel-expires', 'x-accel-redirect', 'x-accel-limit-rate',
  'x-accel-buffering', 'x-accel-charset',
];

/** The built-in request headers of nginx 1.22.1 (ngx_http_proxy_headers), in order. */
const DEFAULT_SET_HEADERS: readonly (readonly [string, string])[] = [
  ['Host', '$proxy_host'],
  ['Connection', 'close'],
  ['Content-Length', '$proxy_internal_body_length'],
  ['Transfer-Encoding', '$proxy_internal_chunked'],
  ['TE', ''],
  ['Keep-Alive', ''],
  ['Expect', ''],
  ['Upgrade', ''],
];

type Ctx = 'server' | 'location' | 'if' | 'limit_except';

/** Built-in variables `set` may not redefine (those without a set handler). */
const FIXED_VARIABLES = new Set(['uri', 'document_uri', 'request_uri', 'host', 'is_args', 'query_string', 'request_method', 'scheme', 'https', 'server_name', 'server_port', 'server_addr', 'server_protocol', 'remote_addr', 'remote_port', 'request', 'content_length', 'content_type', 'proxy_host', 'proxy_port', 'proxy_add_x_forwarded_for', 'hostname', 'nginx_version', 'request_id']);

interface RawLevel {
  kind: Ctx;
  modifier: LocationModifier;
  name: string;
  regex: RegExp | null;
  line: number;
  proxyPass: ProxyPass | null;
  /** nginx's `redirect` flag: undefined (unset), false (`off`), true (rules). */
  redirect: boolean | undefined;
  redirects: RedirectRule[] | null;
  cookieDomains: CookieRule[] | null | undefined;
  cookiePaths: CookieRule[] | null | undefined;
  cookieFlags: CookieFlagsRule[] | null | undefined;
  setHeaders: [string, ComplexValue][] | null;
  hide: string[] | null;
  pass: string[] | null;
  httpVersion?: '1.0' | '1.1';
  passRequestHeaders?: boolean;
  absoluteRedirect?: boolean;
  serverNameInRedirect?: boolean;
  portInRedirect?: boolean;
  mergeSlashes?: boolean;
  script: RawOp[];
  locations: RawLevel[];
  limitExcept: { methods: Set<string>; level: RawLevel } | null;
  /** For `if` blocks: whether they stand in a server or a location. */
  parentKind?: Ctx;
}

type RawOp = Exclude<ScriptOp, { op: 'if' }> | { op: 'if'; condition: Condition; block: RawLevel; line: number };

function newLevel(kind: Ctx, modifier: LocationModifier, name: string, regex: RegExp | null, line: number): RawLevel {
  return {
    kind, modifier, name, regex, line, proxyPass: null, redirect: undefined, redirects: null,
    cookieDomains: undefined, cookiePaths: undefined, cookieFlags: undefined, setHeaders: null,
    hide: null, pass: null, script: [], locations: [], limitExcept: null,
  };
}

/**
 * Compile a PCRE pattern as nginx does (`ngx_regex_compile`: PCRE2 with no options but caseless for
 * `~*`), into a JavaScript RegExp over byte strings (core/pcre.ts). A failure is nginx's
 * "pcre2_compile() failed" error; a construct JS cannot run exactly is refused as unsupported.
 *
 * @example
 * compileRegex('^/(?P<x>[[:alpha:]]+)', false, 1, 'location').exec('/ab')?.groups // { x: 'ab' }
 */
export function compileRegex(src: string, caseless: boolean, line: number, directive: string): RegExp {
  try {
    return new RegExp(...pcreToJs(src, { caseless }));
  } catch (e) {
    const why = (e as Error).message;
    throw new ConfigError(line, directive, e instanceof PcreError && e.unsupported ? `${why}: "${src}"` : `pcre2_compile() failed: ${why} in "${src}"`);
  }
}

const FLAG_DIRECTIVES = new Set(['absolute_redirect', 'server_name_in_redirect', 'port_in_redirect', 'proxy_pass_request_headers', 'merge_slashes', 'underscores_in_headers', 'ignore_invalid_headers']);

/** Directives accepted silently: they change nothing this model answers. */
const QUIET = new Set([
  'proxy_connect_timeout', 'proxy_read_timeout', 'proxy_send_timeout', 'proxy_buffering', 'proxy_buffers',
  'proxy_buffer_size', 'proxy_busy_buffers_size', 'access_log', 'error_log', 'root', 'index', 'client_max_body_size',
  'keepalive_timeout', 'server_tokens', 'add_header', 'proxy_intercept_errors', 'proxy_next_upstream',
]);

const IF_ALLOWED = new Set(['proxy_pass', 'rewrite', 'return', 'set', 'break']);

function flagValue(d: Directive): boolean {
  if (d.args.length !== 1) throw new ConfigError(d.line, d.name, `invalid number of arguments in "${d.name}" directive`);
  const v = lowerName(d.args[0]);
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new ConfigError(d.line, d.name, `invalid value "${d.args[0]}" in "${d.name}" directive, it must be "on" or "off"`);
}

function parseUpstreams(top: readonly Directive[], warnings: string[]): Map<string, Upstream> {
  const out = new Map<string, Upstream>();
  for (const d of top) {
    if (d.name !== 'upstream') continue;
    if (!d.block || d.args.length !== 1) throw new ConfigError(d.line, d.name, `invalid number of arguments in "upstream" directive`);
    const name = d.args[0];
    // keyed by its bytes, as a proxy_pass host (also one evaluated per request) names it
    const key = lowerName(toBinary(name));
    if (out.has(key)) throw new ConfigError(d.line, d.name, `duplicate upstream "${name}"`);
    const servers: string[] = [];
    for (const s of d.block) {
      if (s.name === 'server') {
        if (s.args.length < 1) throw new ConfigError(s.line, s.name, `invalid number of arguments in "server" directive`);
        servers.push(s.args[0]);
      } else warnings.push(`line ${s.line}: "${s.name}" in upstream "${name}" is accepted but not modelled`);
    }
    if (servers.length === 0) throw new ConfigError(d.line, d.name, `no servers are inside upstream`);
    out.set(key, { name: toBinary(name), servers, line: d.line });
  }
  return out;
}

/** Collect `set` variables and regex named captures: nginx declares them config-wide. */
function declaredVariables(ds: readonly Directive[], out: Set<string>): Set<string> {
  for (const d of ds) {
    if (d.name === 'set' && d.args[0]?.startsWith('$')) out.add(lowerName(d.args[0].slice(1)));
    for (const a of d.args) for (const m of a.matchAll(/\(\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/g)) out.add(lowerName(m[1] ?? m[2]));
    if (d.block) declaredVariables(d.block, out);
  }
  return out;
}

interface Builder {
  /** Each level's own proxy_hide_header / proxy_pass_header lists, inherited independently. */
  lists: WeakMap<LocConf, { readonly hide: readonly string[]; readonly pass: readonly string[] }>;
  upstreams: Map<string, Upstream>;
  declared: Set<string>;
  warnings: string[];
  serverNames: string[];
  listen: { port: number; ssl: boolean }[];
  underscores?: boolean;
  ignoreInvalid?: boolean;
}

/**
 * A complex value of a directive: its text parts are the UTF-8 bytes nginx holds (the source stays
 * as written); an ASCII value is returned as compiled.
 */
function cv(b: Builder, d: Directive, text: string): ComplexValue {
  return bytesValue(compileComplex(text, d.line, d.name, b.declared));
}

function bytesValue(v: ComplexValue): ComplexValue {
  if (isAscii(v.source)) return v;
  const parts = v.parts.map((p) => (p.kind === 'text' ? { kind: 'text' as const, text: toBinary(p.text) } : p));
  return { source: v.source, parts, literal: v.literal === null ? null : toBinary(v.literal) };
}

function nargs(d: Directive, min: number, max: number): void {
  if (d.args.length < min || d.args.length > max) {
    throw new ConfigError(d.line, d.name, `invalid number of arguments in "${d.name}" directive`);
  }
}

function readCondition(b: Builder, d: Directive): Condition {
  // `if` arguments arrive as words: "($var", "=", "x)" or "($var)"
  const words = [...d.args];
  if (!words.length || !words[0].startsWith('(') || !words[words.length - 1].endsWith(')')) {
    throw new ConfigError(d.line, 'if', `invalid condition "${words.join(' ')}"`);
  }
  words[0] = words[0].slice(1);
  words[words.length - 1] = words[words.length - 1].slice(0, -1);
  const parts = words.filter((w, i) => w !== '' || (i > 0 && i < words.length - 1));
  if (parts.length === 2 && /^!?-[fdex]$/.test(parts[0])) return { kind: 'unknown', text: d.args.join(' ') };
  if (parts.length === 2 || parts.length === 0) throw new ConfigError(d.line, 'if', `invalid condition "${parts[0] ?? ''}"`);
  if (parts.length === 1 && parts[0].startsWith('$')) return { kind: 'var', value: cv(b, d, parts[0]) };
  if (parts.length === 3 && parts[0].startsWith('$')) {
    const op = parts[1];
    const value = cv(b, d, parts[0]);
    if (op === '=' || op === '!=') return { kind: 'eq', value, other: cv(b, d, parts[2]), negate: op === '!=' };
    if (op === '~' || op === '~*' || op === '!~' || op === '!~*') {
      return { kind: 'match', value, regex: compileRegex(parts[2], op.endsWith('*'), d.line, 'if'), negate: op.startsWith('!') };
    }
  }
  return { kind: 'unknown', text: d.args.join(' ') };
}

function readRewrite(b: Builder, d: Directive): RawOp {
  nargs(d, 2, 3);
  const regex = compileRegex(d.args[0], false, d.line, 'rewrite');
  const flagText = d.args[2];
  let flag: 'last' | 'break' | 'redirect' | 'permanent' | null = null;
  if (flagText !== undefined) {
    if (flagText === 'last' || flagText === 'break' || flagText === 'redirect' || flagText === 'permanent') flag = flagText;
    else throw new ConfigError(d.line, 'rewrite', `invalid parameter "${flagText}"`);
  }
  let repl = d.args[1];
  const external = startsWithIgnoreCase(repl, 'http://') || startsWithIgnoreCase(repl, 'https://') || repl.startsWith('$scheme');
  // a trailing "?" is removed and tells nginx not to append the request's arguments
  const addArgs = !repl.endsWith('?');
  if (!addArgs) repl = repl.slice(0, -1);
  const status = flag === 'permanent' ? 301 : external || flag === 'redirect' ? 302 : 0;
  const replacement = cv(b, d, repl);
  const [path, args] = splitArgs(replacement);
  return { op: 'rewrite', regex, replacement, path, args, flag, status, addArgs, line: d.line };
}

/** A complex value of these parts (a literal one when they are all text). */
function partsValue(source: string, parts: ValuePart[]): ComplexValue {
  const text = parts.every((p) => p.kind === 'text');
  return { source, parts, literal: text ? parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') : null };
}

/**
 * A rewrite replacement cut at its first literal `?`: the URI part, and the arguments part (null
 * when there is no `?`), so that the run time evaluates each on its own.
 */
function splitArgs(value: ComplexValue): [ComplexValue, ComplexValue | null] {
  const parts = value.parts;
  const i = parts.findIndex((p) => p.kind === 'text' && p.text.includes('?'));
  if (i < 0) return [value, null];
  const text = (parts[i] as { text: string }).text;
  const q = text.indexOf('?');
  const before: ValuePart[] = q > 0 ? [...parts.slice(0, i), { kind: 'text', text: text.slice(0, q) }] : parts.slice(0, i);
  const after: ValuePart[] = q + 1 < text.length ? [{ kind: 'text', text: text.slice(q + 1) }, ...parts.slice(i + 1)] : parts.slice(i + 1);
  const s = value.source.indexOf('?');
  return [partsValue(value.source.slice(0, s), before), partsValue(value.source.slice(s + 1), after)];
}

function readReturn(b: Builder, d: Directive): RawOp {
  nargs(d, 1, 2);
  const first = d.args[0];
  if (d.args.length === 1 && !DIGITS.test(first)) {
    if (startsWithIgnoreCase(first, 'http://') || startsWithIgnoreCase(first, 'https://') || first.startsWith('$scheme')) {
      const text = cv(b, d, first);
      return { op: 'return', code: 302, text, location: text, line: d.line };
    }
    throw new ConfigError(d.line, 'return', `invalid return code "${first}"`);
  }
  if (!DIGITS.test(first) || Number(first) > 999) throw new ConfigError(d.line, 'return', `invalid return code "${first}"`);
  const code = Number(first);
  const text = d.args.length > 1 ? cv(b, d, d.args[1]) : null;
  // a redirect code's text is the Location (none: an empty one); any other code's is the body
  const redirect = code === 301 || code === 302 || code === 303 || code === 307 || code === 308;
  return { op: 'return', code, text, location: redirect ? text ?? freezeLit('') : null, line: d.line };
}

function cookieRule(b: Builder, d: Directive, domain: boolean): CookieRule {
  let [pat, rep] = d.args;
  if (pat.startsWith('~')) {
    let caseless = domain;
    pat = pat.slice(1);
    if (!domain && pat.startsWith('*')) {
      caseless = true;
      pat = pat.slice(1);
    }
    return { regex: compileRegex(pat, caseless, d.line, d.name), pattern: null, replacement: cv(b, d, rep), line: d.line };
  }
  if (domain) {
    // nginx drops one leading dot from a plain domain pattern and its replacement
    if (pat.startsWith('.')) pat = pat.slice(1);
    if (rep.startsWith('.')) rep = rep.slice(1);
  }
  return { regex: null, pattern: cv(b, d, pat), replacement: cv(b, d, rep), line: d.line };
}

function readBlock(b: Builder, level: RawLevel, ds: readonly Directive[], ctx: Ctx): void {
  const seen = new Set<string>();
  const dup = (d: Directive): void => {
    if (seen.has(d.name)) throw new ConfigError(d.line, d.name, `"${d.name}" directive is duplicate`);
    seen.add(d.name);
  };
  const notHere = (d: Directive): never => {
    throw new ConfigError(d.line, d.name, `"${d.name}" directive is not allowed here`);
  };
  for (const d of ds) {
    const name = d.name;
    if (d.block && !['location', 'if', 'limit_except', 'upstream'].includes(name)) {
      b.warnings.push(`line ${d.line}: block "${name}" is accepted but not modelled`);
      continue;
    }
    if (ctx === 'if' && !IF_ALLOWED.has(name)) {
      if (KNOWN.has(name)) notHere(d);
      b.warnings.push(`line ${d.line}: "${name}" is accepted but not modelled`);
      continue;
    }
    switch (name) {
      case 'upstream':
        if (ctx !== 'server') notHere(d);
        break; // collected beforehand: nginx keeps upstream blocks at http level
      case 'server_name':
        if (ctx !== 'server') notHere(d);
        nargs(d, 1, Infinity);
        for (const a of d.args) {
          if ((a[0] === '*' && (a.length < 3 || a[1] !== '.')) || (a[0] === '.' && a.length < 2)) {
            throw new ConfigError(d.line, name, `server name "${a}" is invalid`);
          }
          if (a === '~') throw new ConfigError(d.line, name, `empty regex in server name "${a}"`);
          // nginx lower-cases every name but a regex (which keeps its "~" in $server_name)
          // ($server_name and server_name_in_redirect give its bytes)
          b.serverNames.push(toBinary(a.startsWith('~') ? a : lowerName(a)));
        }
        break;
      case 'listen': {
        if (ctx !== 'server') notHere(d);
        nargs(d, 1, Infinity);
        const addr = d.args[0];
        // (a port alone: the optional address part is empty)
        const m = /^(?:\[[^\]]*\]|[^:]*:)?([0-9]+)$/.exec(addr);
        const port = m ? Number(m[1]) : 80;
        if (m && (port < 1 || port > 65535)) throw new ConfigError(d.line, name, `invalid port in "${addr}" of the "listen" directive`);
        b.listen.push({ port, ssl: d.args.slice(1).includes('ssl') });
        break;
      }
      case 'location': {
        if (ctx !== 'server' && ctx !== 'location') notHere(d);
        if (!d.block) throw new ConfigError(d.line, name, `directive "location" has no opening "{"`);
        level.locations.push(readLocation(b, level, d));
        break;
      }
      case 'limit_except': {
        if (ctx !== 'location') notHere(d);
        if (!d.block) throw new ConfigError(d.line, name, `directive "limit_except" has no opening "{"`);
        nargs(d, 1, Infinity);
        if (level.limitExcept) throw new ConfigError(d.line, name, `"limit_except" directive is duplicate`);
        const methods = new Set<string>();
        for (const m of d.args) {
          const u = m.toUpperCase();
          if (!/^(GET|HEAD|POST|PUT|DELETE|MKCOL|COPY|MOVE|OPTIONS|PROPFIND|PROPPATCH|LOCK|UNLOCK|PATCH)$/.test(u)) {
            throw new ConfigError(d.line, name, `invalid method "${m}"`);
          }
          methods.add(u);
          if (u === 'GET') methods.add('HEAD');
        }
        const sub = newLevel('limit_except', '', '', null, d.line);
        readBlock(b, sub, d.block, 'limit_except');
        level.limitExcept = { methods, level: sub };
        break;
      }
      case 'if': {
        if (ctx !== 'server' && ctx !== 'location') notHere(d);
        if (!d.block) throw new ConfigError(d.line, name, `directive "if" has no opening "{"`);
        const condition = readCondition(b, d);
        const sub = newLevel('if', '', '', null, d.line);
        sub.parentKind = ctx;
        readBlock(b, sub, d.block, 'if');
        level.script.push({ op: 'if', condition, block: sub, line: d.line });
        break;
      }
      case 'proxy_pass': {
        if (ctx === 'server' || (ctx === 'if' && level.parentKind === 'server')) notHere(d);
        nargs(d, 1, 1);
        if (level.proxyPass) throw new ConfigError(d.line, name, `"proxy_pass" directive is duplicate`);
        level.proxyPass = readProxyPass(b, level, d);
        break;
      }
      case 'proxy_redirect': {
        if (ctx === 'limit_except') notHere(d);
        nargs(d, 1, 2);
        if (level.redirect === false) throw new ConfigError(d.line, name, `"proxy_redirect" directive is duplicate`);
        level.redirect = true;
        const [a, r] = d.args;
        if (d.args.length === 1) {
          if (a === 'off') {
            if (level.redirects) throw new ConfigError(d.line, name, `"proxy_redirect" directive is duplicate`);
            level.redirect = false;
            break;
          }
          if (a !== 'default') throw new ConfigError(d.line, name, `invalid parameter "${a}"`);
          const pp = level.proxyPass;
          if (pp && pp.value) throw new ConfigError(d.line, name, `"proxy_redirect default" cannot be used with "proxy_pass" directive with variables`);
          if (!pp || level.kind === 'server') throw new ConfigError(d.line, name, `"proxy_redirect default" should be placed after the "proxy_pass" directive`);
          (level.redirects ??= []).push(defaultRedirect(pp, level, d.line));
          break;
        }
        let rule: RedirectRule;
        if (a.startsWith('~')) {
          const caseless = a.startsWith('~*');
          rule = { regex: compileRegex(a.slice(caseless ? 2 : 1), caseless, d.line, name), pattern: null, replacement: cv(b, d, r), line: d.line };
        } else {
          rule = { regex: null, pattern: cv(b, d, a), replacement: cv(b, d, r), line: d.line };
        }
        (level.redirects ??= []).push(rule);
        break;
      }
      case 'proxy_cookie_domain':
      case 'proxy_cookie_path':
      case 'proxy_cookie_flags': {
        if (ctx === 'limit_except') notHere(d);
        const flags = name === 'proxy_cookie_flags';
        nargs(d, 1, flags ? 4 : 2);
        const key = flags ? 'cookieFlags' : name === 'proxy_cookie_domain' ? 'cookieDomains' : 'cookiePaths';
        if (level[key] === null) throw new ConfigError(d.line, name, `"${name}" directive is duplicate`);
        if (d.args.length === 1) {
          if (d.args[0] !== 'off') throw new ConfigError(d.line, name, `invalid parameter "${d.args[0]}"`);
          if (level[key] !== undefined) throw new ConfigError(d.line, name, `"${name}" directive is duplicate`);
          level[key] = null;
          break;
        }
        const sel = d.args[0];
        const rule: CookieRule | CookieFlagsRule = !flags
          ? cookieRule(b, d, name === 'proxy_cookie_domain')
          : sel.startsWith('~')
            ? { regex: compileRegex(sel.slice(1), true, d.line, name), selector: null, flags: d.args.slice(1).map((f) => cv(b, d, f)), line: d.line }
            : { regex: null, selector: cv(b, d, sel), flags: d.args.slice(1).map((f) => cv(b, d, f)), line: d.line };
        ((level[key] ??= []) as (CookieRule | CookieFlagsRule)[]).push(rule);
        break;
      }
      case 'proxy_set_header':
        if (ctx === 'limit_except') notHere(d);
        nargs(d, 2, 2);
        (level.setHeaders ??= []).push([d.args[0], cv(b, d, d.args[1])]);
        break;
      case 'proxy_hide_header':
      case 'proxy_pass_header':
        if (ctx === 'limit_except') notHere(d);
        nargs(d, 1, 1);
        if (name === 'proxy_hide_header') (level.hide ??= []).push(lowerName(d.args[0]));
        else (level.pass ??= []).push(lowerName(d.args[0]));
        break;
      case 'proxy_http_version':
        if (ctx === 'limit_except') notHere(d);
        nargs(d, 1, 1);
        dup(d);
        if (d.args[0] !== '1.0' && d.args[0] !== '1.1') throw new ConfigError(d.line, name, `invalid value "${d.args[0]}"`);
        level.httpVersion = d.args[0];
        break;
      case 'absolute_redirect':
      case 'server_name_in_redirect':
      case 'port_in_redirect':
      case 'proxy_pass_request_headers':
      case 'merge_slashes':
      case 'underscores_in_headers':
      case 'ignore_invalid_headers': {
        if (ctx === 'limit_except' && name !== 'absolute_redirect') notHere(d);
        if ((name === 'merge_slashes' || name === 'underscores_in_headers' || name === 'ignore_invalid_headers') && ctx !== 'server') notHere(d);
        dup(d);
        const v = flagValue(d);
        if (name === 'absolute_redirect') level.absoluteRedirect = v;
        else if (name === 'server_name_in_redirect') level.serverNameInRedirect = v;
        else if (name === 'port_in_redirect') level.portInRedirect = v;
        else if (name === 'proxy_pass_request_headers') level.passRequestHeaders = v;
        else if (name === 'merge_slashes') level.mergeSlashes = v;
        else if (name === 'underscores_in_headers') b.underscores = v;
        else b.ignoreInvalid = v;
        break;
      }
      case 'rewrite':
        if (ctx === 'limit_except') notHere(d);
        level.script.push(readRewrite(b, d));
        break;
      case 'return':
        if (ctx === 'limit_except') notHere(d);
        level.script.push(readReturn(b, d));
        break;
      case 'set': {
        if (ctx === 'limit_except') notHere(d);
        nargs(d, 2, 2);
        if (!d.args[0].startsWith('$')) throw new ConfigError(d.line, name, `invalid variable name "${d.args[0]}"`);
        if (FIXED_VARIABLES.has(lowerName(d.args[0].slice(1)))) throw new ConfigError(d.line, name, `the duplicate "${d.args[0].slice(1)}" variable`);
        level.script.push({ op: 'set', name: lowerName(d.args[0].slice(1)), value: cv(b, d, d.args[1]), line: d.line });
        break;
      }
      case 'break':
        if (ctx === 'limit_except') notHere(d);
        nargs(d, 0, 0);
        level.script.push({ op: 'break', line: d.line });
        break;
      default:
        if (!QUIET.has(name)) b.warnings.push(`line ${d.line}: "${name}" is accepted but not modelled`);
    }
  }
}

const KNOWN = new Set([
  'server_name', 'listen', 'location', 'limit_except', 'if', 'proxy_redirect', 'proxy_cookie_domain', 'proxy_cookie_path',
  'proxy_cookie_flags', 'proxy_set_header', 'proxy_hide_header', 'proxy_pass_header', 'proxy_http_version', ...FLAG_DIRECTIVES,
]);

function readProxyPass(b: Builder, level: RawLevel, d: Directive): ProxyPass {
  const url = d.args[0];
  if (url.indexOf('$') >= 0) {
    return {
      url, line: d.line, value: cv(b, d, url), scheme: 'http', proxyHost: '', proxyPort: '', uri: null, upstream: null, authority: '',
    };
  }
  // the URL's bytes: its URI part is sent as they are, its host may name an upstream block
  const parsed = parseProxyUrl(toBinary(url), b.upstreams);
  if (typeof parsed === 'string') throw new ConfigError(d.line, 'proxy_pass', fromBinary(parsed));
  const noPrefix = level.kind === 'if' || level.kind === 'limit_except' || level.modifier === '~' || level.modifier === '~*' || level.modifier === '@';
  if (noPrefix && parsed.uri) {
    throw new ConfigError(d.line, 'proxy_pass', '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block');
  }
  // (the authority only serves forward.url: kept as text)
  return { url, line: d.line, value: null, ...parsed, authority: fromBinary(parsed.authority) };
}

/** nginx's location name as proxy_pass sees it: "" for regex, named, if and limit_except. */
function locationNameOf(level: RawLevel): string {
  if (level.kind !== 'location') return '';
  if (level.modifier === '~' || level.modifier === '~*' || level.modifier === '@') return '';
  return level.name;
}

function defaultRedirect(pp: ProxyPass, level: RawLevel, line: number): RedirectRule {
  // `default` = proxy_pass text (+ "/" without a URI part) -> location name (or "/")
  const url = toBinary(pp.url);
  if (pp.uri) return { regex: null, pattern: freezeLit(url), replacement: freezeLit(locationNameOf(level)), line };
  return { regex: null, pattern: freezeLit(url + '/'), replacement: freezeLit('/'), line };
}

function readLocation(b: Builder, parent: RawLevel, d: Directive): RawLevel {
  let modifier: LocationModifier = '';
  let name: string;
  if (d.args.length === 2) {
    const m = d.args[0];
    if (m !== '=' && m !== '^~' && m !== '~' && m !== '~*') throw new ConfigError(d.line, 'location', `invalid location modifier "${m}"`);
    modifier = m;
    name = d.args[1];
  } else if (d.args.length === 1) {
    const a = d.args[0];
    // a modifier written against the name: "=/x", "^~/x", "~*\.php$", "~\.php$" (a name must follow)
    const m = /^(=|\^~|~\*?)(.+)/s.exec(a);
    name = m ? m[2] : a;
    modifier = m ? (m[1] as LocationModifier) : a.startsWith('@') ? '@' : '';
  } else throw new ConfigError(d.line, 'location', `invalid number of arguments in "location" directive`);
  const regex = modifier === '~' || modifier === '~*' ? compileRegex(name, modifier === '~*', d.line, 'location') : null;
  // nginx compares location names with the request's URI as bytes
  const bytes = toBinary(name);
  const outer = fromBinary(parent.name);
  if (parent.kind === 'location') {
    if (parent.modifier === '=') throw new ConfigError(d.line, 'location', `location "${name}" cannot be inside the exact location "${outer}"`);
    if (parent.modifier === '@') throw new ConfigError(d.line, 'location', `location "${name}" cannot be inside the named location "${outer}"`);
    if (modifier === '@') throw new ConfigError(d.line, 'location', `named location "${name}" can be on the server level only`);
    if (!regex && !bytes.startsWith(parent.name)) throw new ConfigError(d.line, 'location', `location "${name}" is outside location "${outer}"`);
  }
  if (!regex) {
    for (const sib of parent.locations) {
      if (sib.regex || modifier === '@') continue;
      const sameKind = (sib.modifier === '=') === (modifier === '=') || sib.modifier === '@';
      if (sib.name === bytes && sameKind) throw new ConfigError(d.line, 'location', `duplicate location "${name}"`);
    }
  }
  const level = newLevel('location', modifier, bytes, regex, d.line);
  readBlock(b, level, d.block ?? [], 'location');
  return level;
}

function freezeLit(s: string): ComplexValue {
  return { source: s, parts: s ? [{ kind: 'text', text: s }] : [], literal: s };
}

const DEFAULT_HEADERS_CV: readonly (readonly [string, ComplexValue])[] = DEFAULT_SET_HEADERS.map(([n, v]) => [
  n,
  v.startsWith('$') ? { source: v, parts: [{ kind: 'var', name: v.slice(1) }], literal: null } : freezeLit(v),
] as const);

/** A set header, flagged when its value is `$proxy_internal_body_length` alone (sent only with a body). */
function setHeader([name, value]: readonly [string, ComplexValue]): readonly [string, ComplexValue, true?] {
  const p = value.parts;
  return p.length === 1 && p[0].kind === 'var' && p[0].name === 'proxy_internal_body_length' ? [name, value, true] : [name, value];
}

function mergeLevel(raw: RawLevel, parent: LocConf | null, b: Builder): LocConf {
  // proxy_pass: own; an `if` / `limit_except` block without one uses its location's (noname rule)
  let proxyPass = raw.proxyPass;
  let locationName = locationNameOf(raw);
  if (!proxyPass && (raw.kind === 'if' || raw.kind === 'limit_except') && parent) {
    proxyPass = parent.proxyPass;
    locationName = parent.locationName;
  }
  const redirectFlag = raw.redirect ?? (parent ? parent.redirects !== OFF_REDIRECTS : true);
  let redirects: readonly RedirectRule[];
  if (!redirectFlag) redirects = OFF_REDIRECTS;
  else {
    let own: readonly RedirectRule[] | null = raw.redirects;
    if (!own && parent && parent.redirects !== OFF_REDIRECTS && parent.redirects.length) own = parent.redirects;
    if (!own && raw.proxyPass && !raw.proxyPass.value) own = [defaultRedirect(raw.proxyPass, raw, raw.proxyPass.line)];
    redirects = own ?? [];
  }
  const inherit = <T>(own: T[] | null | undefined, prev: readonly T[] | undefined): readonly T[] =>
    own === undefined ? prev ?? [] : own === null ? [] : own;

  let setHeaders: readonly (readonly [string, ComplexValue, true?])[];
  if (raw.setHeaders === null && parent) setHeaders = parent.setHeaders;
  else {
    const list: (readonly [string, ComplexValue])[] = [...(raw.setHeaders ?? [])];
    const names = new Set(list.map(([n]) => lowerName(n)));
    for (const [n, v] of DEFAULT_HEADERS_CV) if (!names.has(lowerName(n))) list.push([n, v]);
    setHeaders = list.map(setHeader);
  }

  // proxy_hide_header and proxy_pass_header are inherited independently
  const inherited = parent ? b.lists.get(parent) : undefined;
  const hideList = raw.hide ?? inherited?.hide ?? [];
  const passList = raw.pass ?? inherited?.pass ?? [];
  const hide = new Set<string>([...DEFAULT_HIDE_HEADERS, ...hideList]);
  for (const p of passList) hide.delete(p);

  const cookieDomains = inherit(raw.cookieDomains, parent?.cookieDomains);
  const cookiePaths = inherit(raw.cookiePaths, parent?.cookiePaths);
  const cookieFlags = inherit(raw.cookieFlags, parent?.cookieFlags);
  const conf: LocConf = {
    kind: raw.kind === 'server' ? 'server' : raw.kind,
    modifier: raw.modifier,
    name: raw.name,
    regex: raw.regex,
    line: raw.line,
    proxyPass,
    locationName,
    autoRedirect: raw.kind === 'location' && raw.proxyPass !== null && raw.name.endsWith('/') && !raw.regex && raw.modifier !== '@',
    redirects,
    redirectIndex: compileRedirectIndex(redirects),
    regexRules: [...redirects, ...cookieDomains, ...cookiePaths, ...cookieFlags].some((rule) => rule.regex),
    cookieDomains,
    cookiePaths,
    cookieFlags,
    setHeaders,
    hideHeaders: hide,
    hideLengths: [...hide].reduce((m, n) => m | (1 << n.length), 0),
    passHeaders: new Set(passList),
    httpVersion: raw.httpVersion ?? parent?.httpVersion ?? '1.0',
    passRequestHeaders: raw.passRequestHeaders ?? parent?.passRequestHeaders ?? true,
    absoluteRedirect: raw.absoluteRedirect ?? parent?.absoluteRedirect ?? true,
    serverNameInRedirect: raw.serverNameInRedirect ?? parent?.serverNameInRedirect ?? false,
    portInRedirect: raw.portInRedirect ?? parent?.portInRedirect ?? true,
    mergeSlashes: raw.mergeSlashes ?? parent?.mergeSlashes ?? true,
    script: [],
    staticLocations: [],
    regexLocations: [],
    namedLocations: [],
    limitExcept: null,
  };
  b.lists.set(conf, { hide: hideList, pass: passList });
  // children see this level's merged values
  const script: ScriptOp[] = raw.script.map((op) =>
    op.op === 'if' ? { op: 'if', condition: op.condition, block: mergeLevel(op.block, conf, b), line: op.line } : op,
  );
  const statics: LocConf[] = [];
  const regexes: LocConf[] = [];
  const named: LocConf[] = [];
  for (const l of raw.locations) {
    const m = mergeLevel(l, conf, b);
    if (l.modifier === '@') named.push(m);
    else if (l.regex) regexes.push(m);
    else statics.push(m);
  }
  const limitExcept = raw.limitExcept ? { methods: raw.limitExcept.methods, conf: mergeLevel(raw.limitExcept.level, conf, b) } : null;
  Object.assign(conf, { script, staticLocations: statics, regexLocations: regexes, namedLocations: named, limitExcept });
  return conf;
}

/** Marker for `proxy_redirect off` in effect (an empty list that blocks the implicit default). */
const OFF_REDIRECTS: readonly RedirectRule[] = Object.freeze([]);

/**
 * Compile directive text as it stands inside nginx's `server { }` (plus `upstream { }` blocks)
 * into a frozen configuration. Throws `ConfigError` with the line and nginx's reason where
 * `nginx -t` would refuse it.
 *
 * @example
 * const conf = compileNginx('location /app/ { proxy_pass http://127.0.0.1:8081/; }')
 * conf.server.staticLocations[0].proxyPass?.uri // '/'
 */
export function compileNginx(text: string): NginxConfig {
  const top = parseNginxText(text);
  const warnings: string[] = [];
  const b: Builder = {
    upstreams: parseUpstreams(top, warnings),
    declared: declaredVariables(top, new Set()),
    lists: new WeakMap(),
    warnings,
    serverNames: [],
    listen: [],
  };
  const root = newLevel('server', '', '', null, 1);
  readBlock(b, root, top, 'server');
  const server = mergeLevel(root, null, b);
  const first = b.serverNames[0] ?? '';
  return freezeTable({
    serverNames: b.serverNames,
    serverName: first.startsWith('.') ? first.slice(1) : first,
    listen: b.listen,
    underscoresInHeaders: b.underscores ?? false,
    ignoreInvalidHeaders: b.ignoreInvalid ?? true,
    upstreams: b.upstreams,
    server,
    warnings,
  });
}
