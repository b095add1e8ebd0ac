// Server regexes (PCRE2, 8-bit, no UTF, C-locale tables) as JavaScript RegExps over byte strings
// (compiler side only). Both servers hand PCRE2 the pattern's bytes, so every atom is translated into
// an explicit byte form: `.` `$` `^` by the options in force, classes as explicit byte sets (POSIX
// classes and `\s` `\h` `\v` from the C locale), and caseless letters as both ASCII cases (JS's `i`
// would also pair bytes 0xC0-0xDE with 0xE0-0xFE, lead bytes of UTF-8), inline options scoped as
// PCRE2 scopes them. What JS cannot run the same way (possessive and atomic forms, empty turns of
// repeated groups, PCRE2's auto-possessive quirks) is refused with a PcreError, never matched
// differently; a pattern PCRE2 refuses is refused too, in PCRE2's words where they are known.
import { toByteString } from './bytes.js';

/**
 * The compile options a server passes to PCRE2 (Apache: dotall and dollarEndOnly; nginx: none).
 *
 * @example
 * const httpd: PcreOptions = { dotall: true, dollarEndOnly: true } // ap_regcomp's defaults
 */
export interface PcreOptions {
  /** PCRE2_CASELESS (SetEnvIfNoCase, nginx `~*`). */
  readonly caseless?: boolean;
  /** PCRE2_DOTALL: `.` takes LF too. */
  readonly dotall?: boolean;
  /** PCRE2_DOLLAR_ENDONLY: `$` is the very end, not before a final LF. */
  readonly dollarEndOnly?: boolean;
}

/**
 * A pattern the translator refuses: `unsupported` when PCRE2 compiles it but JS cannot match it
 * the same way, else a pattern PCRE2 itself refuses.
 *
 * @example
 * try { pcreToJs('a++', {}) } catch (e) { if (e instanceof PcreError) console.log(e.unsupported) } // true
 */
export class PcreError extends Error {
  /** True when the server accepts the pattern and only passreverse cannot run it. */
  readonly unsupported: boolean;
  constructor(message: string, unsupported: boolean) {
    super(unsupported ? `${message} is not supported by passreverse` : message);
    this.unsupported = unsupported;
  }
}

const unsupported = (what: string): PcreError => new PcreError(what, true);
const invalid = (what: string): PcreError => new PcreError(what, false);

/** A byte set as 256 flags. */
type ByteSet = boolean[];

function range(set: ByteSet, lo: number, hi: number): ByteSet {
  for (let c = lo; c <= hi; c++) set[c] = true;
  return set;
}

/** Byte ranges of the C locale's classes as pairs of chars, keyed by POSIX name or escape letter
 * (PCRE2's \h and \v in 8-bit non-UTF mode take NBSP and NEL too). */
const SETS: Readonly<Record<string, string>> = {
  alpha: 'AZaz', digit: '09', d: '09', alnum: '09AZaz', word: '09AZ__az', w: '09AZ__az', space: '\t\r  ',
  s: '\t\r  ', upper: 'AZ', lower: 'az', punct: '!/:@[`{~', xdigit: '09AFaf', blank: '\t\t  ', cntrl: '\0\x1f\x7f\x7f',
  print: ' ~', graph: '!~', ascii: '\0\x7f', h: '\t\t  \xa0\xa0', v: '\n\r\x85\x85',
};

