// Servers see bytes; JavaScript strings hold UTF-16. The dialects work on "byte strings": one
// char per byte (0-255), non-ASCII text taken as UTF-8, as the servers receive it on the wire.

import { isAscii } from './ascii.js';

/**
 * Text as a byte string: returns the same string when it is all ASCII, else its UTF-8 bytes, one
 * char each.
 *
 * @example
 * toByteString('/é') // '/\u00c3\u00a9'
 */
export function toByteString(s: string): string {
  if (isAscii(s)) return s;
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let k = 0; k < bytes.length; k++) out += String.fromCharCode(bytes[k]);
  return out;
}

/**
 * A byte string back to text: valid UTF-8 is decoded; anything else (or a string that is not a
 * byte string) is returned as it is, one char per byte.
 *
 * @example
 * fromByteString('/\u00c3\u00a9') // '/é'
 */
export function fromByteString(s: string): string {
  if (isAscii(s)) return s;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return s;
  }
}
