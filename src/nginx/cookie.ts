// Set-Cookie rewriting since nginx 1.19.3 (ngx_http_proxy_rewrite_cookie): split on every ";",
// run proxy_cookie_domain / proxy_cookie_path on Domain / Path values, proxy_cookie_flags on the
// attributes, and re-serialise with "; " only when something applied.
import { equalsIgnoreCase } from '../core/ascii.js';
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

function parseCookie(v: string): Attr[] {
  const out: Attr[] = [];
  let start = 0;
  for (;;) {
    let last = v.indexOf(';', start);
    if (last < 0) last = v.length;
    let s = start;
    while (s < last && v.charCodeAt(s) === 32) s++;
    let p = s;
    while (p < last && v[p] !== '=') p++;
    let ne = p;
    while (ne > s && v.charCodeAt(ne - 1) === 32) ne--;
    const key = v.slice(s, ne);
    let value: string | null = null;
    if (p < last) {
      p++;
      while (p < last && v.charCodeAt(p) === 32) p++;
      let e = last;
      while (e > p && v.charCodeAt(e - 1) === 32) e--;
      value = v.slice(p, e);
    }
    out.push({ key, value });
    if (last === v.length) break;
    start = last + 1;
  }
  return out;
}

function rewriteValue(value: string, rules: readonly CookieRule[], vars: RequestVars, domain: boolean): string | null {
  for (const rule of rules) {
    if (rule.regex) {
      const caps = execRegex(rule.regex, value, vars);
      if (!caps) continue;
      vars.captures = caps;
      return evaluate(rule.replacement, vars, caps);
    }
    const pattern = evaluate(rule.pattern!, vars);
    if (domain) {
      // a leading dot is set aside and kept; the rest must equal the pattern, case-insensitively
      const dot = value.startsWith('.') ? 1 : 0;
      const rest = value.slice(dot);
      if (!equalsIgnoreCase(rest, pattern)) continue;
      return value.slice(0, dot) + evaluate(rule.replacement, vars);
    }
    if (!value.startsWith(pattern)) continue;
    return evaluate(rule.replacement, vars) + value.slice(pattern.length);
  }
  return null;
}

const SECURE_ON = 1, SECURE_OFF = 2, HTTPONLY_ON = 4, HTTPONLY_OFF = 8, SS_STRICT = 16, SS_LAX = 32, SS_NONE = 64, SS_OFF = 128;
const FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['secure', SECURE_ON], ['nosecure', SECURE_OFF], ['httponly', HTTPONLY_ON], ['nohttponly', HTTPONLY_OFF],
  ['samesite=strict', SS_STRICT], ['samesite=lax', SS_LAX], ['samesite=none', SS_NONE], ['nosamesite', SS_OFF],
];

function flagsFor(name: string, rules: readonly CookieFlagsRule[], vars: RequestVars): number {
  let rule: CookieFlagsRule | undefined;
  for (const r of rules) {
    if (r.regex) {
      const caps = execRegex(r.regex, name, vars);
      if (caps) {
        vars.captures = caps;
        rule = r;
        break;
      }
      continue;
    }
    if (equalsIgnoreCase(evaluate(r.selector!, vars), name)) {
      rule = r;
      break;
    }
  }
  if (!rule) return 0;
  let f = 0;
  for (const cv of rule.flags) {
    const v = evaluate(cv, vars);
    if (!v) continue;
    for (const [n, m] of FLAG_NAMES) if (equalsIgnoreCase(n, v)) { f |= m; break; }
  }
  return f;
}

function editFlags(attrs: Attr[], flags: number): void {
  for (let i = 1; i < attrs.length; i++) {
    const a = attrs[i];
    const key = a.key!;
    if (equalsIgnoreCase(key, 'secure')) {
      if (flags & SECURE_ON) flags &= ~SECURE_ON;
      else if (flags & SECURE_OFF) a.key = null;
    } else if (equalsIgnoreCase(key, 'httponly')) {
      if (flags & HTTPONLY_ON) flags &= ~HTTPONLY_ON;
      else if (flags & HTTPONLY_OFF) a.key = null;
    } else if (equalsIgnoreCase(key, 'samesite')) {
      const want = flags & SS_STRICT ? 'Strict' : flags & SS_LAX ? 'Lax' : flags & SS_NONE ? 'None' : null;
      if (want) {
        flags &= ~(want === 'Strict' ? SS_STRICT : want === 'Lax' ? SS_LAX : SS_NONE);
        if (a.value === null || !equalsIgnoreCase(a.value, want)) {
          a.key = 'SameSite';
          a.value = want;
        }
      } else if (flags & SS_OFF) a.key = null;
    }
  }
  if (flags & SECURE_ON) attrs.push({ key: 'Secure', value: null });
  if (flags & HTTPONLY_ON) attrs.push({ key: 'HttpOnly', value: null });
  if (flags & (SS_STRICT | SS_LAX | SS_NONE)) {
    attrs.push({ key: 'SameSite', value: flags & SS_STRICT ? 'Strict' : flags & SS_LAX ? 'Lax' : 'None' });
  }
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
    if (rules.cookieDomains.length && equalsIgnoreCase(a.key!, 'domain')) {
      const v = rewriteValue(a.value, rules.cookieDomains, vars, true);
      if (v !== null) { a.value = v; changed = true; }
    }
    if (rules.cookiePaths.length && equalsIgnoreCase(a.key!, 'path')) {
      const v = rewriteValue(a.value, rules.cookiePaths, vars, false);
      if (v !== null) { a.value = v; changed = true; }
    }
  }
  if (rules.cookieFlags.length) {
    const f = flagsFor(attrs[0].key!, rules.cookieFlags, vars);
    if (f) {
      editFlags(attrs, f);
      changed = true;
    }
  }
  if (!changed) return value;
  let out = '';
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.key === null) continue;
    if (i > 0) out += '; ';
    out += a.key;
    if (a.value !== null) out += '=' + a.value;
  }
  return out;
}
