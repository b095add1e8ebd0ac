// nginx regexes as JavaScript RegExps over byte strings (compiler side only). nginx hands PCRE2 the
// pattern's bytes without UTF mode and with the library's default (C locale) tables, so: `.` is one
// byte and matches anything but LF; `$` also matches before a final LF; `\s` is the six C blanks
// (JS adds 0xA0, a byte of many UTF-8 characters); caseless matching folds ASCII letters only
// (JS's `i` also pairs 0xC0-0xDE with 0xE0-0xFE, lead bytes of UTF-8: `[é]` would take `あ`'s).
import { toByteString } from '../core/bytes.js';

/** PCRE's `$` (no DOLLAR_ENDONLY, no MULTILINE): the end, or before a LF that ends the subject. */
const END = '(?=\\n?$)';

/** What stands for an atom out of a class (and, keyed with a leading `[`, in one). */
const OUT: Readonly<Record<string, string>> = {
  '.': '[^\\n]',
  $: END,
  '\\A': '^',
  '\\z': '$',
  '\\Z': END,
  '\\s': '[\\t-\\r ]',
  '\\S': '[^\\t-\\r ]',
  '[\\s': '\\t-\\r ',
  '[\\S': '\\0-\\b\\x0e-\\x1f!-\\xff',
};

/** One atom: an escape of a letter or digit (`\xHH`, `\uHHHH`, `\cX` whole; group 1), or a char (group 2). */
const ATOM = /\\(x[\dA-Fa-f]{2}|u[\dA-Fa-f]{4}|c[A-Za-z]|[\dA-Za-z])|\\?([^])?/y;

/** The atom at `i` of `p`: its end, and its char's code (-1 when it is no literal char). */
function atom(p: string, i: number): [end: number, code: number] {
  ATOM.lastIndex = i;
  const m = ATOM.exec(p)!;
  return [ATOM.lastIndex, m[2] === undefined ? -1 : m[2].charCodeAt(0)];
}

/** The other-case twins of the ASCII letters in [lo, hi], as class contents ('' when none). */
function twins(lo: number, hi: number): string {
  let out = '';
  for (const [a, z, d] of [[97, 122, -32], [65, 90, 32]]) {
    const from = Math.max(lo, a);
    const to = Math.min(hi, z);
    if (from <= to) out += String.fromCharCode(from + d) + (from < to ? '-' + String.fromCharCode(to + d) : '');
  }
  return out;
}

/**
 * A PCRE pattern (text as written in the configuration) as the source and flags of a JS RegExp
 * that matches byte strings as nginx's PCRE does.
 *
 * @example
 * pcreToJs('^/[é].$', false) // ['^/[\u00c3\u00a9][^\\n](?=\\n?$)', ''] (a byte of é, any byte but LF, the end)
 */
export function pcreToJs(pattern: string, caseless: boolean): [source: string, flags: string] {
  const p = toByteString(pattern);
  // JS's `i` folds non-ASCII too: a caseless pattern with bytes from 0xC0 up folds its letters
  // itself (a back-reference cannot be folded that way: such a pattern keeps `i`)
  const fold = caseless && /[\xc0-\xff]/.test(p) && !/\\[1-9k]/.test(p);
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (inClass ? c === ']' : c === '[') {
      inClass = !inClass;
      out += c;
      i++;
      if (!inClass) continue;
      if (p[i] === '^') out += p[i++];
      // a ']' right after the opening bracket is a member (JS would read an empty class)
      if (p[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    // a group's name is no literal text
    const name = c === '(' && !inClass ? /^\(\?<[A-Za-z_]\w*>/.exec(p.slice(i)) : null;
    let [end, code] = name ? [i + name[0].length, -1] : atom(p, i);
    let text = p.slice(i, end);
    const sub = OUT[(inClass ? '[' : '') + text];
    if (sub) text = sub;
    else if (fold && code >= 0) {
      // in a class, a range lo-hi takes its letters' twins along
      let hi = code;
      if (inClass && p[end] === '-' && p[end + 1] !== ']' && end + 1 < p.length) {
        const [e, h] = atom(p, end + 1);
        if (h >= 0) [end, hi] = [e, h];
        text = p.slice(i, end);
      }
      const t = twins(code, hi);
      text = inClass ? text + t : t ? `[${text}${t}]` : text;
    }
    out += text;
    i = end;
  }
  return [out, fold ? '' : caseless ? 'i' : ''];
}
