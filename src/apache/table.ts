// Loads an Apache rule table serialized by `serializeTable` (core/table.ts), without the compiler.

import { freezeTable, readTable } from '../core/table.js';
import { compileReverseIndex, type ReverseIndex } from './compiled-location.js';
import { withForwardIndex } from './compiled-forward.js';
import type { ApacheConfig } from './types.js';
import { indexWorkers } from './worker.js';

/**
 * Rebuilds a frozen Apache rule table from the JSON `serializeTable` wrote (or the object a
 * bundler's JSON import gives, of the `SerializedTable` shape): regexes and the indexes
 * (ProxyPassReverse, ProxyPass, workers) are built once, here. Throws `ConfigError` for another
 * dialect, another format version, or text that is no table.
 *
 * @example
 * // at build time: writeFileSync('table.json', serializeTable(compileApache(text)))
 * const config = loadApacheTable(TABLE_JSON)
 * prepareApache(config, { target: '/app/x', headers: [['Host', 'www.example.com']] }).forward?.url
 */
export function loadApacheTable(input: string | object): ApacheConfig {
  const t = readTable(input, 'apache') as ApacheConfig & { reverseIndex?: ReverseIndex };
  const balancers = t.balancers;
  t.reverseIndex = compileReverseIndex(t.reverse, balancers);
  for (const l of t.locations as (ApacheConfig['locations'][number] & { reverseIndex?: ReverseIndex })[]) {
    l.reverseIndex = compileReverseIndex(l.reverse, balancers);
  }
  indexWorkers(t.workers);
  return freezeTable(withForwardIndex(t));
}
