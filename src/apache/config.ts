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
import { defineWorkers } from './worker.js';
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
    const name = first[0];
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
    throw new ConfigError(d.line, d.name, e instanceof PcreError && e.unsupported ? `${e.message}: "${source}"` : refusal);
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
 * host lower-cased, the default port dropped, userinfo, path, query and fragment kept. `null` when
 * the URL has no scheme or host ("URL must be absolute!").
 */
export function normalizeWorkerName(url: string): string | null {
  const sep = url.indexOf('://');
  if (sep <= 0) return null;
  const scheme = lowerAscii(url.slice(0, sep));
  let rest = url.slice(sep + 3);
  let pathStart = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '/' || c === '?' || c === '#') {
      pathStart = i;
      break;
    }
  }
  let authority = rest.slice(0, pathStart);
  const tail = rest.slice(pathStart);
  let userinfo = '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    userinfo = authority.slice(0, at + 1);
    authority = authority.slice(at + 1);
  }
  let host: string;
  let port = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return null;
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after.startsWith(':')) port = after.slice(1);
    else if (after !== '') return null;
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon >= 0 ? authority.slice(0, colon) : authority;
    port = colon >= 0 ? authority.slice(colon + 1) : '';
  }
  // apr_uri_parse wants digits (or nothing) after the colon, but checks no range.
  if (host === '') return null;
  if (port !== '' && !/^\d+$/.test(port)) return null;
  const portNum = port === '' ? 0 : Number(port) % 65536;
  host = lowerAscii(host);
  const hostOut = host.includes(':') ? `[${host}]` : host;
  const portOut = portNum && portNum !== portOfScheme(scheme) ? `:${portNum}` : '';
  rest = tail;
  return `${scheme}://${userinfo}${hostOut}${portOut}${rest}`;
}

const WORKER_PARAMS = new Set(
  (
    'loadfactor retry ttl min max smax acquire timeout iobuffersize receivebuffersize keepalive ' +
    'disablereuse enablereuse addressttl route redirect status flushpackets flushwait ping lbset ' +
    'connectiontimeout flusher upgrade responsefieldsize secret'
  ).split(' '),
);
const BALANCER_PARAMS = new Set(
  (
    'stickysession stickysessionsep nofailover timeout maxattempts lbmethod scolonpathdelim ' +
    'failonstatus failontimeout nonce growth forcerecovery'
  ).split(' '),
);

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

const SECTION_NAMES = new Set([
  'location',
  'locationmatch',
  'proxy',
  'proxymatch',
  'directory',
  'directorymatch',
  'files',
  'filesmatch',
  'ifmodule',
  'ifdefine',
  'ifversion',
  'if',
  'elseif',
  'else',
  'limit',
  'limitexcept',
  'requireall',
  'requireany',
  'requirenone',
]);

