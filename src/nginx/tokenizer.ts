// nginx configuration syntax (ngx_conf_read_token): words separated by whitespace, `;` ends a
// directive, `{ }` hold a block, `#` at the start of a word comments to the end of the line,
// '...' and "..." quote, and a backslash escapes `"`, `'`, `\` (and `\t` `\r` `\n`).
import { ConfigError } from '../core/errors.js';

/** One directive: its words (name first), its line, and its block when it has one. */
export interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  readonly line: number;
  readonly block: readonly Directive[] | null;
}

/** What separates words (a line feed also counts a line), what ends a plain word, what may follow a quoted one. */
const BLANKS = ' \t\r\n';
const WORD_END = BLANKS + ';{}';
const AFTER_QUOTE = BLANKS + ';{)';
const CONTROLS: Readonly<Record<string, string>> = { t: '\t', r: '\r', n: '\n' };

/** Unescape a word the way nginx copies it: `\"` `\'` `\\` lose the backslash, `\t\r\n` become controls. */
function unescape(raw: string): string {
  return raw.replace(/\\(["'\\trn])/g, (_, c: string) => CONTROLS[c] ?? c);
}

/**
 * Parse nginx configuration text into a directive tree.
 *
 * @example
 * parseNginxText('location /a/ { proxy_pass http://b/; }')[0].block?.[0].args // ['http://b/']
 */
export function parseNginxText(text: string): Directive[] {
  let i = 0;
  let line = 1;
  const n = text.length;

  // Reads the words of one directive up to `;`, `{` or `}`; returns the terminator.
  function readDirective(): { words: string[]; wordLine: number; end: ';' | '{' | '}' | 'eof' } {
    const words: string[] = [];
    let wordLine = line;
    for (;;) {
      // skip whitespace
      for (let c; BLANKS.includes((c = text[i])); i++) if (c === '\n') line++;
      if (i >= n) {
        if (words.length) throw new ConfigError(line, words[0], 'unexpected end of file, expecting ";" or "}"');
        return { words, wordLine, end: 'eof' };
      }
      const c = text[i];
      if (words.length === 0) wordLine = line;
      if (c === '#') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      if (c === ';') {
        i++;
        if (words.length === 0) throw new ConfigError(line, ';', 'unexpected ";"');
        return { words, wordLine, end: ';' };
      }
      if (c === '{') {
        i++;
        if (words.length === 0) throw new ConfigError(line, '{', 'unexpected "{"');
        return { words, wordLine, end: '{' };
      }
      if (c === '}') {
        if (words.length !== 0) throw new ConfigError(line, words[0], 'unexpected "}"');
        i++;
        return { words, wordLine, end: '}' };
      }
      if (c === '"' || c === "'") {
        const q = c;
        i++;
        const start = i;
        while (i < n && text[i] !== q) {
          if (text[i] === '\\' && i + 1 < n) i++;
          if (text[i] === '\n') line++;
          i++;
        }
        if (i >= n) throw new ConfigError(line, words[0] ?? q, 'unexpected end of file, expecting ";" or "}"');
        words.push(unescape(text.slice(start, i)));
        i++;
        // nginx wants a separator right after a closing quote
        if (i < n) {
          const d = text[i];
          // like nginx, a ")" may follow a quoted word directly (if conditions)
          if (!AFTER_QUOTE.includes(d)) {
            throw new ConfigError(line, words[0], `unexpected "${d}"`);
          }
        }
        continue;
      }
      // a plain word; `${name}` keeps its braces
      const start = i;
      let inVar = false;
      while (i < n) {
        const d = text[i];
        if (d === '\\' && i + 1 < n) { i += 2; continue; }
        if (inVar) {
          if (d === '}') inVar = false;
          i++;
          continue;
        }
        if (d === '{' && i > start && text[i - 1] === '$') { inVar = true; i++; continue; }
        if (WORD_END.includes(d)) break;
        i++;
      }
      words.push(unescape(text.slice(start, i)));
    }
  }

  function readBlock(depth: number, openLine: number): Directive[] {
    const out: Directive[] = [];
    for (;;) {
      const { words, wordLine, end } = readDirective();
      if (end === 'eof') {
        if (depth > 0) throw new ConfigError(openLine, '{', 'unexpected end of file, expecting "}"');
        return out;
      }
      if (end === '}') {
        if (depth === 0) throw new ConfigError(line, '}', 'unexpected "}"');
        return out;
      }
      const [name, ...args] = words;
      out.push({ name, args, line: wordLine, block: end === '{' ? readBlock(depth + 1, wordLine) : null });
    }
  }

  return readBlock(0, 1);
}
