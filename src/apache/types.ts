import type { ReverseIndex } from './compiled-location.js';
import type { ForwardIndex } from './compiled-forward.js';
import type { WorkerList } from './worker.js';

// The compiled Apache rule table. Field names follow mod_proxy's own vocabulary: every rule is a
// (`fake`, `real`) pair, where `fake` is the public side and `real` the backend side.

/** `UseCanonicalName` values. */
export type UseCanonicalName = 'On' | 'Off' | 'DNS';

/** `AllowEncodedSlashes` values. */
export type AllowEncodedSlashes = 'On' | 'Off' | 'NoDecode';

/** `ProxyVia` values. */
export type ProxyVia = 'Off' | 'On' | 'Full' | 'Block';

/** A `ProxyPass` / `ProxyPassMatch` rule (mod_proxy `struct proxy_alias`). */
export interface ProxyPassRule {
  readonly directive: 'ProxyPass' | 'ProxyPassMatch';
  /** Public side as written: a path prefix, or the regex text. */
  readonly fake: string;
  /** Backend URL as written (after the `unix:/path|` prefix is dropped); `'!'` for an exclusion. */
  readonly real: string;
  /**
   * `fake` as the bytes httpd compares with the request (UTF-8, one char per byte, see
   * core/bytes.ts); only when it differs from `fake` (non-ASCII text).
   */
  readonly fakeBytes?: string;
  /** `real` as bytes (UTF-8, one char per byte); only when it differs from `real`. */
  readonly realBytes?: string;
  /**
   * Compiled when the rule is a regex: ProxyPassMatch, `ProxyPass ~`, or a glob `<Location>`. Built
   * from the bytes of the pattern and run on the bytes of the request (PCRE without UTF: `.` is one
   * byte), with httpd's default DOTALL and DOLLAR_ENDONLY (flag `s`).
   */
  readonly regex: RegExp | null;
  /** The socket path of a `unix:/path|url` target, else null. */
  readonly socket: string | null;
  /** `real === '!'`. */
  readonly exclude: boolean;
  readonly nocanon: boolean;
  readonly interpolate: boolean;
  readonly noquery: boolean;
  /** `mapping=encoded` / `mapping=servlet`: matched in the pre-translate phase. */
  readonly mapping: 'none' | 'encoded' | 'servlet';
  /** Other key=value parameters (worker parameters), kept for reference. */
  readonly params: Readonly<Record<string, string>>;
  /** 1-based line in the configuration. */
  readonly line: number;
}

/** A `ProxyPassReverse` entry. Matches `real` in the header value, substitutes `fake`. */
export interface ReverseRule {
  readonly fake: string;
  readonly real: string;
  readonly interpolate: boolean;
  readonly line: number;
}

/** A `ProxyPassReverseCookiePath` / `...CookieDomain` entry. Matches `fake`, substitutes `real`. */
export interface CookieRule {
  readonly fake: string;
  readonly real: string;
  readonly interpolate: boolean;
  readonly line: number;
}

/** Per-directory settings: set at vhost level, overridden by matching `<Location>` sections. */
export interface DirSettings {
  useCanonicalName?: UseCanonicalName;
  useCanonicalPhysicalPort?: boolean;
  proxyPreserveHost?: boolean;
  proxyAddHeaders?: boolean;
  proxyPassInterpolateEnv?: boolean;
}

/** A `<Location>` or `<LocationMatch>` section. */
export interface LocationSection {
  readonly kind: 'Location' | 'LocationMatch';
  /** The section argument exactly as written. */
  readonly path: string;
  /** `path` as bytes (UTF-8, one char per byte); only when it differs from `path`. */
  readonly pathBytes?: string;
  /** For `<LocationMatch>` and glob `<Location>` paths: how the location walk matches (on bytes). */
  readonly match: RegExp | null;
  /** The one ProxyPass of the section (a later one replaces an earlier one). */
  readonly proxyPass: ProxyPassRule | null;
  readonly reverse: readonly ReverseRule[];
  /** `reverse` compiled into a prefix index (same first match as the scan); built by compileApache. */
  readonly reverseIndex?: ReverseIndex;
  readonly cookiePath: readonly CookieRule[];
  readonly cookieDomain: readonly CookieRule[];
  readonly settings: Readonly<DirSettings>;
  readonly line: number;
}

/** A `BalancerMember`, with its worker name normalised as mod_proxy does. */
export interface BalancerMember {
  /** Scheme and host lower-cased, default port removed, path kept as written. */
  readonly name: string;
  /** `name` as bytes (UTF-8, one char per byte), the form the request side builds URLs from; only when it differs. */
  readonly nameBytes?: string;
  /** `disablereuse=On` / `enablereuse=Off` / `addressttl=0`: its connections are not reused (`Connection: close`). */
  readonly disableReuse?: boolean;
  /** `upgrade=`: the protocols it may upgrade to. */
  readonly upgrade?: string;
  /** `responsefieldsize=`: the longest backend header line it reads, when not the default 8192. */
  readonly responseFieldSize?: number;
  readonly line: number;
}

