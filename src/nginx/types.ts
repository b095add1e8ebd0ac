// The compiled nginx configuration. Names follow nginx's own vocabulary (loc_conf, proxy_pass,
// proxy_redirect, complex values, captures). nginx holds its configuration as bytes: every text the
// request or response side compares or sends (location names, complex values' text, proxy_pass
// parts, server and upstream names) is the byte string of its UTF-8 (core/bytes.ts), and regexes
// match byte strings (pcre.ts); an ASCII configuration is unchanged by this.

/** One piece of a complex value: literal text, a variable, or a regex capture (`$1`..`$9`). */
export type ValuePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'capture'; readonly index: number };

/** An nginx "complex value": text that may hold variables, evaluated per request (to bytes). */
export interface ComplexValue {
  /** The text as written in the configuration (its parts and literal are bytes). */
  readonly source: string;
  readonly parts: readonly ValuePart[];
  /** The value when it has no variables (then evaluating it is free). */
  readonly literal: string | null;
}

/** A parsed `proxy_pass` argument (its parts as bytes). */
export interface ProxyPass {
  /** The argument exactly as written (text). */
  readonly url: string;
  readonly line: number;
  /** Set when the argument holds variables: then everything is evaluated per request. */
  readonly value: ComplexValue | null;
  readonly scheme: 'http' | 'https';
  /** `$proxy_host`: host as written, `:port` kept when it is not the scheme's default. */
  readonly proxyHost: string;
  /** `$proxy_port`. */
  readonly proxyPort: string;
  /** The URI part (from the first `/` or `?` after the authority), or null when there is none. */
  readonly uri: string | null;
  /** The `upstream { }` block the host names, if any. */
  readonly upstream: string | null;
  /** The authority used in `forward.url`: host[:port] as written, or the upstream's name (text). */
  readonly authority: string;
}

/** One `proxy_redirect` rule (explicit, or the expanded `default`). */
export interface RedirectRule {
  readonly regex: RegExp | null;
  /** Plain rule: the prefix to match (complex value). */
  readonly pattern: ComplexValue | null;
  readonly replacement: ComplexValue;
  readonly line: number;
}

/**
 * The leading plain rules of a proxy_redirect list (a literal ASCII prefix, no regex, no variable),
 * built by the compiler (redirect-index.ts): the rule nginx's scan takes among them is found with
 * one lookup per prefix length instead of one test per rule.
 */
export interface RedirectIndex {
  /** How many rules the index holds: the list's first ones; the scan goes on from there. */
  readonly plain: number;
  /**
   * One group per prefix length, longest first: the length, the places whose chars make a value's
   * key (prefixKey), and each key's rule (a prefix an earlier rule's prefix starts is left out).
   */
  readonly groups: readonly (readonly [length: number, at: readonly number[], keys: ReadonlyMap<number, number>])[];
}

/** One `proxy_cookie_domain` / `proxy_cookie_path` rule. */
export interface CookieRule {
  readonly regex: RegExp | null;
  readonly pattern: ComplexValue | null;
  readonly replacement: ComplexValue;
  readonly line: number;
}

/** One `proxy_cookie_flags` directive. */
export interface CookieFlagsRule {
  readonly regex: RegExp | null;
  readonly selector: ComplexValue | null;
  readonly flags: readonly ComplexValue[];
  readonly line: number;
}

/** An `if (...)` condition of the rewrite module. */
export type Condition =
  | { readonly kind: 'var'; readonly value: ComplexValue }
  /** `=` and (negated) `!=`. */
  | { readonly kind: 'eq'; readonly value: ComplexValue; readonly other: ComplexValue; readonly negate: boolean }
  | { readonly kind: 'match'; readonly value: ComplexValue; readonly regex: RegExp; readonly negate: boolean }
  | { readonly kind: 'unknown'; readonly text: string };

/** A rewrite-module instruction, run in order in the server or location rewrite phase. */
export type ScriptOp =
  | {
      readonly op: 'rewrite';
      readonly regex: RegExp;
      readonly replacement: ComplexValue;
      /** The replacement up to its first literal `?`: the new URI (or the redirect's path). */
      readonly path: ComplexValue;
      /** The replacement after that `?`: the new arguments; null when it has none. */
      readonly args: ComplexValue | null;
      readonly flag: 'last' | 'break' | 'redirect' | 'permanent' | null;
      /**
       * The redirect status it answers: 301 (`permanent`), 302 (`redirect`, or a replacement that
       * starts with `http://`, `https://` or `$scheme`); 0 for an internal rewrite.
       */
      readonly status: 0 | 301 | 302;
      /** False when the replacement ended with `?` (removed): the request's args are dropped. */
      readonly addArgs: boolean;
      readonly line: number;
    }
  | {
      readonly op: 'return';
      readonly code: number;
      readonly text: ComplexValue | null;
      /** The Location of a redirect code (301, 302, 303, 307, 308): the text, or "" without one. */
      readonly location: ComplexValue | null;
      readonly line: number;
    }
  | { readonly op: 'set'; readonly name: string; readonly value: ComplexValue; readonly line: number }
  | { readonly op: 'break'; readonly line: number }
  | { readonly op: 'if'; readonly condition: Condition; readonly block: LocConf; readonly line: number };

