// ProxyPassReverse compiled into a prefix index. Apache scans the entries one by one
// (ap_proxy_location_reverse_map) and the first whose `real` is a case-insensitive byte prefix of
// the value wins; this index answers the same question in one walk over the value, whatever the
// size of the table: every `real` (and every balancer member standing in for one) is a key of a
// radix tree over ASCII-lower-cased bytes, and the walk keeps the earliest entry (in scan order)
// among the keys that prefix the value.

import { isAlnumCode, lowerCode, noControlChars, startsWithIgnoreCase } from '../core/ascii.js';
import { balancerName, isUrl } from './url.js';
import type { Balancer, ReverseRule } from './types.js';

/** One way a rule can match: a plain `real`, or one balancer member standing in for it. */
interface Entry {
  /** Position in the scan order (rule by rule, member by member): the lowest wins. */
  readonly order: number;
  readonly fake: string;
  /** Length of the key: how much of the value the match consumes. */
  readonly length: number;
  /**
   * Balancer member with a `urlpart`: the part after the member name, compared case-sensitively
   * (the member name itself is compared case-insensitively); `''` otherwise.
   */
  readonly urlpart: string;
  /** Balancer member without `urlpart`: only this branch keeps `fake` "/" from doubling a "/". */
  readonly bare: boolean;
  /**
   * Whether `fake` + anything is a URL (ap_is_url): 1 yes, 0 no, -1 when it depends on what
   * follows (`fake` is empty or scheme characters only).
   */
  readonly url: 1 | 0 | -1;
  /** A `real` starting with "/": its key is matched from the path start. */
  readonly relative: boolean;
}

/** A radix tree node; `label` is the lower-cased edge from the parent. */
interface Node {
  label: string;
  /** Entries whose key ends here, in scan order. */
  entries: Entry[] | null;
  /** Children by the lower-cased first byte of their label (while the tree is built). */
  children: Map<number, Node> | null;
  /** Once built: the first bytes of the children's labels, `kids` in the same order. */
  firsts: string;
  kids: Node[] | null;
  /** Once built, for nodes with many children: `children` kept for direct lookup. */
  many: Map<number, Node> | null;
  /**
   * Once built, for a long pure-ASCII label: the label as a sticky case-insensitive pattern, which
   * the engine compares natively, several times faster than a loop over char codes. Without the
   * `u` flag, `i` folds only A-Z/a-z among ASCII and never maps a non-ASCII char to ASCII, which is
   * the C-locale strncasecmp Apache uses (non-ASCII labels keep the loop).
   */
  sticky: RegExp | null;
  /** Once built, when the children's first bytes fit in a small range: children by byte - `base`. */
  dense: (Node | undefined)[] | null;
  base: number;
  /** The lowest `order` anywhere at or below this node: lets the walk stop early. */
  min: number;
}

/** ProxyPassReverse entries compiled for `mapLocationCompiled`. Immutable once built. */
export interface ReverseIndex {
  /** Keys matched from the start of the value (absolute `real`, balancer members). */
  readonly absolute: Node | null;
  /** Keys matched against the path part of an absolute URL (a `real` starting with `/`). */
  readonly relative: Node | null;
  /** No `fake` holds a control character: a mapped value is then as clean as the backend's. */
  readonly clean: boolean;
}

const BALANCER_PREFIX = 'balancer://';

function newNode(label: string): Node {
  return { label, entries: null, children: null, firsts: '', kids: null, many: null, sticky: null, dense: null, base: 0, min: Infinity };
}

/** Inserts `entry` under the lower-cased `key`, splitting edges as needed. */
function insert(root: Node, key: string, entry: Entry): void {
  let node = root;
  let pos = 0;
  for (;;) {
    if (entry.order < node.min) node.min = entry.order;
    if (pos === key.length) {
      (node.entries ??= []).push(entry);
      return;
    }
    const c = key.charCodeAt(pos);
    const child = node.children?.get(c);
    if (!child) {
      const leaf = newNode(key.slice(pos));
      leaf.min = entry.order;
      leaf.entries = [entry];
      (node.children ??= new Map()).set(c, leaf);
      return;
    }
    // Length of the common part of the child's label and the rest of the key.
    const label = child.label;
    let k = 1;
    while (k < label.length && pos + k < key.length && label.charCodeAt(k) === key.charCodeAt(pos + k)) k++;
    if (k < label.length) {
      // Split the edge: a new inner node takes the common part.
      const inner = newNode(label.slice(0, k));
      inner.min = child.min;
      child.label = label.slice(k);
      inner.children = new Map([[child.label.charCodeAt(0), child]]);
      node.children!.set(c, inner);
      node = inner;
    } else {
      node = child;
    }
    pos += k;
  }
}

