// Apache directive text (as it stands inside <VirtualHost>) -> the immutable rule table of types.ts.
// Checks are those `apachectl -t` makes for the directives modelled here (mod_proxy.c add_pass,
// add_pass_reverse, cookie_path/domain; core.c server_hostname_port; the FLAG and TAKEn arities).

import { equalsIgnoreCase, isSpaceCode, lowerAscii, trimSpace } from '../core/ascii.js';
import { toByteString } from '../core/bytes.js';
import { ConfigError } from '../core/errors.js';
import { PcreError, pcreToJs } from '../core/pcre.js';
import type {
  AllowEncodedSlashes,
  ApacheConfig,
  Balancer,
  BalancerMember,
  CookieRule,
  DirSettings,
  LocationSection,
  ProxyPassRule,
  ProxySection,
  ProxyVia,
  ReverseRule,
  ServerName,
  SetEnvRule,
  UseCanonicalName,
} from './types.js';
import { defineWorker, findWorker, indexWorkers, type WorkerList, type WorkerParams } from './worker.js';
import { LINE_LIMIT } from './context.js';
import { compileReverseIndex } from './compiled-location.js';
import { withForwardIndex } from './compiled-forward.js';
import { balancerName } from './url.js';

/** One directive line after continuation joining: name, words, and the raw argument text. */
interface ApacheDirective {
  readonly name: string;
  readonly args: string[];
  readonly raw: string;
  readonly line: number;
}

/** The ConfigError for directive `d`, with httpd's own message. */
function refuse(d: ApacheDirective, message: string): ConfigError {
  return new ConfigError(d.line, d.name, message);
}

/**
 * Reads one configuration word the way `ap_getword_conf` does: leading blanks skipped; a word that
 * starts with `"` or `'` runs to the same quote, where a backslash before that quote escapes it;
 * any other word runs to the next blank.
 */
function readWord(s: string, pos: number): [word: string, next: number] | null {
  const n = s.length;
  while (pos < n && isSpaceCode(s.charCodeAt(pos))) pos++;
  if (pos >= n) return null;
  const q = s[pos];
  if (q === '"' || q === "'") {
    let out = '';
    let i = pos + 1;
    while (i < n && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < n && s[i + 1] === q) i++;
      out += s[i];
      i++;
    }
    // apr skips the closing quote, then any blanks.
    return [out, i < n ? i + 1 : i];
  }
  let i = pos;
  while (i < n && !isSpaceCode(s.charCodeAt(i))) i++;
  return [s.slice(pos, i), i];
}

/** All configuration words of an argument string. */
function splitWords(s: string): string[] {
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const w = readWord(s, pos);
    if (!w) return out;
    out.push(w[0]);
    pos = w[1];
  }
}

/** The modelled directives whose messages carry their name. */
const CANONICAL = (
  'ProxyPass ProxyPassMatch ProxyPassReverse ProxyPassReverseCookiePath ProxyPassReverseCookieDomain BalancerMember ' +
  'ServerName ServerAlias UseCanonicalName UseCanonicalPhysicalPort ProxyPreserveHost ProxyAddHeaders ' +
  'ProxyPassInterpolateEnv ProxyVia AllowEncodedSlashes MergeSlashes SetEnvIf SetEnvIfNoCase'
).split(' ');

/**
 * Splits configuration text into directive lines: a line ending in `\` continues on the next one
 * (ap_cfg_getline), blank lines and lines starting with `#` are skipped.
 */
function readDirectives(text: string): ApacheDirective[] {
  const lines = text.split(/\r?\n/);
  const out: ApacheDirective[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i];
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i];
    }
    // ap_cfg_getline trims C isspace only: a trailing U+00A0 (UTF-8 C2 A0) stays in the last word.
    line = trimSpace(line);
    if (line === '' || line[0] === '#') continue;
    const first = readWord(line, 0);
    if (!first) continue;
    // httpd's messages name a directive as its module spells it (cmd->name), however it was written.
    const name = CANONICAL.find((c) => equalsIgnoreCase(c, first[0])) ?? first[0];
    const raw = trimSpace(line.slice(first[1]));
    out.push({ name, args: splitWords(raw), raw, line: start });
  }
  return out;
}

/** apr_fnmatch_test: does a `<Location>` path hold glob characters? */
export function hasGlob(s: string): boolean {
  let nesting = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '?' || c === '*') return true;
    if (c === '\\') {
      if (++i >= s.length) return false;
    } else if (c === '[') nesting = true;
    else if (c === ']' && nesting) return true;
  }
  return false;
}

/**
 * Compiles a server regex (PCRE2) as a JS RegExp over byte strings (core/pcre.ts), with httpd's
 * default options DOTALL and DOLLAR_ENDONLY (ap_regcomp), caseless for SetEnvIfNoCase. A pattern
 * PCRE2 refuses raises the directive's own message; one JS cannot run exactly is refused as
 * unsupported by passreverse.
 */
function compileRegex(source: string, ignoreCase: boolean, d: ApacheDirective, refusal: string): RegExp {
  try {
    return new RegExp(...pcreToJs(source, { caseless: ignoreCase, dotall: true, dollarEndOnly: true }));
  } catch (e) {
    throw refuse(d, e instanceof PcreError && e.unsupported ? `${e.message}: "${source}"` : refusal);
  }
}

