// ProxyPassReverse compiled into a prefix index. Apache scans the entries one by one
// (ap_proxy_location_reverse_map) and the first whose `real` is a case-insensitive byte prefix of
// the value wins; this index answers the same question in one walk over the value, whatever the
// size of the table: every `real` (and every balancer member standing in for one) is a key of a
// radix tree over ASCII-lower-cased bytes, and the walk keeps the earliest entry (in scan order)
// among the keys that prefix the value.

import { lowerCode, startsWithIgnoreCase } from '../core/ascii.js';
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
}

/** A radix tree node; `label` is the lower-cased edge from the parent. */
interface Node {
  label: string;
  /** Entries whose key ends here, in scan order. */
  entries: Entry[] | null;
  /** Children by the lower-cased first byte of their label. */
  children: Map<number, Node> | null;
  /** The lowest `order` anywhere at or below this node: lets the walk stop early. */
  min: number;
}

/** ProxyPassReverse entries compiled for `mapLocationCompiled`. Immutable once built. */
export interface ReverseIndex {
  /** Keys matched from the start of the value (absolute `real`, balancer members). */
  readonly absolute: Node | null;
  /** Keys matched against the path part of an absolute URL (a `real` starting with `/`). */
  readonly relative: Node | null;
}

const BALANCER_PREFIX = 'balancer://';

function newNode(label: string): Node {
  return { label, entries: null, children: null, min: Infinity };
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

/** ASCII lower case, for the keys (C-locale folding, as strncasecmp). */
function foldKey(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(lowerCode(s.charCodeAt(i)));
  return out;
}

function freezeTree(node: Node): void {
  if (node.entries) Object.freeze(node.entries);
  if (node.children) for (const child of node.children.values()) freezeTree(child);
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
  for (const { fake, real } of rules) {
    // Balancer branch: only when the balancer exists; otherwise `real` is compared literally.
    if (balancers.size > 0 && startsWithIgnoreCase(real, BALANCER_PREFIX)) {
      const rest = real.slice(BALANCER_PREFIX.length);
      const slash = rest.indexOf('/');
      // Same folding as the scan's balancer lookup.
      const balancer = balancers.get((slash < 0 ? rest : rest.slice(0, slash)).toLowerCase());
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
          });
        }
        continue;
      }
    }
    // PR 56603: an empty `real` never matches.
    if (real.length === 0) continue;
    const entry: Entry = { order: order++, fake, length: real.length, urlpart: '', bare: false };
    if (real.charCodeAt(0) === 47 /* / */) insert((relative ??= newNode('')), foldKey(real), entry);
    else insert((absolute ??= newNode('')), foldKey(real), entry);
  }
  if (absolute) freezeTree(absolute);
  if (relative) freezeTree(relative);
  return Object.freeze({ absolute, relative });
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
    if (pos >= len || node.children === null) return best;
    const child = node.children.get(lowerCode(url.charCodeAt(pos)));
    if (child === undefined || (best !== null && best.order < child.min)) return best;
    const label = child.label;
    const n = label.length;
    if (len - pos < n) return best;
    for (let k = 1; k < n; k++) {
      const c = url.charCodeAt(pos + k);
      const l = label.charCodeAt(k);
      if (c !== l && (c < 65 || c > 90 || c + 32 !== l)) return best;
    }
    pos += n;
    node = child;
  }
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
  let e: Entry | null = index.absolute === null ? null : walk(index.absolute, url, 0, null);
  let start = 0;
  if (index.relative !== null) {
    // A relative `real` is matched against the path of an absolute URL: the first "://" anywhere
    // in the value (even in a query) and the first "/" after it start the path.
    let from = 0;
    const sep = url.indexOf('://');
    if (sep >= 0) {
      const slash = url.indexOf('/', sep + 3);
      if (slash >= 0) from = slash;
    }
    const r = walk(index.relative, url, from, e);
    if (r !== e) {
      e = r;
      start = from;
    }
  }
  if (e === null) return null;
  const end = start + e.length;
  // Only the bare balancer branch guards against "//" when fake is "/" (2.4.4).
  if (e.bare && e.fake === '/' && url.charCodeAt(end) === 47) return url.slice(end);
  return e.fake + url.slice(end);
}
