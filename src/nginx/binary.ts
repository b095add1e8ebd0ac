// Byte strings (nginx works on bytes) and header values as nginx's parser reads them.
import { fromByteString, toByteString } from '../core/bytes.js';

const NON_ASCII = /[^\0-\x7f]/;

/**
 * Non-ASCII text as UTF-8 bytes, one char each, as nginx sees it (ASCII text as it is: one native
 * scan decides, faster than the loop over it).
 *
 * @example
 * toBinary('/é') // '/\u00c3\u00a9'
 */
export const toBinary = (s: string): string => (NON_ASCII.test(s) ? toByteString(s) : s);

/**
 * Back from bytes to text: valid UTF-8 is decoded; anything else stays one char per byte.
 *
 * @example
 * fromBinary('/\u00c3\u00a9') // '/é'
 */
export const fromBinary = (s: string): string => (NON_ASCII.test(s) ? fromByteString(s) : s);

/**
 * Strip the spaces (0x20 only) nginx's header parser drops around a value.
 *
 * @example
 * trimHeaderValue('  /x\t ') // '/x\t'
 */
export function trimHeaderValue(v: string): string {
  let a = 0;
  let b = v.length;
  while (a < b && v.charCodeAt(a) === 32) a++;
  while (b > a && v.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === v.length ? v : v.slice(a, b);
}

/**
 * Decimal digits only, at least one (a Content-Length nginx parses, a port).
 *
 * @example
 * DIGITS.test('0042') // true
 */
export const DIGITS = /^[0-9]+$/;

const UPPER = /[A-Z]+/g;

/**
 * ASCII lower case: A-Z only, as nginx folds names and hosts byte by byte (ngx_tolower). An ASCII
 * text goes through the engine's own lower-casing (several times faster than a loop over it).
 *
 * @example
 * lowerName('Content-Type') // 'content-type'
 * lowerName('X-É') // 'x-É'
 */
export function lowerName(s: string): string {
  return NON_ASCII.test(s) ? s.replace(UPPER, (m) => m.toLowerCase()) : s.toLowerCase();
}