/** ap_is_url on `fake` + anything: a scheme of [A-Za-z0-9+.-] followed by `:`. */
function urlness(fake: string): 1 | 0 | -1 {
  let i = 0;
  for (; i < fake.length; i++) {
    const c = fake.charCodeAt(i);
    if (!(isAlnumCode(c) || c === 43 || c === 45 || c === 46)) break;
  }
  if (i === fake.length) return -1;
  return i > 0 && fake.charCodeAt(i) === 58 ? 1 : 0;
}

/**
 * ASCII lower case, for the keys (C-locale folding, as strncasecmp). The result is one flat
 * string: a string grown char by char stays a rope, and reading a rope by index is slow.
 */
function foldKey(s: string): string {
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = lowerCode(s.charCodeAt(i));
  return flat(codes);
}

/** One flat string from char codes (in chunks beyond 4,096: an argument list has a size limit). */
function flat(codes: readonly number[]): string {
  if (codes.length <= 4096) return String.fromCharCode(...codes);
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/** A flat copy of `s` (edge labels are read by index on every lookup). */
function flatten(s: string): string {
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return flat(codes);
}

const STICKY_MIN = 8;

function stickyPattern(label: string): RegExp | null {
  if (label.length < STICKY_MIN) return null;
  for (let i = 0; i < label.length; i++) if (label.charCodeAt(i) > 0x7f) return null;
  return new RegExp(label.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), 'iy');
}

/** A few children are found faster by a linear scan than by a Map lookup. */
const LINEAR_CHILDREN = 8;
/** Children whose first bytes span fewer values than this are found by direct indexing. */
const DENSE_RANGE = 48;

function freezeTree(node: Node): void {
  if (node.entries) Object.freeze(node.entries);
  if (node.children) {
    const kids: Node[] = [];
    let firsts = '';
    for (const [c, child] of node.children) {
      child.label = flatten(child.label);
      child.sticky = stickyPattern(child.label);
      freezeTree(child);
      firsts += String.fromCharCode(c);
      kids.push(child);
    }
    node.firsts = firsts;
    node.kids = kids;
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of node.children.keys()) {
      lo = Math.min(lo, c);
      hi = Math.max(hi, c);
    }
    if (kids.length > 2 && hi - lo < DENSE_RANGE) {
      const dense = new Array<Node | undefined>(hi - lo + 1).fill(undefined);
      for (const [c, child] of node.children) dense[c - lo] = child;
      node.dense = dense;
      node.base = lo;
    } else if (kids.length > LINEAR_CHILDREN) node.many = node.children;
    node.children = null;
  }
  Object.freeze(node);
}

/**
 * Compiles ProxyPassReverse entries (in configuration order) into a prefix index that returns the
 * same first match as Apache's entry-by-entry scan. Balancer entries expand to their members, as
 * mod_proxy tries each member's name in place of `balancer://name`.
 *
 * @example
 * const index = compileReverseIndex([{ fake: '/app/', real: 'http://backend/', interpolate: false, line: 1 }], new Map())
 * reverseMatch('http://backend/x', index) // '/app/x'
 */
export function compileReverseIndex(
  rules: readonly ReverseRule[],
  balancers: ReadonlyMap<string, Balancer>,
): ReverseIndex {
  let absolute: Node | null = null;
  let relative: Node | null = null;
  let order = 0;
  let clean = true;
  for (const { fake, real } of rules) {
    if (clean && !noControlChars(fake)) clean = false;
    // Balancer branch: only when the balancer exists; otherwise `real` is compared literally.
    if (balancers.size > 0 && startsWithIgnoreCase(real, BALANCER_PREFIX)) {
      const rest = real.slice(BALANCER_PREFIX.length);
      const slash = rest.indexOf('/');
      // Same folding as the scan's balancer lookup: ASCII letters only.
      const name = balancerName(real);
      const balancer = name === null ? undefined : balancers.get(name);
      if (balancer) {
        const urlpart = slash < 0 || rest.length - slash === 1 ? '' : rest.slice(slash);
        for (const member of balancer.members) {
          let w = member.name;
          if (urlpart && w.endsWith('/')) w = w.slice(0, -1);
          const key = w + urlpart;
          insert((absolute ??= newNode('')), foldKey(key), {
            order: order++,
            fake,
            length: key.length,
            urlpart,
            bare: !urlpart,
            url: urlness(fake),
            relative: false,
          });
        }
        continue;
      }
    }
    // PR 56603: an empty `real` never matches.
    if (real.length === 0) continue;
    const isRelative = real.charCodeAt(0) === 47; /* / */
    const entry: Entry = {
      order: order++,
      fake,
      length: real.length,
      urlpart: '',
      bare: false,
      url: urlness(fake),
      relative: isRelative,
    };
    insert(isRelative ? (relative ??= newNode('')) : (absolute ??= newNode('')), foldKey(real), entry);
  }
  if (absolute) freezeTree(absolute);
  if (relative) freezeTree(relative);
  return Object.freeze({ absolute, relative, clean });
}

