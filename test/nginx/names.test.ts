// lowerName (binary.ts): nginx folds header names and hosts byte by byte, A-Z only (ngx_tolower);
// the engine's lower-casing serves ASCII text. Law: the same answer as the byte-by-byte fold of
// core/ascii.ts on any text, non-ASCII letters (É, ß, the Kelvin sign, dotted İ) kept as they are.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lowerAscii } from '../../src/core/ascii.js';
import { lowerName } from '../../src/nginx/binary.js';

const rows: [string, string][] = [
  ['Content-Type', 'content-type'],
  ['X-Éé', 'x-Éé'],
  ['\u212Aeep-Alive', '\u212Aeep-alive'],
  ['İSTANBUL', 'İstanbul'],
  ['', ''],
];

describe('lowerName', () => {
  test.each(rows)('%s', (input, expected) => {
    expect(lowerName(input)).toBe(expected);
  });
  test('folds A-Z only, as the byte-by-byte fold does', () => {
    const unit = fc.constantFrom('A', 'Z', 'a', 'z', '-', '\0', '\x7f', 'É', 'ß', 'İ', '\u212A', 'ǅ', '\ud800');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit }), (a, b) => {
        expect(lowerName(a)).toBe(lowerAscii(a));
        expect(lowerName(b)).toBe(lowerAscii(b));
      }),
      { numRuns: 2000 },
    );
  });
});
