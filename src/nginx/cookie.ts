// Set-Cookie rewriting since nginx 1.19.3 (ngx_http_proxy_rewrite_cookie): split on every ";",
// run proxy_cookie_domain / proxy_cookie_path on Domain / Path values, proxy_cookie_flags on the
// attributes, and re-serialise with "; " only when something applied. A value already in that
// form, the usual one, is rewritten in place.
import { equalsIgnoreCase, isAscii } from '../core/ascii.js';
import { fromBinary, toBinary, trimHeaderValue } from './binary.js';
import { applyRules } from './redirect.js';
import type { CookieFlagsRule, CookieRule } from './types.js';
import { evaluate, execRegex, type RequestVars } from './variables.js';

/** The cookie rules in effect for one location. */
export interface CookieRules {
  readonly cookieDomains: readonly CookieRule[];
  readonly cookiePaths: readonly CookieRule[];
  readonly cookieFlags: readonly CookieFlagsRule[];
}

/** proxy_cookie_flags values; the flag of the k-th is bit `1 << k` (secure 1, nosecure 2, httponly 4, ...). */
const FLAG_NAMES = ['secure', 'nosecure', 'httponly', 'nohttponly', 'samesite=strict', 'samesite=lax', 'samesite=none', 'nosamesite'];
/** The SameSite values of bits 16, 32, 64. */
const SAME_SITE = ['Strict', 'Lax', 'None'];

/** The SameSite value the flags ask for (Strict before Lax before None), as an index of SAME_SITE; -1 for none. */
function sameSite(flags: number): number {
  return flags & 16 ? 0 : flags & 32 ? 1 : flags & 64 ? 2 : -1;
}

function flagsFor(name: string, rules: readonly CookieFlagsRule[], vars: RequestVars): number {
  // the first rule whose selector is the cookie's name (case-insensitively), or whose regex matches it
  const rule = rules.find((r) => {
    if (!r.regex) return equalsIgnoreCase(evaluate(r.selector!, vars), name);
    const caps = execRegex(r.regex, name, vars);
    if (caps) vars.captures = caps;
    return caps !== null;
  });
  let f = 0;
  for (const cv of rule?.flags ?? []) {
    const v = evaluate(cv, vars);
    const k = v ? FLAG_NAMES.findIndex((n) => equalsIgnoreCase(n, v)) : -1;
    if (k >= 0) f |= 1 << k;
  }
  return f;
}

// A value nginx would serialise as it is: its pieces after "; " and no space around a name or a
// first "=". Any other is first brought to that form (the pieces nginx parses, written back).
const UNSERIALISED = / [;=]|= |;(?! )|  /;
/** A first piece with a "=" (otherwise nginx leaves the value alone). */
const NAME_VALUE = /^[^;]*=/;
/** A Domain or Path value's start (`lastIndex`). */
const DOMAIN_OR_PATH = /; (?:path|domain)=/gi;
const FLAG = /; (secure|httponly|samesite)(?:=([^;]*))?(?=;|$)/gi;
/** A ";" in a rewritten value while the flags are edited: not a piece of its own (> 0xFF: no byte). */
const KEPT_SEMICOLON = '\u0100';

/**
 * One Set-Cookie value through proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags, on
 * its bytes as nginx works. Returns the same string when nothing applied (byte-exact), otherwise
 * nginx's re-serialisation: every piece with its blanks around the name and the value dropped,
 * joined by "; ".
 *
 * @example
 * // proxy_cookie_path /two/ /;
 * nginxCookieLine(conf, 'a=1; Path=/two/x;', vars) // 'a=1; Path=/x; '
 */
export function nginxCookieLine(rules: CookieRules, value: string, vars: RequestVars): string {
  const flagRules = rules.cookieFlags;
  if (!rules.cookieDomains.length && !rules.cookiePaths.length && !flagRules.length) return value;
  let s = toBinary(value);
  if (UNSERIALISED.test(s)) {
    s = s
      .split(';')
      .map((piece) => {
        const eq = piece.indexOf('=');
        return eq < 0 ? trimHeaderValue(piece) : trimHeaderValue(piece.slice(0, eq)) + '=' + trimHeaderValue(piece.slice(eq + 1));
      })
      .join('; ');
  }
  if (!NAME_VALUE.test(s)) return value;
  // each Domain and Path value in order (a value may hold a "=", a name cannot), the result as
  // `out` + s[from, ...); whether the result is its own text
  let out = '';
  let from = 0;
  let ascii = s === value;
  for (DOMAIN_OR_PATH.lastIndex = 0; DOMAIN_OR_PATH.test(s); ) {
    const at = DOMAIN_OR_PATH.lastIndex;
    let end = s.indexOf(';', at);
    if (end < 0) end = s.length;
    // (the name's last letter: h for path)
    const domain = (s.charCodeAt(at - 2) | 32) !== 104;
    const r = applyRules(domain ? rules.cookieDomains : rules.cookiePaths, s, at, end, vars, domain);
    if (r === null) continue;
    out += s.slice(from, at) + (flagRules.length ? r.replaceAll(';', KEPT_SEMICOLON) : r);
    from = end;
    ascii &&= isAscii(r);
  }
  let changed = from > 0;
  out += s.slice(from);
  if (flagRules.length) {
    // decided after the Domain and Path rules, whose regexes may set captures, on the cookie's name
    let f = flagsFor(s.slice(0, s.indexOf('=')), flagRules, vars);
    if (f) {
      changed = true;
      out = out.replace(FLAG, (m, key: string, v?: string) => {
        // secure: bits 1 (add) and 2 (remove); httponly: bits 4 and 8
        const on = key.length < 8 ? 1 : (key.charCodeAt(0) | 32) === 104 ? 4 : 0;
        if (on) {
          if (f & on) f &= ~on;
          else if (f & (on << 1)) return '';
          return m;
        }
        const want = sameSite(f);
        if (want < 0) return f & 128 ? '' : m;
        f &= ~(16 << want);
        return v !== undefined && equalsIgnoreCase(v, SAME_SITE[want]) ? m : '; SameSite=' + SAME_SITE[want];
      });
      if (f & 1) out += '; Secure';
      if (f & 4) out += '; HttpOnly';
      const want = sameSite(f);
      if (want >= 0) out += '; SameSite=' + SAME_SITE[want];
    }
    out = out.replaceAll(KEPT_SEMICOLON, ';');
  }
  return !changed ? value : ascii ? out : fromBinary(out);
}
