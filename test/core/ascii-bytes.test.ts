// The core's ASCII folding and byte-string codec: table rows for the edges, and properties against
// a plain char-by-char definition (the fast paths take native scans on ASCII text).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lowerAscii } from '../../src/core/ascii.js';
import { fromByteString, toByteString } from '../../src/core/bytes.js';

/** The definition: A-Z folded, every other code unit kept (strncasecmp / apr_tolower in the C locale). */
const foldAscii = (s: string) => Array.from(s, (ch) => (ch >= 'A' && ch <= 'Z' ? String.fromCharCode(ch.charCodeAt(0) + 32) : ch)).join('');

describe('lowerAscii', () => {
  test.each([
    ['Content-Type', 'content-type'],
    ['already-lower', 'already-lower'],
    ['', ''],
    // Non-ASCII letters are never folded (unlike toLowerCase): É, the Kelvin sign, dotted İ.
    ['ÉCOLE', 'École'],
    ['\u212aELVIN', '\u212aelvin'],
    ['\u0130X', '\u0130x'],
    ['A\u00c9B', 'a\u00c9b'],
  ])('%s', (input, expected) => {
    expect(lowerAscii(input)).toBe(expected);
  });
  test('folds exactly A-Z on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii' }), fc.string()), (s) => {
        expect(lowerAscii(s)).toBe(foldAscii(s));
      }),
    );
  });
});

describe('byte strings', () => {
  test.each([
    ['/app/', '/app/'],
    ['/é', '/\u00c3\u00a9'],
    ['€', '\u00e2\u0082\u00ac'],
  ])('%s', (text, bytes) => {
    expect(toByteString(text)).toBe(bytes);
    expect(fromByteString(bytes)).toBe(text);
  });
  test('a byte string that is not UTF-8 comes back as it is', () => {
    expect(fromByteString('\u00ff\u00fe')).toBe('\u00ff\u00fe');
  });
  test('a string with a code unit above 0xFF is no byte string: back as it is', () => {
    expect(fromByteString('\u00c3\u20ac')).toBe('\u00c3\u20ac');
  });
  test('round trip of any well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const b = toByteString(s);
        expect(/^[\x00-\xff]*$/.test(b)).toBe(true);
        expect(fromByteString(b)).toBe(s);
      }),
    );
  });
});
