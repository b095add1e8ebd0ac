// Byte strings (nginx works on bytes) and header values as nginx's parser reads them.
import { lowerAscii } from '../core/ascii.js';
import { fromByteString, toByteString } from '../core/bytes.js';

/**
 * Non-ASCII text as UTF-8 bytes, one char each, as nginx sees it (ASCII text as it is).
 *
 * @example
 * toBinary('/é') // '/\u00c3\u00a9'
 */
export const toBinary = toByteString;

/**
 * Back from bytes to text: valid UTF-8 is decoded; anything else stays one char per byte.
 *
 * @example
 * fromBinary('/\u00c3\u00a9') // '/é'
 */
export const fromBinary = fromByteString;

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
 * Decimal digits only, at least one (a port).
 *
 * @example
 * DIGITS.test('0042') // true
 */
export const DIGITS = /^[0-9]+$/;

/**
 * A Content-Length as ngx_atoof reads it: digits only, at most 2^63 - 1 (more overflows: an error,
 * as a sign or a blank is); its decimal text without leading zeros, or null.
 *
 * @example
 * contentLength('007') // '7'
 * contentLength('9223372036854775808') // null
 */
export const contentLength = (v: string): string | null =>
  // (up to 15 digits a double is exact)
  DIGITS.test(v) ? (v.length < 16 ? String(+v) : BigInt(v) < 2n ** 63n ? String(BigInt(v)) : null) : null;

/**
 * ASCII lower case: A-Z only, as nginx folds names and hosts byte by byte (ngx_tolower); core's
 * `lowerAscii`.
 *
 * @example
 * lowerName('Content-Type') // 'content-type'
 * lowerName('X-É') // 'x-É'
 */
export const lowerName = lowerAscii;
