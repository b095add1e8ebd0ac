// Set-Cookie rewriting since nginx 1.19.3 (ngx_http_proxy_rewrite_cookie): split on every ";",
// run proxy_cookie_domain / proxy_cookie_path on Domain / Path values, proxy_cookie_flags on the
// attributes, and re-serialise with "; " only when something applied.
import { equalsIgnoreCase } from '../core/ascii.js';
import { trimHeaderValue } from './binary.js';
import { applyRules } from './redirect.js';
import type { CookieFlagsRule, CookieRule } from './types.js';
import { evaluate, execRegex, type RequestVars } from './variables.js';

/** The cookie rules in effect for one location. */
export interface CookieRules {
  readonly cookieDomains: readonly CookieRule[];
  readonly cookiePaths: readonly CookieRule[];
  readonly cookieFlags: readonly CookieFlagsRule[];
}

interface Attr {
  key: string | null; // null: deleted
  value: string | null; // null: no "="
}

/** The `;` pieces: spaces (0x20) around each name and each value dropped; no `=`, no value (null). */
function parseCookie(v: string): Attr[] {
  return v.split(';').map((piece) => {
    const eq = piece.indexOf('=');
    return eq < 0
      ? { key: trimHeaderValue(piece), value: null }
      : { key: trimHeaderValue(piece.slice(0, eq)), value: trimHeaderValue(piece.slice(eq + 1)) };
  });
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

function editFlags(attrs: Attr[], flags: number): void {
  for (let i = 1; i < attrs.length; i++) {
    const a = attrs[i];
    const key = a.key!;
    // secure: bits 1 (add) and 2 (remove); httponly: bits 4 and 8
    const on = equalsIgnoreCase(key, 'secure') ? 1 : equalsIgnoreCase(key, 'httponly') ? 4 : 0;
    if (on) {
      if (flags & on) flags &= ~on;
      else if (flags & (on << 1)) a.key = null;
    } else if (equalsIgnoreCase(key, 'samesite')) {
      const want = sameSite(flags);
      if (want >= 0) {
        flags &= ~(16 << want);
        if (a.value === null || !equalsIgnoreCase(a.value, SAME_SITE[want])) {
          a.key = 'SameSite';
          a.value = SAME_SITE[want];
        }
      } else if (flags & 128) a.key = null;
    }
  }
  if (flags & 1) attrs.push({ key: 'Secure', value: null });
  if (flags & 4) attrs.push({ key: 'HttpOnly', value: null });
  const want = sameSite(flags);
  if (want >= 0) attrs.push({ key: 'SameSite', value: SAME_SITE[want] });
}

/**
 * Rewrite one Set-Cookie value with proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags.
 * Returns the same string when nothing applied (byte-exact), otherwise nginx's re-serialisation.
 *
 * @example
 * // proxy_cookie_path /two/ /;
 * applyProxyCookie(rules, 'a=1; Path=/two/x;', vars) // 'a=1; Path=/x; '
 */
export function applyProxyCookie(rules: CookieRules, value: string, vars: RequestVars): string {
  if (!rules.cookieDomains.length && !rules.cookiePaths.length && !rules.cookieFlags.length) return value;
  const attrs = parseCookie(value);
  if (attrs[0].value === null) return value;
  let changed = false;
  for (let i = 1; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.value === null) continue;
    const domain = equalsIgnoreCase(a.key!, 'domain');
    const list = domain ? rules.cookieDomains : equalsIgnoreCase(a.key!, 'path') ? rules.cookiePaths : null;
    const v = list?.length ? applyRules(list, a.value, vars, domain) : null;
    if (v !== null) {
      a.value = v;
      changed = true;
    }
  }
  if (rules.cookieFlags.length) {
    const f = flagsFor(attrs[0].key!, rules.cookieFlags, vars);
    if (f) {
      editFlags(attrs, f);
      changed = true;
    }
  }
  // the name=value piece is never removed: every kept piece after it follows a "; "
  return changed ? attrs.filter((a) => a.key !== null).map((a) => (a.value === null ? a.key : `${a.key}=${a.value}`)).join('; ') : value;
}