interface SectionFrame {
  kind: string; // lower-case section name
  arg: string;
  line: number;
  location?: MutableLocation;
  balancer?: MutableBalancer | null;
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

const SECTION_TITLES: Readonly<Record<string, string>> = {
  location: 'Location',
  locationmatch: 'LocationMatch',
  proxy: 'Proxy',
  proxymatch: 'ProxyMatch',
  directory: 'Directory',
  directorymatch: 'DirectoryMatch',
  files: 'Files',
  filesmatch: 'FilesMatch',
};

function sectionTitle(kind: string): string {
  return SECTION_TITLES[kind] ?? kind;
}

function flag(d: ApacheDirective): boolean {
  if (d.args.length !== 1) throw new ConfigError(d.line, d.name, `${d.name} takes one argument, must be On or Off`);
  const v = d.args[0];
  if (equalsIgnoreCase(v, 'on')) return true;
  if (equalsIgnoreCase(v, 'off')) return false;
  throw new ConfigError(d.line, d.name, `${d.name} must be On or Off`);
}

function oneOf<T extends string>(d: ApacheDirective, values: readonly T[], message: string): T {
  if (d.args.length !== 1) throw new ConfigError(d.line, d.name, `${d.name} takes one argument, ${message}`);
  for (const v of values) if (equalsIgnoreCase(v, d.args[0])) return v;
  throw new ConfigError(d.line, d.name, message);
}

function parseServerName(d: ApacheDirective): ServerName {
  if (d.args.length !== 1) throw new ConfigError(d.line, d.name, 'ServerName takes one argument, the hostname and port of the server');
  const arg = d.args[0];
  if (hasGlob(arg)) {
    throw new ConfigError(d.line, d.name, `Invalid ServerName "${arg}" use ServerAlias to set multiple server names.`);
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
    throw new ConfigError(d.line, d.name, `The port number "${arg}" is outside the appropriate range (i.e., 1..65535).`);
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

  const getBalancer = (name: string): MutableBalancer => {
    let b = balancers.get(name);
    if (!b) {
      b = { name, members: [] };
      balancers.set(name, b);
    }
    return b;
  };
  const currentLocation = (): MutableLocation | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i].location) return stack[i].location;
    return undefined;
  };
  /** The innermost section that gives directives a path (cmd->path): Location, Directory, Files, Proxy. */
  const pathSection = (): SectionFrame | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const k = stack[i].kind;
      if (k === 'location' || k === 'locationmatch' || k.startsWith('directory') || k.startsWith('files') || k.startsWith('proxy'))
        return stack[i];
    }
    return undefined;
  };
  const inDirectoryOrFiles = (): string | null => {
    for (const f of stack) {
      if (f.kind === 'directory' || f.kind === 'directorymatch') return `<${f.kind === 'directory' ? 'Directory' : 'DirectoryMatch'}>`;
      if (f.kind === 'files' || f.kind === 'filesmatch') return `<${f.kind === 'files' ? 'Files' : 'FilesMatch'}>`;
    }
    return null;
  };
  const serverOnly = (d: ApacheDirective) => {
    const section = pathSection();
    if (section) throw new ConfigError(d.line, d.name, `${d.name} not allowed in <${sectionTitle(section.kind)}> context`);
  };
  const notInDirectory = (d: ApacheDirective) => {
    const where = inDirectoryOrFiles();
    if (where) throw new ConfigError(d.line, d.name, `${d.name} cannot occur within ${where} section`);
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
        throw new ConfigError(d.line, d.name, top ? `Expected </${top.kind}> but saw ${d.name}` : `${d.name} without matching <${kind}> section`);
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
      if (!raw.endsWith('>')) throw new ConfigError(d.line, d.name, `${d.name}> directive missing closing '>'`);
      const argText = trimSpace(raw.slice(0, -1));
      if (!SECTION_NAMES.has(kind)) {
        throw new ConfigError(d.line, d.name, `Invalid command '${d.name}', perhaps misspelled or defined by a module not included in the server configuration`);
      }
      const words = splitWords(argText);
      const frame: SectionFrame = { kind, arg: argText, line: d.line };
      if (kind === 'location' || kind === 'locationmatch') {
        if (words.length === 0) throw new ConfigError(d.line, d.name, `${d.name}> directive requires additional arguments`);
        if (currentLocation()) throw new ConfigError(d.line, d.name, `<${kind === 'location' ? 'Location' : 'LocationMatch'}> cannot occur within <Location> section`);
        let isRegex = kind === 'locationmatch';
        let path = words[0];
        if (!isRegex && path === '~' && words.length > 1) {
          isRegex = true;
          path = words[1];
        }
        let match: RegExp | null = null;
        const bytes = toByteString(path);
        if (isRegex) {
          match = compileRegex(path, false, d, 'Regex could not be compiled');
        } else if (hasGlob(path)) {
          match = globToRegExp(bytes);
        }
        frame.location = {
          kind: isRegex ? 'LocationMatch' : 'Location',
          path,
          ...(bytes !== path ? { pathBytes: bytes } : {}),
          match,
          proxyPass: null,
          reverse: [],
          cookiePath: [],
          cookieDomain: [],
          settings: {},
          line: d.line,
        };
      } else if (kind === 'proxy' || kind === 'proxymatch') {
        if (words.length === 0) throw new ConfigError(d.line, d.name, `${d.name}> directive requires additional arguments`);
        frame.proxyPath = words[0];
        // proxysection: a leading "proxy:" is dropped; <ProxyMatch> is a regex on the backend URL.
        const path = equalsIgnoreCase(words[0].slice(0, 6), 'proxy:') ? words[0].slice(6) : words[0];
        const bytes = toByteString(path);
        let match: RegExp | null = null;
        if (kind === 'proxymatch') {
          match = compileRegex(path, false, d, 'Regex could not be compiled');
        }
        frame.proxy = {
          kind: kind === 'proxy' ? 'Proxy' : 'ProxyMatch',
          path,
          ...(bytes !== path ? { pathBytes: bytes } : {}),
          match,
          settings: {},
          core: false,
          line: d.line,
        };
        proxySections.push(frame.proxy);
        const bname = kind === 'proxy' ? balancerName(words[0]) : null;
        frame.balancer = bname ? getBalancer(bname) : null;
      } else if (kind !== 'ifmodule' && kind !== 'ifdefine' && kind !== 'ifversion') {
        warnings.push(`line ${d.line}: <${d.name.slice(1)}> section: its contents are parsed but only proxy directives inside it are modelled`);
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
          warnings.push(`line ${d.line}: ${d.name} inside <${section.kind}> is never used to map requests`);
          break;
        }
        const rule = parseProxyPass(d, lname === 'proxypassmatch', loc ?? null);
        if (rule.real !== '!') checkTarget(d, rule, balancers);
        if (loc) {
          if (loc.proxyPass) warnings.push(`line ${d.line}: a second ${d.name} in one section replaces the one at line ${loc.proxyPass.line}`);
          loc.proxyPass = rule;
        } else proxyPass.push(rule);
        break;
      }
      case 'proxypassreverse': {
        notInDirectory(d);
        if (d.args.length < 1 || d.args.length > 3) {
          throw new ConfigError(d.line, d.name, 'ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour');
        }
        const section = pathSection();
        if (!section) {
          const [f, r, i] = d.args;
          if (r === undefined || equalsIgnoreCase(r, 'interpolate')) {
            throw new ConfigError(d.line, d.name, 'ProxyPassReverse needs a path when not defined in a location');
          }
          // Any third word sets interpolate (mod_proxy only tests that it is present).
          reverse.push({ fake: f, real: r, interpolate: i !== undefined, line: d.line });
        } else {
          const [r, i] = d.args;
          if (i !== undefined && !equalsIgnoreCase(i, 'interpolate')) {
            throw new ConfigError(d.line, d.name, 'ProxyPassReverse can not have a path when defined in a location');
          }
          const rule = { fake: section.location?.path ?? section.proxyPath ?? section.arg, real: r, interpolate: i !== undefined, line: d.line };
          if (section.location) section.location.reverse.push(rule);
          else warnings.push(`line ${d.line}: ProxyPassReverse inside <${section.kind}> is not applied to responses here`);
        }
        break;
      }
      case 'proxypassreversecookiepath':
      case 'proxypassreversecookiedomain': {
        if (d.args.length < 2 || d.args.length > 3) {
          const what = lname === 'proxypassreversecookiepath' ? 'Path' : 'Domain';
          throw new ConfigError(d.line, d.name, `${d.name} takes two or three arguments, ${what} rewrite rule for proxying cookies`);
        }
        const rule: CookieRule = { fake: d.args[0], real: d.args[1], interpolate: d.args.length === 3, line: d.line };
        const list =
          lname === 'proxypassreversecookiepath' ? (loc ? loc.cookiePath : cookiePath) : loc ? loc.cookieDomain : cookieDomain;
        list.push(rule);
        break;
      }
      case 'balancermember': {
        const frame = [...stack].reverse().find((f) => f.kind === 'proxy');
        let url: string;
        let bal: MutableBalancer | null | undefined;
        let params: string[];
        if (frame) {
          bal = frame.balancer;
          if (!bal) throw new ConfigError(d.line, d.name, `BalancerMember must define balancer name when outside <Proxy > section`);
          if (d.args.length < 1) throw new ConfigError(d.line, d.name, 'BalancerMember must define remote proxy server');
          [url, ...params] = d.args;
        } else {
          if (d.args.length < 2) throw new ConfigError(d.line, d.name, 'BalancerMember must define remote proxy server');
          const bname = balancerName(d.args[0]);
          if (!bname) throw new ConfigError(d.line, d.name, 'BalancerMember must define balancer name when outside <Proxy > section');
          bal = getBalancer(bname);
          [, url = '', ...params] = d.args;
          if (!url) throw new ConfigError(d.line, d.name, 'BalancerMember must define remote proxy server');
        }
        for (const p of params) {
          const eq = p.indexOf('=');
          if (eq < 0) throw new ConfigError(d.line, d.name, 'BalancerMember Invalid parameter. Parameter must be in the form \'key=value\'');
          if (!WORKER_PARAMS.has(lowerAscii(p.slice(0, eq)))) throw new ConfigError(d.line, d.name, 'BalancerMember unknown Worker parameter');
        }
        const target = url.toLowerCase().startsWith('unix:') && url.includes('|') ? url.slice(url.indexOf('|') + 1) : url;
        const name = normalizeWorkerName(target);
        if (!name) throw new ConfigError(d.line, d.name, `BalancerMember URL must be absolute!: ${url}`);
        const nameBytes = toByteString(name);
        bal.members.push(nameBytes !== name ? { name, nameBytes, line: d.line } : { name, line: d.line });
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
        dirSettings().useCanonicalName = oneOf<UseCanonicalName>(d, ['On', 'Off', 'DNS'], "parameter must be 'on', 'off', or 'dns'");
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
        proxyVia = oneOf<ProxyVia>(d, ['Off', 'On', 'Full', 'Block'], 'ProxyVia must be one of: off | on | full | block');
        break;
      case 'allowencodedslashes':
        serverOnly(d);
        {
          if (d.args.length < 1 || d.args.length > 2) throw new ConfigError(d.line, d.name, 'AllowEncodedSlashes takes one argument');
          const v = d.args[0];
          if (equalsIgnoreCase(v, 'on')) allowEncodedSlashes = 'On';
          else if (equalsIgnoreCase(v, 'off')) allowEncodedSlashes = 'Off';
          else if (equalsIgnoreCase(v, 'nodecode')) allowEncodedSlashes = 'NoDecode';
          else throw new ConfigError(d.line, d.name, 'AllowEncodedSlashes must be On, Off, or NoDecode');
        }
        break;
      case 'mergeslashes':
        serverOnly(d);
        mergeSlashes = flag(d);
        break;
      case 'setenvif':
      case 'setenvifnocase': {
        if (d.args.length < 3) throw new ConfigError(d.line, d.name, `${d.name} takes at least three arguments`);
        const [attribute, pattern, ...sets] = d.args;
        const regex = compileRegex(pattern, lname === 'setenvifnocase', d, 'Regular expression could not be compiled.');
        if (!equalsIgnoreCase(attribute, 'Request_URI')) {
          warnings.push(`line ${d.line}: ${d.name} ${attribute}: only Request_URI is modelled`);
          break;
        }
        setEnv.push({
          attribute,
          regex,
          set: sets.map((w) => {
            const s = toByteString(w);
            if (s.startsWith('!')) return [s.slice(1), null] as const;
            const eq = s.indexOf('=');
            return eq < 0 ? ([s, '1'] as const) : ([s.slice(0, eq), s.slice(eq + 1)] as const);
          }),
          line: d.line,
        });
        break;
      }
      default:
        if (ACCEPTED_UNMODELLED.has(lname)) {
          warnings.push(`line ${d.line}: ${d.name} is accepted but changes nothing modelled here`);
          break;
        }
        throw new ConfigError(
          d.line,
          d.name,
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
        kind: l.kind,
        path: l.path,
        ...(l.pathBytes !== undefined ? { pathBytes: l.pathBytes } : {}),
        match: l.match,
        proxyPass: l.proxyPass,
        reverse: Object.freeze(l.reverse),
        reverseIndex: compileReverseIndex(l.reverse, frozenBalancers),
        cookiePath: Object.freeze(l.cookiePath),
        cookieDomain: Object.freeze(l.cookieDomain),
        settings: Object.freeze(l.settings),
        line: l.line,
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
    workers: Object.freeze(
      defineWorkers(
        [...proxyPass, ...frozenLocations.flatMap((l) => (l.proxyPass ? [l.proxyPass] : []))].sort((a, b) => a.line - b.line),
        normalizeWorkerName,
      ),
    ),
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
        if (isMatch) throw new ConfigError(d.line, d.name, "ProxyPassMatch invalid syntax ('~' usage).");
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
          throw new ConfigError(d.line, d.name, 'ProxyPass|ProxyPassMatch can not have a path when defined in a location.');
        }
        throw new ConfigError(d.line, d.name, "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.");
      }
      const key = word.slice(0, eq);
      const val = word.slice(eq + 1);
      if (equalsIgnoreCase(key, 'mapping')) {
        if (equalsIgnoreCase(val, 'encoded')) mapping = 'encoded';
        else if (equalsIgnoreCase(val, 'servlet')) mapping = 'servlet';
        else throw new ConfigError(d.line, d.name, 'unknown mapping');
      } else params[key] = val;
    }
  }
  if (real === null || fake === null) {
    throw new ConfigError(d.line, d.name, 'ProxyPass|ProxyPassMatch needs a path when not defined in a location');
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

/** The worker / balancer checks add_pass makes on the target URL and its parameters. */
function checkTarget(d: ApacheDirective, rule: ProxyPassRule, balancers: Map<string, MutableBalancer>): void {
  const bname = balancerName(rule.real);
  const keys = Object.keys(rule.params);
  if (bname) {
    if (!balancers.has(bname)) balancers.set(bname, { name: bname, members: [] });
    for (const k of keys) {
      if (!BALANCER_PARAMS.has(lowerAscii(k))) throw new ConfigError(d.line, d.name, 'ProxyPass unknown Balancer parameter');
    }
    return;
  }
  for (const k of keys) {
    if (!WORKER_PARAMS.has(lowerAscii(k))) throw new ConfigError(d.line, d.name, 'ProxyPass unknown Worker parameter');
  }
  // Regex targets may hold $N in the host or port: apr_uri_parse is lenient there.
  const url = rule.regex ? rule.real.replace(/\$\d/g, '') : rule.real;
  const sep = url.indexOf('://');
  // No scheme, or an empty host: "URL must be absolute!"; a host apr_uri_parse refuses: "Unable to parse".
  // A unix: socket target may leave the host out ("unix:/s|http:"): the worker host is localhost.
  if (rule.socket !== null && (sep < 0 || /^[/?#]|^$/.test(url.slice(sep + 3)))) return;
  if (sep <= 0 || /^[/?#]|^$/.test(url.slice(sep + 3))) {
    throw new ConfigError(d.line, d.name, `ProxyPass URL must be absolute!: ${rule.real}`);
  }
  if (!normalizeWorkerName(url)) throw new ConfigError(d.line, d.name, `ProxyPass Unable to parse URL: ${rule.real}`);
}