/** Translates an fnmatch glob into an anchored RegExp (for the `<Location>` walk). */
function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += '\\' + glob[++i];
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  // apr_fnmatch with APR_FNM_PATHNAME: the whole URI must match, and '*' stops at '/'.
  return new RegExp(re + '$');
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ajp: 8009,
  fcgi: 8000,
  scgi: 4000,
  uwsgi: 3031,
  h2: 443,
  h2c: 80,
};

/** Default port of a URL scheme, as `ap_proxy_port_of_scheme` knows it (0 when unknown). */
function portOfScheme(scheme: string): number {
  return DEFAULT_PORTS[lowerAscii(scheme)] ?? 0;
}

/**
 * A worker URL normalised as ap_proxy_define_worker_ex does (apr_uri_parse then unparse): scheme and
 * host lower-cased, the default port dropped (another keeps its text), userinfo, path, query and
 * fragment kept. `null` when
 * the URL has no scheme or host ("URL must be absolute!").
 */
export function normalizeWorkerName(url: string): string | null {
  const sep = url.indexOf('://');
  const m = sep > 0 ? WORKER_URL.exec(url.slice(sep + 3)) : null;
  const host = m && lowerAscii(m[2] ?? m[3]);
  const port = m?.[4] ?? '';
  // apr_uri_parse wants digits (or nothing) after the colon, but checks no range.
  if (!host || !/^\d*$/.test(port)) return null;
  const n = +port % 65536;
  const scheme = lowerAscii(url.slice(0, sep));
  // apr_uri_unparse writes the port as it was written (`:08080` stays, so that worker never fits
  // the canonical `:8080` of a request URL: observed), unless it is 0 or the scheme's own.
  return `${scheme}://${m[1] ?? ''}${host.includes(':') ? `[${host}]` : host}${n && n !== portOfScheme(scheme) ? ':' + port : ''}${m[5] ?? ''}`;
}
/**
 * After `scheme://`: [userinfo`@`] host [`:`port] [path]. Userinfo runs to the last `@` of the
 * authority, a bracketed host is followed by the port or nothing, another one ends at the last
 * `:`; the path starts at the first `/`, `?` or `#`.
 */