/**
 * Walks `root` over `url` from `start` and returns the earliest entry (in scan order) whose key
 * prefixes the value there, or `best` when none comes before it. Allocates nothing.
 */
function walk(root: Node, url: string, start: number, best: Entry | null): Entry | null {
  let node = root;
  let pos = start;
  const len = url.length;
  for (;;) {
    const entries = node.entries;
    if (entries !== null) {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (best !== null && best.order < e.order) break;
        // A balancer member's urlpart is compared byte for byte (mod_proxy uses strncmp there).
        if (e.urlpart.length === 0 || url.startsWith(e.urlpart, pos - e.urlpart.length)) {
          best = e;
          break;
        }
      }
    }
    if (pos >= len) return best;
    const c = lowerCode(url.charCodeAt(pos));
    let child: Node | undefined;
    const dense = node.dense;
    if (dense !== null) {
      const at = c - node.base;
      // Reading past the end of an array is slow in V8: test the range first.
      if (at >= 0 && at < dense.length) child = dense[at];
    } else if (node.many !== null) {
      child = node.many.get(c);
    } else {
      const kids = node.kids;
      if (kids === null) return best;
      const firsts = node.firsts;
      for (let k = 0; k < firsts.length; k++) {
        if (firsts.charCodeAt(k) === c) {
          child = kids[k];
          break;
        }
      }
    }
    if (child === undefined || (best !== null && best.order < child.min)) return best;
    const label = child.label;
    const n = label.length;
    if (n > 1) {
      if (len - pos < n) return best;
      const sticky = child.sticky;
      if (sticky !== null) {
        sticky.lastIndex = pos;
        if (!sticky.test(url)) return best;
      } else {
        for (let k = 1; k < n; k++) {
          const a = url.charCodeAt(pos + k);
          const l = label.charCodeAt(k);
          if (a !== l && (a < 65 || a > 90 || a + 32 !== l)) return best;
        }
      }
    }
    pos += n;
    node = child;
  }
}

/** The first matching entry of `index` for `url` and where its key starts, without allocating. */
function firstMatch(url: string, index: ReverseIndex): Entry | null {
  const e = index.absolute === null ? null : walk(index.absolute, url, 0, null);
  return index.relative === null ? e : walk(index.relative, url, pathStart(url), e);
}

/**
 * Where a relative `real` is matched: the path of an absolute URL, i.e. after the first "://"
 * anywhere in the value (even in a query) the first "/"; else the whole value.
 */
function pathStart(url: string): number {
  const sep = url.indexOf('://');
  if (sep >= 0) {
    const slash = url.indexOf('/', sep + 3);
    if (slash >= 0) return slash;
  }
  return 0;
}

/** `fake` + the rest of `url` after entry `e` matched (the key starting at `start`). */
function substitute(url: string, e: Entry, start: number): string {
  const end = start + e.length;
  // Only the bare balancer branch guards against "//" when fake is "/" (2.4.4).
  if (e.bare && e.fake === '/' && url.charCodeAt(end) === 47) return url.slice(end);
  return e.fake + url.slice(end);
}

/**
 * The mapped value for the first ProxyPassReverse entry of `index` that matches `url`, before it
 * is made absolute; `null` when none matches (so a caller can chain the lists of several sections).
 *
 * @example
 * const index = compileReverseIndex([{ fake: '/app/', real: '/internal/', interpolate: false, line: 1 }], new Map())
 * reverseMatch('http://h/internal/x', index) // '/app/x'
 * reverseMatch('/elsewhere', index)          // null
 */
export function reverseMatch(url: string, index: ReverseIndex): string | null {
  const e = firstMatch(url, index);
  return e === null ? null : substitute(url, e, e.relative ? pathStart(url) : 0);
}

/**
 * ProxyPassReverse through the indexes of one request (server level first, then each matching
 * section: the first list with a match wins, as in the concatenated scan), made absolute with
 * `origin` (`scheme://name[:port]` of ap_construct_url) unless the result is already a URL.
 * Returns `url` itself when nothing matches.
 *
 * @example
 * const index = compileReverseIndex([{ fake: '/app/', real: 'http://backend/', interpolate: false, line: 1 }], new Map())
 * mapLocationCompiled('http://backend/x', [index], 'http://www.example.com') // 'http://www.example.com/app/x'
 */
export function mapLocationCompiled(url: string, indexes: readonly ReverseIndex[], origin: string): string {
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i];
    const e = firstMatch(url, index);
    if (e === null) continue;
    const u = substitute(url, e, e.relative ? pathStart(url) : 0);
    const isAbsolute = e.url === 1 || (e.url === -1 && isUrl(u));
    return isAbsolute ? u : origin + u;
  }
  return url;
}
