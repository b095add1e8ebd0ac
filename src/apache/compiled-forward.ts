// ProxyPass compiled into candidate lists, so that forwarding does not try every rule. proxy_trans
// tries the aliases one by one and the first match wins. A plain prefix (alias_match) consumes its
// whole `fake`, lets a run of `/` match a run of `/` and compares every other byte as it is, and a
// `fake` not ending in `/` must end at a segment boundary: a rule whose `fake` is `/S...` can only
// take a URI whose first segment (after its run of `/`) is exactly `S`. Those rules are bucketed by
// `S`; every other rule (ProxyPassMatch, mapping=servlet, interpolated, a `fake` without a first
// segment) is tried for every URI. Candidates keep configuration order.

import type { LocationSection, ProxyPassRule } from './types.js';

/** Positions in a list by key, ascending; those under `null` are tried for every key. */
export type Buckets = ReadonlyMap<string | null, readonly number[]>;

/**
 * Files position `pos` under `key` (`null`: tried for every key). Positions come in ascending order.
 *
 * @example
 * const b = new Map()
 * addTo(b, 'a', 0); addTo(b, null, 1) // candidates(b, 'a') → [0, 1]
 */
export function addTo(b: Map<string | null, number[]>, key: string | null, pos: number): void {
  const list = b.get(key);
  if (list) list.push(pos);
  else b.set(key, [pos]);
}

/**
 * The positions to try for `key`, ascending: its bucket merged with the always-tried list (both
 * are ascending runs, which the sort merges in one pass).
 *
 * @example
 * candidates(new Map([['a', [0, 3]], [null, [1]]]), 'a') // [0, 1, 3]
 */
export function candidates(b: Buckets, key: string): readonly number[] {
  const a = b.get(key);
  const always = b.get(null);
  return !a ? (always ?? []) : !always ? a : [...a, ...always].sort((x, y) => x - y);
}

/**
 * The first segment of a path: after its leading run of `/`, up to the next `/`.
 *
 * @example
 * firstSegment('//app/x') // 'app'
 */
export function firstSegment(s: string): string {
  let i = 0;
  while (s.charCodeAt(i) === 47) i++;
  const j = s.indexOf('/', i);
  return s.slice(i, j < 0 ? s.length : j);
}

/** ProxyPass / ProxyPassMatch rules of the server list, compiled for `forwardRequest`. */
export interface ForwardIndex {
  /** Positions in `proxyPass`: the plain phase ([0]) and the encoded/servlet phase ([1]). */
  readonly phases: readonly Buckets[];
  /** Some rule, of the server or of a section, has a mapping: the pre-translate phase runs. */
  readonly encoded: boolean;
}

type RuleLists = { readonly proxyPass: readonly ProxyPassRule[]; readonly locations: readonly LocationSection[] };

/**
 * Compiles the server's ProxyPass rules into candidate lists per phase, in configuration order;
 * with `scan`, every rule of a phase is a candidate for every URI (the rule-by-rule scan).
 *
 * @example
 * const index = compileForwardIndex(compileApache('ProxyPass /a/ http://b/\nProxyPass /c/ http://c/\nProxyPassMatch ^/x http://d/'))
 * candidates(index.phases[0], 'a') // [0, 2]
 */
export function compileForwardIndex(config: RuleLists, scan = false): ForwardIndex {
  const phases = [new Map(), new Map()] as const;
  config.proxyPass.forEach((r, i) =>
    addTo(
      phases[+(r.mapping !== 'none')],
      // Keyed by the bytes transMatch compares; anything but a plain alias_match prefix, or a
      // `fake` of slashes only, is always tried. (A `fake` not starting with `/` never matches the
      // URI, which always does: filing it under its first word changes nothing.)
      scan || r.regex || r.interpolate || r.mapping === 'servlet' ? null : firstSegment(r.fakeBytes ?? r.fake) || null,
      i,
    ),
  );
  return { phases, encoded: phases[1].size > 0 || config.locations.some((l) => (l.proxyPass?.mapping ?? 'none') !== 'none') };
}

/**
 * Adds `forwardIndex` to a table being built (before it is frozen) and returns the table.
 * `serializeTable` leaves it out, as every derived index: loaders build it again.
 *
 * @example
 * withForwardIndex({ proxyPass: [], locations: [] }).forwardIndex.encoded // false
 */
export function withForwardIndex<T extends RuleLists>(t: T): T & { forwardIndex: ForwardIndex } {
  return Object.assign(t, { forwardIndex: compileForwardIndex(t) });
}