function namedSet(name: string): ByteSet | null {
  const r = SETS[name];
  if (!r) return null;
  const s: ByteSet = new Array(256).fill(false);
  for (let k = 0; k < r.length; k += 2) range(s, r.charCodeAt(k), r.charCodeAt(k + 1));
  return s;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const hex = (c: number): string => '\\x' + c.toString(16).padStart(2, '0');

/** One byte as a JS class member or atom. */
function byteText(c: number): string {
  if (isLetter(c) || isDigit(c) || c === 95) return String.fromCharCode(c);
  return c > 32 && c < 127 ? '\\' + String.fromCharCode(c) : hex(c);
}

/** A byte set as a JS atom (no flags needed: every byte is spelled out). */
function setText(set: ByteSet): string {
  let n = 0;
  for (const b of set) if (b) n++;
  if (n === 0) return '(?!)';
  if (n === 256) return '[^]';
  const neg = n > 128;
  let out = '';
  for (let c = 0; c < 256; c++) {
    if (set[c] === neg) continue;
    let e = c;
    while (e < 255 && set[e + 1] !== neg) e++;
    out += byteText(c) + (e > c ? (e > c + 1 ? '-' : '') + byteText(e) : '');
    c = e;
  }
  return (neg ? '[^' : '[') + out + ']';
}

/** Adds the other ASCII case of each letter (the C locale's folding). */
function fold(set: ByteSet): ByteSet {
  const out = set.slice();
  for (let c = 65; c <= 90; c++) if (set[c] || set[c + 32]) out[c] = out[c + 32] = true;
  return out;
}

interface Flags { i: boolean; m: boolean; s: boolean; x: boolean }

/**
 * A sequence being read: whether it can match empty (all items before the last, the last, a finished
 * alternative), its fixed length in bytes likewise (-1 when it varies; `altLen` undefined before the
 * first `|`), the group count at its start, and whether a group in it may be left unset.
 */
interface Seq { branch: boolean; last: boolean; alt: boolean; len: number; lastLen: number; altLen?: number; groups: number; unset: boolean }

/** A sequence's length once its last item is in (-1 when it varies). */
const seqLen = (s: Seq): number => (s.len < 0 || s.lastLen < 0 ? -1 : s.len + s.lastLen);

/** A `{n}`, `{n,}` or `{n,m}` quantifier's bounds. */
function bounds(q: string): [min: number, max: number] {
  const [a, b] = q.slice(1, -1).split(',');
  return [+a, b === undefined ? +a : b === '' ? 1e9 : +b];
}

/** The six C-locale blanks PCRE2's extended mode skips. */
const isBlank = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');

/**
 * A PCRE2 pattern (text as written in the configuration) as the source and flags of a JS RegExp
 * that matches byte strings as the server's PCRE2 does with these options (`s` for DOTALL, `i` for
 * a caseless pattern that never tells high bytes apart). Throws PcreError for a construct JS cannot
 * express exactly (`unsupported`) or one PCRE2 refuses.
 *
 * @example
 * pcreToJs('^/a(?i)[[:alpha:]]+$', { dotall: true, dollarEndOnly: true }) // ['^\\/a[A-Za-z]+$', 's']
 */
export function pcreToJs(pattern: string, options: PcreOptions): [source: string, flags: string] {
  const p = toByteString(pattern);
  const [source, foldable] = translate(p, options);
  // a caseless pattern that never tells high bytes apart runs with JS's `i`: on ASCII it folds as
  // the C locale does, and it cannot pair 0xC0-0xDE with 0xE0-0xFE where no set splits them
  if (options.caseless && foldable) return [translate(p, { ...options, caseless: false })[0], options.dotall ? 'si' : 'i'];
  return [source, options.dotall ? 's' : ''];
}

/** The translation, and whether it is the same under JS's `i` with no letter spelled in both cases. */
function translate(p: string, options: PcreOptions): [source: string, foldable: boolean] {
  let foldable = true;
  let f: Flags = { i: !!options.caseless, m: false, s: !!options.dotall, x: false };
  const stack: { flags: Flags; group: number; outer: Seq; look: boolean; behind: boolean; start: number }[] = [];
  const closed = new Set<number>();
  let groups = 0;
  let backrefs = 0;
  let risky = false;
  let out = '';
  let atomEnd = false; // whether the last output is a repeatable atom (for the quantifier checks)
  // the sequence being read, then the group just closed
  const fresh = (): Seq => ({ branch: true, last: true, alt: false, len: 0, lastLen: 0, groups, unset: false });
  let seq = fresh();
  let lastGroup: { nullable: boolean; caps: number; unset: boolean; start: number; look: boolean } | null = null;
  // escapes met: PCRE2's auto-possessification takes \S as disjoint from \h \v \R (NBSP and NEL are
  // in both in the C locale), and \R as disjoint from `.` without DOTALL (CR) and from \s (VT)
  let seen = '';
  /** Past blanks and comments in extended mode. */
  const skipX = (k: number): number => {
    while (f.x && k < p.length && (isBlank(p[k]) || p[k] === '#')) {
      if (p[k] === '#') while (k < p.length && p[k] !== '\n') k++;
      else k++;
    }
    return k;
  };
  const item = (nullable: boolean, len: number): void => {
    seq.branch &&= seq.last;
    seq.last = nullable;
    seq.len = seqLen(seq);
    seq.lastLen = len;
    lastGroup = null;
  };
  const open = (group: number, look: boolean, behind = false): void => {
    stack.push({ flags: f, group, outer: seq, look, behind, start: out.length });
    seq = fresh();
  };
  /** The end of an alternative: PCRE2 wants each one of a lookbehind of a fixed length. */
  const branchEnd = (): void => {
    const len = seqLen(seq);
    if (len < 0 && stack[stack.length - 1]?.behind) throw invalid('lookbehind assertion is not fixed length');
    seq.altLen = seq.altLen === undefined || seq.altLen === len ? len : -1;
  };

  const literal = (c: number): string => {
    if (c > 127) foldable = false;
    if (f.i && isLetter(c)) return setText(fold(range(new Array(256).fill(false), c, c)));
    return byteText(c);
  };
  /** A set as JS text; one that takes some high bytes and not others could fold differently under `i`. */
  const put = (set: ByteSet): string => {
    for (let b = 129; b < 256; b++) if (set[b] !== set[128]) foldable = false;
    return setText(set);
  };
  const hexDigits = (i: number, max: number): number => {
    let e = i;
    while (e < p.length && e - i < max && /[\dA-Fa-f]/.test(p[e])) e++;
    return e;
  };

  /** An escape at p[i] === '\\' as a byte value or a set; `i` is advanced past it. */
  const escape = (i: number, inClass: boolean): [end: number, value: number | ByteSet | string] => {
    const c = p[i + 1];
    if (c === undefined) throw invalid('\\ at end of pattern');
    const code = c.charCodeAt(0);
    if (!isLetter(code) && !isDigit(code)) return [i + 2, code];
    switch (c) {
      case 'n': return [i + 2, 10];
      case 'r': return [i + 2, 13];
      case 't': return [i + 2, 9];
      case 'f': return [i + 2, 12];
      case 'e': return [i + 2, 27];
      case 'a': return [i + 2, 7];
      case 'd': case 'w': case 's': case 'h': case 'v':
        seen += c;
        return [i + 2, namedSet(c)!];
      case 'D': case 'W': case 'S': case 'H': case 'V':
        seen += c;
        return [i + 2, namedSet(c.toLowerCase())!.map((b) => !b)];
      case 'x': {
        if (p[i + 2] === '{') {
          const close = p.indexOf('}', i + 3);
          const digits = close < 0 ? '' : p.slice(i + 3, close);
          if (!/^[\dA-Fa-f]+$/.test(digits)) throw invalid('\\x{ is not followed by hexadecimal digits');
          const v = parseInt(digits, 16);
          if (v > 255) throw invalid('character code point value in \\x{} or \\o{} is too large');
          return [close + 1, v];
        }
        const e = hexDigits(i + 2, 2);
        return [e, e > i + 2 ? parseInt(p.slice(i + 2, e), 16) : 0];
      }
      case 'o': {
        const close = p.indexOf('}', i + 3);
        const digits = p[i + 2] === '{' && close >= 0 ? p.slice(i + 3, close) : '';
        if (!/^[0-7]+$/.test(digits)) throw invalid('\\o is not followed by an octal digits in braces');
        const v = parseInt(digits, 8);
        if (v > 255) throw invalid('character code point value in \\x{} or \\o{} is too large');
        return [close + 1, v];
      }
      case 'c': {
        const x = p.charCodeAt(i + 2);
        if (!(x >= 32 && x < 127)) throw invalid('\\c must be followed by a printable ASCII character');
        return [i + 3, (x >= 97 && x <= 122 ? x - 32 : x) ^ 0x40];
      }
      case '0': {
        let e = i + 2;
        while (e < i + 4 && /[0-7]/.test(p[e] ?? '')) e++;
        return [e, parseInt(p.slice(i + 1, e), 8)];
      }
    }
    if (isDigit(code)) {
      if (inClass) {
        // in a class, digits are octal (\1 is byte 1); \8 and \9 the digits themselves
        let e = i + 1;
        while (e < i + 4 && /[0-7]/.test(p[e] ?? '')) e++;
        return e > i + 1 ? [e, parseInt(p.slice(i + 1, e), 8) & 255] : [i + 2, code];
      }
      // outside, a lone digit is a back-reference; more digits depend on the group count
      if (isDigit(p.charCodeAt(i + 2))) throw unsupported(`the escape "${p.slice(i, i + 3)}..." (back-reference or octal)`);
      return [i + 2, `\\${c}`];
    }
    if (!inClass) {
      switch (c) {
        case 'A': case 'G': return [i + 2, '^'];
        case 'z': return [i + 2, '$'];
        case 'Z': return [i + 2, '(?=\\n?$)'];
        case 'b': case 'B': return [i + 2, `\\${c}`];
        case 'N': if (!/^\{(?!\d+(?:,\d*)?\})/.test(p.slice(i + 2, i + 20))) return seen += '.', [i + 2, '[^\\n]']; break;
        // \R is atomic: CR LF is not given back to match a lone CR
        case 'R': foldable = false; seen += 'vR'; return [i + 2, '(?:\\r\\n|(?!\\r\\n)[\\n-\\r\\x85])'];
        case 'C': return [i + 2, '[^]'];
      }
    } else if (c === 'b') return [i + 2, 8];
    if ('gkKXpPR'.includes(c)) throw unsupported(`the escape \\${c}`);
    throw invalid('FLlNUu'.includes(c) ? 'PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u' : 'unrecognized character follows \\');
  };

  /** The end of a POSIX item `[:name:]` (or `[.x.]`, `[=x=]`) at p[i] in a class, -1 when it is none. */
  const posixEnd = (i: number): number => {
    const t = p[i + 1];
    if (t !== ':' && t !== '.' && t !== '=') return -1;
    for (let k = i + 2; k < p.length; k++) {
      if (p[k] === '\\' && (p[k + 1] === ']' || p[k + 1] === '\\')) k++;
      else if ((p[k] === '[' && p[k + 1] === t) || p[k] === ']') return -1;
      else if (p[k] === t && p[k + 1] === ']') return k + 2;
    }
    return -1;
  };

  /** A class starting at p[i] === '['; returns its end and its set. */
  const charClass = (start: number): [end: number, set: ByteSet] => {
    let i = start + 1;
    const negate = p[i] === '^';
    if (negate) i++;
    const set: ByteSet = new Array(256).fill(false);
    let first = true;
    let quoted = false;
    for (;;) {
      if (i >= p.length) throw invalid('missing terminating ] for character class');
      let c = p[i];
      if (quoted) {
        if (c === '\\' && p[i + 1] === 'E') {
          quoted = false;
          i += 2;
          continue;
        }
      } else {
        if (c === ']' && !first) break;
        if (c === '\\' && p[i + 1] === 'Q') { quoted = true; i += 2; continue; }
        if (c === '\\' && p[i + 1] === 'E') { i += 2; continue; }
      }
      first = false;
      // one member: a POSIX class, an escape (a byte or a set), or a byte
      let lo: number | ByteSet;
      const posix = !quoted && c === '[' ? posixEnd(i) : -1;
      if (posix >= 0) {
        if (p[i + 1] !== ':') throw invalid('POSIX collating elements are not supported');
        const m = /^\[:(\^?)([a-z]*):\]$/.exec(p.slice(i, posix));
        const named = m && m[2].length > 1 ? namedSet(m[2]) : null;
        if (!m || !named) throw invalid('unknown POSIX class name');
        lo = m[1] ? named.map((b) => !b) : named;
        i = posix;
      } else if (!quoted && c === '\\') {
        const [e, v] = escape(i, true);
        if (typeof v === 'string') throw invalid('invalid escape sequence in character class');
        lo = v;
        i = e;
      } else {
        lo = c.charCodeAt(0);
        i++;
      }
      // a range lo-hi (a '-' before the closing bracket is a member)
      if (typeof lo === 'number' && p[i] === '-' && i + 1 < p.length && (quoted || p[i + 1] !== ']')) {
        let hi: number | ByteSet;
        let e = i + 1;
        c = p[e];
        if (!quoted && c === '\\' && p[e + 1] !== 'Q' && p[e + 1] !== 'E') {
          const [after, v] = escape(e, true);
          if (typeof v !== 'number') throw invalid('invalid range in character class');
          hi = v;
          e = after;
        } else if (!quoted && c === '\\') {
          // "a-\Q" or "a-\E": the '-' is a member
          set[lo] = set[45] = true;
          i++;
          continue;
        } else if (!quoted && c === '[' && /^\[:\^?[a-z]+:\]/.test(p.slice(e))) {
          throw invalid('invalid range in character class');
        } else {
          hi = c.charCodeAt(0);
          e++;
        }
        if (hi < lo) throw invalid('range out of order in character class');
        range(set, lo, hi);
        i = e;
        continue;
      }
      if (typeof lo === 'number') set[lo] = true;
      else if (p[i] === '-' && p[i + 1] !== ']') throw invalid('invalid range in character class');
      else for (let b = 0; b < 256; b++) if (lo[b]) set[b] = true;
    }
    const folded = f.i ? fold(set) : set;
    return [i + 1, negate ? folded.map((b) => !b) : folded];
  };

  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (f.x && isBlank(c)) { i++; continue; }
    if (f.x && c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      continue;
    }
    // a comment is no item: a quantifier after it applies to what stands before
    if (p.startsWith('(?#', i)) {
      const e = p.indexOf(')', i);
      if (e < 0) throw invalid('missing ) at end of (?# comment');
      i = e + 1;
      continue;
    }
    // quantifiers
    const q = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(p.slice(i, i + 24));
    if (q) {
      if (!atomEnd) throw invalid('quantifier does not follow a repeatable item');
      i = skipX(i + q[0].length);
      if (p[i] === '+') throw unsupported(`the possessive quantifier ${q[0]}+`);
      let [min, max] = q[0] === '*' ? [0, 1e9] : q[0] === '+' ? [1, 1e9] : q[0] === '?' ? [0, 1] : bounds(q[0]);
      // JS refuses an iteration that matches empty past the minimum and clears a repeated group's
      // inner captures at each turn; PCRE2 does neither
      const g = lastGroup as { nullable: boolean; caps: number; unset: boolean; start: number; look: boolean } | null;
      // PCRE2 takes a repeated assertion once ({1,...}), as optional ({0,n}) or not at all ({0});
      // JS refuses a quantified lookbehind
      if (g?.look) {
        // (a lookbehind holding such a repeat is refused by PCRE2 as not of a fixed length)
        if (min !== max) seq.lastLen = -1;
        if (min > 0 || max === 0) {
          if (max === 0) out = out.slice(0, g.start);
          if (p[i] === '?') i++;
          atomEnd = false;
          continue;
        }
        max = 1;
      }
      if (g && max > 1 && ((g.nullable && max > min) || (g.caps && g.unset))) {
        throw unsupported('a repeated group that can match empty or leave a group in it unset');
      }
      seq.lastLen = min === max && seq.lastLen >= 0 ? seq.lastLen * min : -1;
      if (min === 0) {
        seq.last = true;
        if (g) risky = seq.unset = true;
      }
      if (g?.nullable && max === 1) {
        // PCRE2 tries the group once, an empty match included, then goes without it: an alternation
        // does the same in JS (`?` would refuse the empty turn and backtrack into the group)
        const lazy = p[i] === '?';
        if (lazy) i++;
        out = out.slice(0, g.start) + (lazy ? `(?:|${out.slice(g.start)})` : `(?:${out.slice(g.start)}|)`);
      } else {
        out += q[0];
        if (p[i] === '?') out += p[i++];
      }
      atomEnd = false;
      continue;
    }
    atomEnd = true;
    if (c === '\\') {
      if (p[i + 1] === 'Q') {
        const e = p.indexOf('\\E', i + 2);
        const text = p.slice(i + 2, e < 0 ? p.length : e);
        for (let k = 0; k < text.length; k++) {
          item(false, 1);
          out += literal(text.charCodeAt(k));
        }
        atomEnd = text.length > 0;
        i = e < 0 ? p.length : e + 2;
        continue;
      }
      if (p[i + 1] === 'E') { i += 2; atomEnd = false; continue; }
      const [e, v] = escape(i, false);
      // a back-reference or an assertion can match empty; \R and a back-reference vary in length
      const one = typeof v !== 'string' || /^\[\^/.test(v);
      item(!one && !/^\(\?:\\r/.test(v as string), one ? 1 : /^\\\d|^\(\?:\\r/.test(v as string) ? -1 : 0);
      if (typeof v === 'number') out += literal(v);
      else if (typeof v === 'string') {
        if (/^\\[1-9]$/.test(v)) {
          const n = +v[1];
          if (f.i) throw unsupported('a caseless back-reference');
          // PCRE2 takes it in a lookbehind when its group has a fixed length: not followed here
          if (stack.some((t) => t.behind)) throw unsupported('a back-reference in a lookbehind');
          if (!closed.has(n)) risky = true;
          backrefs = Math.max(backrefs, n);
        } else atomEnd = v === '[^\\n]' || v === '[^]' || v.startsWith('(?:\\r');
        out += v;
      } else out += put(f.i ? fold(v) : v);
      i = e;
      continue;
    }
    if (c === '[') {
      const [e, set] = charClass(i);
      item(false, 1);
      out += put(set);
      i = e;
      continue;
    }
    // under httpd's DOTALL the JS `s` flag keeps `.` as written
    if (c === '.') { item(false, 1); if (!f.s) seen += '.'; out += !f.s ? '[^\\n]' : options.dotall ? '.' : '[^]'; i++; continue; }
    if (c === '^') {
      // multiline: also after an LF that does not end the subject
      item(true, 0);
      out += f.m ? '(?:^|(?<=\\n)(?=[^]))' : '^';
      atomEnd = false;
      i++;
      continue;
    }
    if (c === '$') {
      item(true, 0);
      out += f.m ? '(?=\\n|$)' : options.dollarEndOnly ? '$' : '(?=\\n?$)';
      atomEnd = false;
      i++;
      continue;
    }
    if (c === '|') {
      risky = true;
      seq.alt ||= seq.branch && seq.last;
      branchEnd();
      seq = { ...seq, branch: true, last: true, len: 0, lastLen: 0, unset: true };
      lastGroup = null;
      out += c;
      atomEnd = false;
      i++;
      continue;
    }
    if (c === ')') {
      if (!stack.length) throw invalid('unmatched closing parenthesis');
      branchEnd();
      const top = stack.pop()!;
      f = top.flags;
      if (top.group) closed.add(top.group);
      const inner = seq;
      seq = top.outer;
      if (inner.unset) seq.unset = true;
      item(top.look || inner.alt || (inner.branch && inner.last), top.look ? 0 : inner.altLen!);
      lastGroup = { nullable: seq.last, caps: groups - inner.groups + (top.group ? 1 : 0), unset: inner.unset, start: top.start, look: top.look };
      out += c;
      i++;
      continue;
    }
    if (c === '(') {
      const rest = p.slice(i, i + 40);
      if (rest[1] === '*') throw unsupported(`the verb or start option ${/^\(\*[^)]*\)?/.exec(rest)![0]}`);
      if (rest[1] !== '?') {
        open(++groups, false);
        out += c;
        atomEnd = false;
        i++;
        continue;
      }
      const name = /^\(\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest);
      if (name) {
        open(++groups, false);
        out += `(?<${name[1] ?? name[2]}>`;
        i += name[0].length;
        atomEnd = false;
        continue;
      }
      const look = /^\(\?(?::|=|!|<=|<!)/.exec(rest);
      if (look) {
        if (look[0] === '(?!' || look[0] === '(?<!') risky = true;
        open(0, look[0] !== '(?:', look[0].length > 3);
        out += look[0];
        i += look[0].length;
        atomEnd = false;
        continue;
      }
      // option settings: (?imsx-imsx) for the rest of the group, (?imsx-imsx:...) for a group
      const opt = /^\(\?(\^?)([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
      if (opt && (opt[1] || opt[2] || opt[3] !== undefined)) {
        if (opt[1]) foldable = false;
        const next: Flags = opt[1] ? { i: false, m: false, s: false, x: false } : { ...f };
        for (const [letters, on] of [[opt[2], true], [opt[3] ?? '', false]] as const) {
          for (const l of letters) {
            if (l === 'i') foldable = false;
            if (l === 'i' || l === 'm' || l === 's' || l === 'x') next[l] = on;
            else if ('nUJ'.includes(l)) throw unsupported(`the option (?${l})`);
            else throw invalid(`unrecognized character after (? or (?- (${l})`);
          }
        }
        if (/xx/.test(opt[2])) throw unsupported('the option (?xx)');
        i += opt[0].length;
        if (opt[4] === ')') {
          f = next;
          atomEnd = false;
          continue;
        }
        open(0, false);
        f = next;
        out += '(?:';
        atomEnd = false;
        continue;
      }
      if (rest[2] === '>') throw unsupported('the atomic group (?>...)');
      if (rest[2] === '|') throw unsupported('the branch reset group (?|...)');
      throw unsupported(`the group ${/^\(\?.?.?/.exec(rest)![0]}...`);
    }
    item(false, 1);
    out += literal(c.charCodeAt(0));
    i++;
  }
  if (stack.length) throw invalid('missing closing parenthesis');
  if (backrefs > groups) throw invalid('reference to non-existent subpattern');
  // a back-reference to a group that did not take part fails in PCRE2 and matches empty in JS
  if (backrefs && risky) throw unsupported('a back-reference to a group that may be unset');
  if ((/S/.test(seen) && /[hv]/.test(seen)) || (/R/.test(seen) && /[.s]/.test(seen))) {
    throw unsupported('\\S with \\h, \\v or \\R, or \\R with . or \\s (PCRE2 takes them as disjoint)');
  }
  return [out, foldable];
}