const WORKER_URL = /^([^/?#]*@)?(?:\[([^\]/?#@]*)\]|(?!\[)([^/?#@]*?))(?::([^/?#:@]*))?([/?#].*)?$/s;

/**
 * Directives a real virtual host carries that change nothing this library models. They are
 * accepted and reported as warnings (lower-case names).
 */
const ACCEPTED_UNMODELLED = new Set(
  (
    'loglevel customlog errorlog transferlog logformat alias aliasmatch scriptalias redirect ' +
    'redirectmatch redirectpermanent redirecttemp documentroot directoryindex options ' +
    'allowoverride require order allow deny satisfy serveradmin proxyrequests proxytimeout ' +
    'proxyset proxystatus proxyerroroverride proxyiobuffersize proxymaxforwards proxyreceivebuffersize ' +
    'proxybadheader proxypassinherit balancerinherit balancerpersist balancergrowth proxysourceaddress ' +
    'proxyremote proxyremotematch proxyblock proxydomain noproxy proxyftpdircharset ' +
    'header requestheader setenv unsetenv passenv setenvifexpr browsermatch browsermatchnocase ' +
    'sethandler addhandler addtype adddefaultcharset defaulttype keepalive keepalivetimeout ' +
    'maxkeepaliverequests timeout hostnamelookups servertokens serversignature limitrequestbody ' +
    'limitrequestfields limitrequestfieldsize limitrequestline httpprotocoloptions ' +
    'traceenable fileetag expiresactive expiresdefault expiresbytype rewriteengine ' +
    'rewriterule rewritecond rewritebase rewritemap rewriteoptions sslengine sslproxyengine ' +
    'sslcertificatefile sslcertificatekeyfile sslproxyverify sslproxycheckpeername ' +
    'sslproxycheckpeercn sslproxycheckpeerexpire authtype authname authuserfile ' +
    'errordocument serverpath contentdigest enablesendfile enablemmap acceptpathinfo ' +
    'remoteipheader remoteiptrustedproxy proxyhtmlenable proxyhtmlurlmap protocols'
  ).split(' '),
);

/** The sections the parser knows, in httpd's spelling (messages name them so). */
const SECTION_TITLES =
  'Location LocationMatch Proxy ProxyMatch Directory DirectoryMatch Files FilesMatch IfModule IfDefine IfVersion If ElseIf Else Limit LimitExcept RequireAll RequireAny RequireNone'.split(' ');
const SECTION_NAMES = new Set(SECTION_TITLES.map(lowerAscii));

interface SectionFrame {
  kind: string; // lower-case section name
  arg: string;
  line: number;
  location?: MutableLocation;
  proxyPath?: string;
  proxy?: MutableProxySection;
}

type MutableProxySection = { -readonly [K in keyof ProxySection]: ProxySection[K] } & { settings: DirSettings };

/**
 * Directives (and sections) of httpd's core module that the compiler accepts in a `<Proxy>`: one of
 * them gives the section core settings, and merging it then resets AllowEncodedSlashes (see
 * ProxySection.core).
 */
const CORE_IN_PROXY = new Set(
  (
    'usecanonicalname usecanonicalphysicalport loglevel errordocument options sethandler adddefaultcharset ' +
    'defaulttype hostnamelookups serversignature limitrequestbody fileetag contentdigest enablesendfile ' +
    'enablemmap acceptpathinfo <if <elseif <else <limit <limitexcept'
  ).split(' '),
);

interface MutableLocation {
  kind: 'Location' | 'LocationMatch';
  path: string;
  pathBytes?: string;
  match: RegExp | null;
  proxyPass: ProxyPassRule | null;
  reverse: ReverseRule[];
  cookiePath: CookieRule[];
  cookieDomain: CookieRule[];
  settings: DirSettings;
  line: number;
}

interface MutableBalancer {
  name: string;
  members: BalancerMember[];
}

/** A section's name as httpd spells it, from its lower-case kind. */
function sectionTitle(kind: string): string {
  return SECTION_TITLES.find((t) => lowerAscii(t) === kind) ?? kind;
}

/** A FLAG directive: the first word must be On or Off, any further words are ignored (invoke_cmd, observed). */
function flag(d: ApacheDirective): boolean {
  const v = d.args[0] ?? '';
  if (equalsIgnoreCase(v, 'on')) return true;
  if (equalsIgnoreCase(v, 'off')) return false;
  throw refuse(d, `${d.name} must be On or Off`);
}

/**
 * A TAKE1 directive with one of `values` (any case); `message` for anything else. A wrong
 * word count (an empty quoted word is none) gets invoke_cmd's message with the help text.
 */
function oneOf<T extends string>(d: ApacheDirective, help: string, values: readonly T[], message: string): T {
  if (d.args.length !== 1 || !d.args[0]) throw refuse(d, `${d.name} takes one argument, ${help}`);
  for (const v of values) if (equalsIgnoreCase(v, d.args[0])) return v;
  throw refuse(d, message);
}

function parseServerName(d: ApacheDirective): ServerName {
  if (d.args.length !== 1 || !d.args[0]) throw refuse(d, 'ServerName takes one argument, The hostname and port of the server');
  const arg = d.args[0];
  if (hasGlob(arg)) {
    throw refuse(d, `Invalid ServerName "${arg}" use ServerAlias to set multiple server names.`);
  }
  let part = arg;
  let scheme: 'http' | 'https' | null = null;
  const sep = arg.indexOf('://');
  if (sep >= 0) {
    // core.c keeps any scheme; only "https" changes ap_http_scheme.
    scheme = lowerAscii(arg.slice(0, sep)) === 'https' ? 'https' : 'http';
    part = arg.slice(sep + 3);
  }
  const colon = part.indexOf(':');
  if (colon < 0) return { scheme, host: part, port: 0 };
  const port = atoi(part.slice(colon + 1));
  if (port <= 0 || port >= 65536) {
    throw refuse(d, `The port number "${arg}" is outside the appropriate range (i.e., 1..65535).`);
  }
  return { scheme, host: part.slice(0, colon), port };
}

/** C atoi: optional blanks and sign, then leading digits; 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1], 10) : 0;
}

/**
 * Compiles Apache directive text, as it would stand inside `<VirtualHost>`, into an immutable rule
 * table. Throws `ConfigError` for what `apachectl -t` refuses.
 *
 * @example
 * const config = compileApache(`
 *   ProxyPass        /app/ http://backend:8080/
 *   ProxyPassReverse /app/ http://backend:8080/
 * `)
 * config.proxyPass[0].real // 'http://backend:8080/'
 */
export function compileApache(text: string): ApacheConfig {
  const warnings: string[] = [];
  let serverName: ServerName | null = null;
  const serverAliases: string[] = [];
  let proxyVia: ProxyVia = 'Off';
  let allowEncodedSlashes: AllowEncodedSlashes = 'Off';
  let mergeSlashes = true;
  const proxyPass: ProxyPassRule[] = [];
  const reverse: ReverseRule[] = [];
  const cookiePath: CookieRule[] = [];
  const cookieDomain: CookieRule[] = [];
  const locations: MutableLocation[] = [];
  const proxySections: MutableProxySection[] = [];
  const balancers = new Map<string, MutableBalancer>();
  const setEnv: SetEnvRule[] = [];
  const settings: DirSettings = {};
  const stack: SectionFrame[] = [];
  // Workers are defined in configuration order, as add_pass meets the rules (server and section
  // rules interleaved, a section's replaced rule included), indexed as they come.
  const workers = indexWorkers([]);

  const warn = (d: ApacheDirective, text: string) => warnings.push(`line ${d.line}: ${text}`);
  const inert = new Map<string, MutableBalancer>();
  const getBalancer = (name: string, map = balancers): MutableBalancer => {
    let b = map.get(name);
    if (!b) {
      b = { name, members: [] };
      map.set(name, b);
    }
    return b;
  };
  const currentLocation = () => inner((f) => f.location)?.location;
  /** The innermost section that gives directives a path (cmd->path): Location, Directory, Files, Proxy. */
  const inner = (test: (f: SectionFrame) => unknown) => [...stack].reverse().find(test);
  const pathSection = () => inner((f) => /^(lo|[dfp])/.test(f.kind));
  const inDirectoryOrFiles = (): string | undefined => {
    for (const f of stack) if (/^[df]/.test(f.kind)) return `<${sectionTitle(f.kind)}>`;
  };
  const serverOnly = (d: ApacheDirective) => {
    const section = pathSection();
    if (section) throw refuse(d, `${d.name} not allowed in <${sectionTitle(section.kind)}> context`);
  };
  const notInDirectory = (d: ApacheDirective) => {
    const where = inDirectoryOrFiles();
    if (where) throw refuse(d, `${d.name} cannot occur within ${where} section`);
  };
  // Per-directory settings go to the innermost section that has a path: a <Location> or <Proxy>
  // section keeps its own; a <Directory> or <Files> never matches a proxied request.
  const dirSettings = (): DirSettings => {
    const f = pathSection();
    return f ? (f.location?.settings ?? f.proxy?.settings ?? {}) : settings;
  };

  for (const d of readDirectives(text)) {
    const lname = lowerAscii(d.name);
    const proxyFrame = pathSection()?.proxy;
    if (proxyFrame && CORE_IN_PROXY.has(lname)) proxyFrame.core = true;

    // Section openers and closers.
    if (lname.startsWith('</')) {
      const kind = lname.slice(2).replace(/>$/, '');
      const top = stack.pop();
      if (!top || top.kind !== kind) {
        throw refuse(d, top ? `Expected </${top.kind}> but saw ${d.name}` : `${d.name} without matching <${kind}> section`);
      }
      if (top.location) locations.push(top.location);
      continue;
    }
    if (lname.startsWith('<')) {
      let kind = lname.slice(1);
      let raw = d.raw;
      if (kind.endsWith('>')) {
        kind = kind.slice(0, -1);
        raw = '>';
      }
      if (!raw.endsWith('>')) throw refuse(d, `${d.name}> directive missing closing '>'`);
      const argText = trimSpace(raw.slice(0, -1));
      if (!SECTION_NAMES.has(kind)) {
        throw refuse(d, `Invalid command '${d.name}', perhaps misspelled or defined by a module not included in the server configuration`);
      }
      const words = splitWords(argText);
      const frame: SectionFrame = { kind, arg: argText, line: d.line };
      if (kind.startsWith('location') || kind.startsWith('proxy')) {
        if (words.length === 0) throw refuse(d, `${d.name}> directive requires additional arguments`);
        const loc = kind[0] === 'l';
        if (loc && currentLocation()) throw refuse(d, `<${sectionTitle(kind)}> cannot occur within <Location> section`);
        let path = words[0];
        let isRegex = kind.endsWith('match');
        // `<Location ~ regex>` is a <LocationMatch>; proxysection drops a leading "proxy:", and a
        // <ProxyMatch> is a regex on the backend URL.
        if (loc && !isRegex && path === '~' && words.length > 1) {
          isRegex = true;
          path = words[1];
        }
        if (!loc && equalsIgnoreCase(path.slice(0, 6), 'proxy:')) path = path.slice(6);
        const bytes = toByteString(path);
        const base = {
          kind: sectionTitle(kind.slice(0, loc ? 8 : 5) + (isRegex ? 'match' : '')),
          path,
          ...(bytes !== path ? { pathBytes: bytes } : {}),
          match: isRegex ? compileRegex(path, false, d, 'Regex could not be compiled') : loc && hasGlob(path) ? globToRegExp(bytes) : null,
          settings: {},
          line: d.line,
        };
        if (loc) frame.location = { ...base, proxyPass: null, reverse: [], cookiePath: [], cookieDomain: [] } as MutableLocation;
        else {
          // cmd->path: the argument without its "proxy:" (what BalancerMember and ProxyPassReverse see).
          frame.proxyPath = path;
          proxySections.push((frame.proxy = { ...base, core: false } as MutableProxySection));
          const bname = isRegex ? null : balancerName(words[0]);
          if (bname) getBalancer(bname);
        }
      } else if (kind !== 'ifmodule' && kind !== 'ifdefine' && kind !== 'ifversion') {
        warn(d, `<${d.name.slice(1)}> section: only proxy directives inside it are modelled`);
      }
      stack.push(frame);
      continue;
    }

    const loc = currentLocation();
    switch (lname) {
      case 'proxypass':
      case 'proxypassmatch': {
        notInDirectory(d);
        const section = pathSection();
        if (section && !section.location) {
          // <Proxy> sections give a path too; a ProxyPass there is stored per directory and never
          // consulted for a request (the location walk does not visit <Proxy>).
          warn(d, `${d.name} inside <${section.kind}> never maps requests`);
          break;
        }
        const rule = parseProxyPass(d, lname === 'proxypassmatch', loc ?? null);
        if (rule.real !== '!') checkTarget(d, rule, balancers, workers);
        if (loc) {
          if (loc.proxyPass) warn(d, `${d.name} replaces the one at line ${loc.proxyPass.line} of this section`);
          loc.proxyPass = rule;
        } else proxyPass.push(rule);
        break;
      }
      case 'proxypassreverse': {
        notInDirectory(d);
        // TAKE123: an empty first word ("") is no argument (invoke_cmd, observed).
        if (!d.args[0] || d.args.length > 3) {
          throw refuse(d, 'ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour');
        }
        const section = pathSection();
        if (!section) {
          const [f, r, i] = d.args;
          if (r === undefined || equalsIgnoreCase(r, 'interpolate')) {
            throw refuse(d, 'ProxyPassReverse needs a path when not defined in a location');
          }
          // Any third word sets interpolate (mod_proxy only tests that it is present).
          reverse.push({ fake: f, real: r, interpolate: i !== undefined, line: d.line });
        } else {
          const [r, i] = d.args;
          if (i !== undefined && !equalsIgnoreCase(i, 'interpolate')) {
            throw refuse(d, 'ProxyPassReverse can not have a path when defined in a location');
          }
          const rule = { fake: section.location?.path ?? section.proxyPath ?? section.arg, real: r, interpolate: i !== undefined, line: d.line };
          if (section.location) section.location.reverse.push(rule);
          else warn(d, `ProxyPassReverse inside <${section.kind}> is not applied here`);
        }
        break;
      }
      case 'proxypassreversecookiepath':
      case 'proxypassreversecookiedomain': {
        // TAKE23: neither of the first two words may be empty (""); an empty third still sets interpolate.
        if (!d.args[0] || !d.args[1] || d.args.length > 3) {
          const what = lname === 'proxypassreversecookiepath' ? 'Path' : 'Domain';
          throw refuse(d, `${d.name} takes two or three arguments, ${what} rewrite rule for proxying cookies`);
        }
        const rule: CookieRule = { fake: d.args[0], real: d.args[1], interpolate: d.args.length === 3, line: d.line };
        const list =
          lname === 'proxypassreversecookiepath' ? (loc ? loc.cookiePath : cookiePath) : loc ? loc.cookieDomain : cookieDomain;
        list.push(rule);
        break;
      }
      case 'balancermember': {
        // add_member: words with `=` are parameters wherever they stand; the others are the
        // balancer (outside a section; inside, the section's path is) and the member URL.
        const words: string[] = [];
        const params: Record<string, string> = Object.create(null);
        for (const w of d.args) {
          const eq = w.indexOf('=');
          if (eq < 0) words.push(w);
          else setParam(params, w.slice(0, eq), w.slice(eq + 1));
        }
        const section = pathSection();
        if (words.length > (section ? 1 : 2)) {
          throw refuse(d, section ? 'BalancerMember can not have a balancer name when defined in a location' : "Invalid BalancerMember parameter. Parameter must be in the form 'key=value'");
        }
        const path = section ? (section.location?.path ?? section.proxyPath ?? section.arg) : words.shift();
        const url = words[0];
        if (!path) throw refuse(d, 'BalancerMember must define balancer name when outside <Proxy > section');
        if (!url) throw refuse(d, 'BalancerMember must define remote proxy server');
        // httpd takes any `scheme://host` as a balancer name (ap_proxy_define_balancer), though
        // only a balancer:// one can be reached from a ProxyPass: the others are refused here.
        // ap_proxy_define_balancer takes any `scheme://x` (lower-cased, cut at the path) as a
        // balancer name. One that is not balancer:// is never consulted by a request (the
        // balancer's pre_request and ProxyPassReverse want that prefix, a worker lookup without a
        // balancer skips its members): kept apart, only for its members' sharing and checks.
        const key = /^[^:]*:\/\/(?=.)[^/]*/s.exec(lowerAscii(path))?.[0];
        if (!key) throw refuse(d, `BalancerMember Bad syntax for a balancer name (${lowerAscii(path)})`);
        const bname = balancerName(path);
        const bal = bname ? getBalancer(bname) : getBalancer(key, inert);
        const target = url.toLowerCase().startsWith('unix:') && url.includes('|') ? url.slice(url.indexOf('|') + 1) : url;
        // A URL an earlier member of this balancer fits shares that worker: no new member, its
        // parameters ignored (AH01149/AH01150, observed). Members are looked up as plain
        // (prefix) workers, by their name only.
        if (findWorker(bal.members as unknown as WorkerList, target, 'prefix')) break;
        const name = normalizeWorkerName(target);
        if (!name) throw refuse(d, `BalancerMember URL must be absolute!: ${url}`);
        const nameBytes = toByteString(name);
        bal.members.push({ name, ...(nameBytes !== name ? { nameBytes } : {}), ...workerParams(d, 'BalancerMember', params), line: d.line });
        break;
      }
      case 'servername':
        serverOnly(d);
        serverName = parseServerName(d);
        break;
      case 'serveralias':
        serverOnly(d);
        serverAliases.push(...d.args);
        break;
      case 'usecanonicalname':
        dirSettings().useCanonicalName = oneOf<UseCanonicalName>(d, 'How to work out the ServerName : Port when constructing URLs', ['On', 'Off', 'DNS'], "parameter must be 'on', 'off', or 'dns'");
        break;
      case 'usecanonicalphysicalport':
        dirSettings().useCanonicalPhysicalPort = flag(d);
        break;
      case 'proxypreservehost':
        dirSettings().proxyPreserveHost = flag(d);
        break;
      case 'proxyaddheaders':
        dirSettings().proxyAddHeaders = flag(d);
        break;
      case 'proxypassinterpolateenv':
        dirSettings().proxyPassInterpolateEnv = flag(d);
        break;
      case 'proxyvia':
        serverOnly(d);
        proxyVia = oneOf<ProxyVia>(d, 'Configure Via: proxy header header to one of: on | off | block | full', ['Off', 'On', 'Full', 'Block'], 'ProxyVia must be one of: off | on | full | block');
        break;
      case 'allowencodedslashes':
        serverOnly(d);
        allowEncodedSlashes = oneOf<AllowEncodedSlashes>(d, "Allow URLs containing '/' encoded as '%2F'", ['On', 'Off', 'NoDecode'], 'AllowEncodedSlashes must be On, Off, or NoDecode');
        break;
      case 'mergeslashes':
        serverOnly(d);
        mergeSlashes = flag(d);
        break;
      case 'setenvif':
      case 'setenvifnocase': {
        // add_setenvif reads words until an empty one: the attribute, the regex, then at least one variable.
        const end = d.args.indexOf('') + 1 || d.args.length + 1;
        if (end < 4) throw refuse(d, `Missing ${['header-field name', 'regular expression', 'envariable expression'][end - 1]} for ${d.name}`);
        const [attribute, pattern, ...sets] = d.args.slice(0, end - 1);
        const regex = compileRegex(pattern, lname === 'setenvifnocase', d, 'Regular expression could not be compiled.');
        if (!equalsIgnoreCase(attribute, 'Request_URI')) {
          warn(d, `${d.name} ${attribute}: only Request_URI is modelled`);
          break;
        }
        setEnv.push({
          attribute,
          regex,
          // ap_getword on '=': the value follows all the '=' after the name; an empty one is no
          // value (`A=` sets 1); `!A` unsets A unless a value follows (`!A=x` sets "!A").
          set: sets.map((w) => {
            const [, name, value] = /^([^=]*)=*(.*)$/s.exec(toByteString(w))!;
            return value ? ([name, value] as const) : name[0] === '!' ? ([name.slice(1), null] as const) : ([name, '1'] as const);
          }),
          line: d.line,
        });
        break;
      }
      default:
        if (ACCEPTED_UNMODELLED.has(lname)) {
          warn(d, `${d.name} changes nothing modelled here`);
          break;
        }
        throw refuse(
          d,
          `Invalid command '${d.name}', perhaps misspelled or defined by a module not included in the server configuration`,
        );
    }
  }
  if (stack.length > 0) {
    const top = stack[stack.length - 1];
    throw new ConfigError(top.line, `<${top.kind}>`, `<${top.kind}> was not closed.`);
  }

  const frozenBalancers = new Map<string, Balancer>();
  for (const [k, b] of balancers) frozenBalancers.set(k, Object.freeze({ name: b.name, members: Object.freeze(b.members) }));

  const frozenLocations: LocationSection[] = locations
    .sort((a, b) => a.line - b.line)
    .map((l) =>
      Object.freeze({
        ...l,
        reverse: Object.freeze(l.reverse),
        reverseIndex: compileReverseIndex(l.reverse, frozenBalancers),
        cookiePath: Object.freeze(l.cookiePath),
        cookieDomain: Object.freeze(l.cookieDomain),
        settings: Object.freeze(l.settings),
      }),
    );

  return Object.freeze(withForwardIndex({
    serverName,
    serverAliases: Object.freeze(serverAliases),
    proxyVia,
    allowEncodedSlashes,
    mergeSlashes,
    proxyPass: Object.freeze(proxyPass),
    reverse: Object.freeze(reverse),
    reverseIndex: compileReverseIndex(reverse, frozenBalancers),
    cookiePath: Object.freeze(cookiePath),
    cookieDomain: Object.freeze(cookieDomain),
    locations: Object.freeze(frozenLocations),
    proxySections: Object.freeze(proxySections.map((p) => Object.freeze({ ...p, settings: Object.freeze(p.settings) }))),
    balancers: frozenBalancers,
    // Workers are defined in configuration order: server rules and section rules interleaved.
    workers: Object.freeze(workers),
    setEnv: Object.freeze(setEnv),
    settings: Object.freeze(settings),
    warnings: Object.freeze(warnings),
  }));
}

/** mod_proxy add_pass: the words of ProxyPass / ProxyPassMatch. */
function parseProxyPass(d: ApacheDirective, isMatch: boolean, section: MutableLocation | null): ProxyPassRule {
  let fake: string | null = section ? section.path : null;
  let real: string | null = null;
  let regex = isMatch;
  let nocanon = false;
  let interpolate = false;
  let noquery = false;
  let mapping: ProxyPassRule['mapping'] = 'none';
  const params: Record<string, string> = Object.create(null);
  for (const word of d.args) {
    if (fake === null) {
      if (word === '~') {
        if (isMatch) throw refuse(d, "ProxyPassMatch invalid syntax ('~' usage).");
        regex = true;
        continue;
      }
      fake = word;
    } else if (real === null) real = word;
    else if (equalsIgnoreCase(word, 'nocanon')) nocanon = true;
    else if (equalsIgnoreCase(word, 'interpolate')) interpolate = true;
    else if (equalsIgnoreCase(word, 'noquery')) noquery = true;
    else {
      const eq = word.indexOf('=');
      if (eq < 0) {
        if (section && real.startsWith('/')) {
          throw refuse(d, 'ProxyPass|ProxyPassMatch can not have a path when defined in a location.');
        }
        throw refuse(d, "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.");
      }
      const key = word.slice(0, eq);
      const val = word.slice(eq + 1);
      if (equalsIgnoreCase(key, 'mapping')) {
        if (equalsIgnoreCase(val, 'encoded')) mapping = 'encoded';
        else if (equalsIgnoreCase(val, 'servlet')) mapping = 'servlet';
        else throw refuse(d, 'unknown mapping');
      } else setParam(params, key, val);
    }
  }
  if (real === null || fake === null) {
    throw refuse(d, 'ProxyPass|ProxyPassMatch needs a path when not defined in a location');
  }
  // unix:/path|http://host/ -> only the part after '|' is the URL (ap_proxy_de_socketfy).
  let socket: string | null = null;
  if (real.length >= 5 && equalsIgnoreCase(real.slice(0, 5), 'unix:')) {
    const bar = real.indexOf('|');
    // Without '|' the whole "unix:..." string stays the URL, and the worker check refuses it.
    if (bar >= 0) {
      socket = real.slice(5, bar);
      real = real.slice(bar + 1);
    }
  }
  // In a section, a glob path turns the rule into a regex built from the glob text itself.
  if (section && hasGlob(fake)) regex = true;
  let compiled: RegExp | null = null;
  if (regex) {
    compiled = compileRegex(fake, false, d, 'Regular expression could not be compiled.');
  }
  const fakeBytes = toByteString(fake);
  const realBytes = toByteString(real);
  return Object.freeze({
    directive: isMatch ? 'ProxyPassMatch' : 'ProxyPass',
    fake,
    real,
    ...(fakeBytes !== fake ? { fakeBytes } : {}),
    ...(realBytes !== real ? { realBytes } : {}),
    regex: compiled,
    socket,
    exclude: real === '!',
    nocanon,
    interpolate,
    noquery,
    mapping,
    params: Object.freeze(params),
    line: d.line,
  }) as ProxyPassRule;
}

/** apr_table_setn: a key given again, in any case, replaces the earlier value in its place. */
function setParam(params: Record<string, string>, key: string, val: string): void {
  params[Object.keys(params).find((k) => equalsIgnoreCase(k, key)) ?? key] = val;
}

/**
 * The worker / balancer checks add_pass makes on the target URL and its parameters, and the worker
 * it defines. A URL that an earlier worker already fits shares it (AH01145): httpd then neither
 * parses the URL again nor reads a single parameter, unknown ones included (AH01146, observed).
 */
function checkTarget(d: ApacheDirective, rule: ProxyPassRule, balancers: Map<string, MutableBalancer>, workers: WorkerList): void {
  const bname = balancerName(rule.real);
  if (bname) {
    if (!balancers.has(bname)) balancers.set(bname, { name: bname, members: [] });
    // set_balancer_param reads every parameter, whether this rule defines the balancer or not.
    checkParams(d, 'ProxyPass', rule.params, BALANCER_CHECKS, 'unknown Balancer parameter');
    return;
  }
  if (findWorker(workers, rule.real, rule.regex ? 'match' : 'prefix')) return;
  // Regex targets may hold $N in the host or port: apr_uri_parse is lenient there.
  const url = rule.regex ? rule.real.replace(/\$\d/g, '') : rule.real;
  const sep = url.indexOf('://');
  const hostless = sep < 0 || /^([/?#]|$)/.test(url.slice(sep + 3));
  // No scheme, or an empty host: "URL must be absolute!"; a host apr_uri_parse refuses: "Unable to
  // parse". A unix: socket target may leave the host out ("unix:/s|http:"): the host is localhost.
  if (rule.socket === null || !hostless) {
    if (hostless || !sep) throw refuse(d, `ProxyPass URL must be absolute!: ${rule.real}`);
    if (!normalizeWorkerName(url)) throw refuse(d, `ProxyPass Unable to parse URL: ${rule.real}`);
  }
  defineWorker(workers, rule, normalizeWorkerName, workerParams(d, 'ProxyPass', rule.params));
}

/** ap_timeout_parameter_parse: microseconds (a number, then `s`, `ms`, `mi`, `h`, or `unit` when none), `null` when refused. */
function timeoutParam(v: string, unit: string): number | null {
  const m = /^[\t-\r ]*[+-]?\d+/.exec(v);
  const u = (m ? v.slice(m[0].length) : v) || unit;
  const k = u[0] === 's' ? 1e6 : u[0] === 'h' ? 36e8 : u[0] === 'm' ? (u[1] === 's' ? 1e3 : u[1] === 'i' ? 6e7 : 0) : 0;
  const t = m ? Number(m[0]) : 0;
  return t < 0 || !k ? null : t * k;
}

/** One parameter check: httpd's message for value `v` (`n` is C's `atoi(v)` as an int), or ''. */
type ParamCheck = (v: string, n: number) => string;
const INT_MAX = 2 ** 31;
const range = (lo: number, hi: number, message: string): ParamCheck => (_, n) => (n < lo || n > hi ? message : '');
const onOff = (what: string): ParamCheck => (v) => (/^(on|off)$/i.test(v) ? '' : `${what} must be On|Off`);
// strlen: the limits count UTF-8 bytes (a 64-byte route of 32 `é` is refused, observed).
const length = (size: number, what: string): ParamCheck => (v) => (toByteString(v).length >= size ? `${what} length must be < ${size} characters` : '');
const time = (unit: string, what: string, least: string, dot = ''): ParamCheck => (v) => {
  const t = timeoutParam(v, unit);
  return t === null ? `${what} has wrong format` : t < 1000 ? `${least} must be at least one millisecond${dot}` : '';
};
const bufferSize = (what: string, long?: boolean): ParamCheck => (v, n) => ((n = long ? atoi(v) : n) < 512 && n ? `${what} must be >= 512 bytes, or 0 for system default.` : '');

/** set_worker_param (mod_proxy.c): the check of each worker parameter, by lower-case key. */
const WORKER_CHECKS = new Map<string, ParamCheck>(Object.entries({
  loadfactor: (v: string) => {
    const f = Math.trunc((parseFloat(v) || 0) * 100);
    return f < 100 || f > 10000 ? 'LoadFactor must be a number between 1..100' : '';
  },
  retry: range(0, INT_MAX, 'Retry must be a positive value'),
  ttl: range(1, INT_MAX, 'TTL must be at least one second'),
  min: range(0, INT_MAX, 'Min must be a positive number'),
  max: range(0, INT_MAX, 'Max must be a positive number'),
  smax: range(0, INT_MAX, 'Smax must be a positive number'),
  acquire: time('ms', 'Acquire timeout', 'Acquire'),
  timeout: range(1, INT_MAX, 'Timeout must be at least one second'),
  iobuffersize: bufferSize('IOBufferSize', true),
  receivebuffersize: bufferSize('ReceiveBufferSize'),
  keepalive: onOff('KeepAlive'),
  disablereuse: onOff('DisableReuse'),
  enablereuse: onOff('EnableReuse'),
  addressttl: (v: string) => {
    const t = timeoutParam(v, 's');
    return v !== '-1' && (t === null || t > 2147483647e6 || t % 1e6) ? 'AddressTTL must be -1 or a number of seconds not exceeding (2147483647)' : '';
  },
  route: length(64, 'Route'),
  redirect: length(64, 'Redirect'),
  // Each letter of ap_proxy_set_wstatus, optionally after `+` or `-`; a sign takes the next
  // character whatever it is (`+`, `H-`, `++H` are refused, observed).
  status: (v: string) => (/^([+-]?[cdefghinorsu])*$/i.test(v) ? '' : 'Unknown status parameter option'),
  flushpackets: (v: string) => (/^(on|off|auto)$/i.test(v) ? '' : 'flushpackets must be on|off|auto'),
  flushwait: range(0, 1000, 'flushwait must be <= 1000, or 0 for system default of 10 millseconds.'),
  ping: time('s', 'Ping/Pong timeout', 'Ping/Pong timeout'),
  lbset: range(0, 99, 'lbset must be between 0 and 99'),
  connectiontimeout: time('s', 'Connectiontimeout', 'Connectiontimeout', '.'),
  flusher: length(16, 'flusher name'),
  upgrade: (v: string) => length(16, 'upgrade protocol')(equalsIgnoreCase(v, 'any') ? '*' : v, 0),
  responsefieldsize: (v: string) => (atoi(v) < 0 ? 'ResponseFieldSize must be greater than 0 bytes, or 0 for system default.' : ''),
  secret: length(64, 'Secret'),
}));

/**
 * set_balancer_param (mod_proxy.c): the check of each balancer parameter. `lbmethod` names a
 * provider of the mod_lbmethod_* modules httpd ships (each must be loaded: the oracle loads
 * byrequests only); the name is case-sensitive (ap_lookup_provider).
 */
const BALANCER_CHECKS = new Map<string, ParamCheck>(Object.entries({
  // A too-long stickysession is cut, not refused (httpd builds the message and drops it).
  stickysession: () => '',
  stickysessionsep: (v: string) => (toByteString(v).length === 1 || equalsIgnoreCase(v, 'off') ? '' : 'stickysessionsep must be a single character or Off'),
  nofailover: onOff('failover'),
  timeout: range(1, INT_MAX, 'timeout must be at least one second'),
  maxattempts: range(0, INT_MAX, 'maximum number of attempts must be a positive number'),
  lbmethod: (v: string) => (/^(byrequests|bytraffic|bybusyness|heartbeat)$/.test(v) ? '' : 'unknown lbmethod'),
  scolonpathdelim: onOff('scolonpathdelim'),
  // apr_strtok on ", ": empty tokens skipped, each read with atoi (`599x` passes), 100..599.
  failonstatus: (v: string) =>
    v.split(/[, ]/).every((s) => !s || ((atoi(s) | 0) >= 100 && (atoi(s) | 0) < 600)) ? '' : 'failonstatus must be one or more HTTP response codes',
  failontimeout: onOff('failontimeout'),
  nonce: (v: string) => (equalsIgnoreCase(v, 'none') || toByteString(v).length < 37 ? '' : 'Provided nonce is too large'),
  growth: range(1, 100, 'growth must be between 1 and 100'),
  forcerecovery: onOff('forcerecovery'),
}));

/**
 * httpd's message (after `prefix`) for the first parameter `checks` refuses, in table order (a key
 * given twice keeps its last value in its first place), or for the first unknown key.
 */
function checkParams(d: ApacheDirective, prefix: string, params: Readonly<Record<string, string>>, checks: Map<string, ParamCheck>, unknown: string): void {
  for (const key of Object.keys(params)) {
    const v = params[key];
    const check = checks.get(lowerAscii(key));
    const e = check ? check(v, atoi(v) | 0) : unknown;
    if (e) throw refuse(d, `${prefix} ${e}`);
  }
}

/**
 * set_worker_param (mod_proxy.c) on the parameters of a line that defines a new worker: httpd's
 * message for the first value it refuses (after `prefix`), else what they set. Values are read
 * with C's atoi / atol / atof; later keys replaced earlier ones (apr_table_setn).
 */
function workerParams(d: ApacheDirective, prefix: string, params: Readonly<Record<string, string>>): WorkerParams {
  checkParams(d, prefix, params, WORKER_CHECKS, 'unknown Worker parameter');
  const out: WorkerParams = {};
  let ttl0 = false;
  for (const key of Object.keys(params)) {
    const v = params[key];
    const on = equalsIgnoreCase(v, 'on');
    switch (lowerAscii(key)) {
      case 'disablereuse':
        out.disableReuse = on;
        break;
      case 'enablereuse':
        out.disableReuse = !on;
        break;
      case 'addressttl':
        ttl0 = timeoutParam(v, 's') === 0;
        break;
      case 'upgrade':
        out.upgrade = equalsIgnoreCase(v, 'any') ? '*' : v;
        break;
      case 'responsefieldsize': {
        const s = atoi(v);
        if (s && s !== LINE_LIMIT) out.responseFieldSize = s;
      }
    }
  }
  // addressttl=0: the address is never reused, and so are no connections, whatever was asked.
  if (ttl0) out.disableReuse = true;
  return out;
}