/**
 * A `<Proxy>` or `<ProxyMatch>` section. mod_proxy's proxy_walk merges it when it matches the
 * backend URL the ProxyPass rule built (before canonicalisation): a plain prefix, an fnmatch glob
 * (`*` and `?` cross `/`), or the regex.
 */
export interface ProxySection {
  readonly kind: 'Proxy' | 'ProxyMatch';
  /** The section argument as written (a leading `proxy:` dropped, as mod_proxy does). */
  readonly path: string;
  /** `path` as bytes (UTF-8, one char per byte); only when it differs from `path`. */
  readonly pathBytes?: string;
  /** The `<ProxyMatch>` regex (on bytes), else null. */
  readonly match: RegExp | null;
  /** The per-directory settings it sets (ProxyPreserveHost, UseCanonicalName, ...). */
  readonly settings: Readonly<DirSettings>;
  /**
   * It holds a directive of httpd's core module (Options, LimitRequestBody, UseCanonicalName,
   * `<IfModule>` ...): only then does merging it reset `AllowEncodedSlashes NoDecode` to Off, as core's
   * per-directory merge copies the flag from a section that has core settings at all (observed).
   */
  readonly core: boolean;
  readonly line: number;
}

/** A `<Proxy balancer://name>` balancer. */
export interface Balancer {
  /** Lower-cased balancer name (the part after `balancer://`). */
  readonly name: string;
  readonly members: readonly BalancerMember[];
}

/** The parsed `ServerName`. */
export interface ServerName {
  /** `'https'` when written as `https://...`. */
  readonly scheme: 'http' | 'https' | null;
  /** Host exactly as written (case kept). */
  readonly host: string;
  /** Port from `host:port`; `0` when none was written. */
  readonly port: number;
}

/** A `SetEnvIf Request_URI regex VAR=value` rule (only what mod_proxy reads: `no-proxy`, interpolation). */
export interface SetEnvRule {
  readonly attribute: string;
  /** Built from the bytes of the pattern, run on the bytes of the request path. */
  readonly regex: RegExp;
  /** Names and values as bytes (UTF-8, one char per byte): the request side sets them. `null` unsets. */
  readonly set: ReadonlyArray<readonly [name: string, value: string | null]>;
  readonly line: number;
}

/** The compiled configuration of one virtual host. Immutable. */
export interface ApacheConfig {
  readonly serverName: ServerName | null;
  readonly serverAliases: readonly string[];
  readonly proxyVia: ProxyVia;
  readonly allowEncodedSlashes: AllowEncodedSlashes;
  readonly mergeSlashes: boolean;
  /** Server-level ProxyPass / ProxyPassMatch rules in config order. */
  readonly proxyPass: readonly ProxyPassRule[];
  /**
   * `proxyPass` compiled into candidate lists (same first match as the scan); built by compileApache
   * and loadApacheTable, non-enumerable (never serialized). A table built by hand without it gets
   * one per request.
   */
  readonly forwardIndex?: ForwardIndex;
  /** Server-level ProxyPassReverse entries in config order. */
  readonly reverse: readonly ReverseRule[];
  /** `reverse` compiled into a prefix index (same first match as the scan); built by compileApache. */
  readonly reverseIndex?: ReverseIndex;
  readonly cookiePath: readonly CookieRule[];
  readonly cookieDomain: readonly CookieRule[];
  readonly locations: readonly LocationSection[];
  /** `<Proxy>` / `<ProxyMatch>` sections in configuration order. */
  readonly proxySections: readonly ProxySection[];
  readonly balancers: ReadonlyMap<string, Balancer>;
  /**
   * The workers the ProxyPass rules define (connection reuse decides the `Connection` header), with
   * their lookup index riding on the list (non-enumerable, rebuilt by loadApacheTable).
   */
  readonly workers: WorkerList;
  readonly setEnv: readonly SetEnvRule[];
  /** Vhost-level per-directory settings. */
  readonly settings: Readonly<DirSettings>;
  /** Directives accepted but not modelled, and other notes. */
  readonly warnings: readonly string[];
}

/** The per-directory settings in force for one request, after the location walk. */
export interface EffectiveSettings {
  readonly useCanonicalName: UseCanonicalName;
  readonly useCanonicalPhysicalPort: boolean;
  readonly proxyPreserveHost: boolean;
  readonly proxyAddHeaders: boolean;
  readonly proxyPassInterpolateEnv: boolean;
  /** NoDecode is reset to Off by any matching section (mod_proxy quirk, see docs/apache.md). */
  readonly allowEncodedSlashes: AllowEncodedSlashes;
}
