// ASCII-only helpers. Servers compare bytes with the C locale (strncasecmp, apr_tolower), so
// non-ASCII letters are never folded here, unlike String.prototype.toLowerCase.

const ASCII = /^[\x00-\x7f]*$/;
const UPPER = /[A-Z]+/g;

/**
 * `s` is all ASCII (one native scan): then a byte string is the text itself and the engine's
 * lower-casing folds exactly A-Z.
 *
 * @example
 * isAscii('/app/') // true
 * isAscii('/é') // false
 */
export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/**
 * Lower-cases A-Z only (ngx_tolower, apr_tolower). Returns the same string when nothing changes.
 *
 * @example
 * lowerAscii('X-É') // 'x-É'
 */
export function lowerAscii(s: string): string {
  // On ASCII text the engine's lower-casing folds exactly A-Z, natively (about twice as fast).
  return isAscii(s) ? s.toLowerCase() : s.replace(UPPER, (m) => m.toLowerCase());
}

/** Lower-case a single char code when it is A-Z. */
export function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** `s` starting at `offset` begins with `prefix`, ASCII case-insensitively (strncasecmp). */
export function startsWithIgnoreCase(s: string, prefix: string, offset = 0): boolean {
  const n = prefix.length;
  if (s.length - offset < n) return false;
  for (let i = 0; i < n; i++) {
    const a = s.charCodeAt(offset + i);
    const b = prefix.charCodeAt(i);
    if (a !== b && lowerCode(a) !== lowerCode(b)) return false;
  }
  return true;
}

/** ASCII case-insensitive equality (strcasecmp). */
export function equalsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && startsWithIgnoreCase(a, b);
}

/** apr_isspace / C isspace: SP, HT, LF, VT, FF, CR. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Trim C isspace characters on both ends; returns the same string when nothing is trimmed. */
export function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** ASCII letter or digit. */
export function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ASCII digit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII hex digit. */
export function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

// One anchored native scan each: the engine runs a greedy class loop at about a cycle per char,
// several times faster than a charCodeAt loop, and allocates nothing.
const NO_CONTROL = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * `s` holds no control character other than HTAB (none of 0x00-0x08, 0x0A-0x1F, 0x7F): a header
 * value Apache's check_headers lets through.
 *
 * @example
 * noControlChars('a\tb') // true
 * noControlChars('a\nb') // false
 */
export function noControlChars(s: string): boolean {
  return NO_CONTROL.test(s);
}

/**
 * `s` is an RFC 9110 token: one or more tchar (visible ASCII but the separators `"(),/:;<=>?@[\]{}`).
 *
 * @example
 * isToken('X-Request-Id') // true
 * isToken('Location ')    // false
 */
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}