export type LocationModifier = '' | '=' | '^~' | '~' | '~*' | '@';

/** A location's merged configuration (nginx merges every level into its children at load time). */
export interface LocConf {
  /** `server`, `location`, `if` or `limit_except`. */
  readonly kind: 'server' | 'location' | 'if' | 'limit_except';
  readonly modifier: LocationModifier;
  /** The location name without its modifier (`/x/`, the regex text, `@name`), as bytes. */
  readonly name: string;
  readonly regex: RegExp | null;
  readonly line: number;
  /** proxy_pass in effect here (own, or inherited by an `if` / `limit_except` block). */
  readonly proxyPass: ProxyPass | null;
  /** The location name that proxy_pass replaces ("" for regex / named locations). */
  readonly locationName: string;
  /** A prefix location ending in `/` with proxy_pass: `/x` answers 301 to `/x/`. */
  readonly autoRedirect: boolean;
  readonly redirects: readonly RedirectRule[];
  /** The leading plain rules of `redirects` indexed (derived by the compiler). */
  readonly redirectIndex: RedirectIndex | null;
  /**
   * Whether a proxy_redirect or proxy_cookie_* rule here is a regex: its match sets captures, so a
   * per-value map works on a copy of the request's variables.
   */
  readonly regexRules: boolean;
  readonly cookieDomains: readonly CookieRule[];
  readonly cookiePaths: readonly CookieRule[];
  readonly cookieFlags: readonly CookieFlagsRule[];
  /**
   * The request headers nginx sets: configured `proxy_set_header` first, then the defaults. A
   * value that is `$proxy_internal_body_length` alone is flagged: the request body's length.
   */
  readonly setHeaders: readonly (readonly [name: string, value: ComplexValue, bodyLength?: true])[];
  /** Lower-cased response header names hidden from the client. */
  readonly hideHeaders: ReadonlySet<string>;
  /** Bit n (mod 32) set when a hidden name has n chars: a name of another length needs no lookup. */
  readonly hideLengths: number;
  /** Lower-cased names of `proxy_pass_header` (Date / Server special case). */
  readonly passHeaders: ReadonlySet<string>;
  readonly httpVersion: '1.0' | '1.1';
  readonly passRequestHeaders: boolean;
  readonly absoluteRedirect: boolean;
  readonly serverNameInRedirect: boolean;
  readonly portInRedirect: boolean;
  readonly mergeSlashes: boolean;
  /** Rewrite-module instructions of this level (never inherited). */
  readonly script: readonly ScriptOp[];
  /** Nested prefix / exact / `^~` locations, in configuration order. */
  readonly staticLocations: readonly LocConf[];
  /** Nested regex locations, in configuration order. */
  readonly regexLocations: readonly LocConf[];
  /** Nested named locations. */
  readonly namedLocations: readonly LocConf[];
  /** `limit_except` block: methods it does not restrict, and its configuration. */
  readonly limitExcept: { readonly methods: ReadonlySet<string>; readonly conf: LocConf } | null;
}

/** An `upstream { }` block. */
export interface Upstream {
  readonly name: string;
  /** `server` addresses in order. */
  readonly servers: readonly string[];
  readonly line: number;
}

/** A compiled `server { }` block. Frozen. */
export interface NginxConfig {
  /** `server_name` values in order (bytes). */
  readonly serverNames: readonly string[];
  /** `$server_name`: the first name, a leading dot removed ("" when none). */
  readonly serverName: string;
  /** The `listen` ports in order (empty: nginx's default 80). */
  readonly listen: readonly { readonly port: number; readonly ssl: boolean }[];
  readonly underscoresInHeaders: boolean;
  readonly ignoreInvalidHeaders: boolean;
  readonly upstreams: ReadonlyMap<string, Upstream>;
  /** The server level: its script, its locations and the settings they inherit. */
  readonly server: LocConf;
  /** Directives accepted but not modelled. */
  readonly warnings: readonly string[];
}
