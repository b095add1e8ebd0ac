// A compiled rule table as JSON, so that a build step can compile the configuration once and an
// edge function can load the result without shipping (or running) the configuration compiler.
// RegExps travel as their source and flags, Maps and Sets as entry arrays; what the loader can
// derive from the rest (the ProxyPassReverse prefix indexes) is left out and rebuilt at load.

import { ConfigError } from './errors.js';
import type { DialectName } from './types.js';

/** The format a serialized table declares. */
const FORMAT = 'passreverse/table';

/**
 * The version of the serialized form this library writes and reads. It changes whenever the
 * table's shape does: a table written by another version is refused, and is compiled again.
 *
 * @example
 * JSON.parse(serializeTable(table)).version === TABLE_VERSION // true
 */
export const TABLE_VERSION = 4;

/** A table as `serializeTable` writes it (after `JSON.parse`, e.g. a bundler's JSON import). */
export interface SerializedTable {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly dialect: DialectName;
  readonly table: unknown;
}

/** Indexes a loader rebuilds from the rule lists: never written. */
const DERIVED = new Set(['reverseIndex', 'forwardIndex']);

/** Replacer: tagged RegExp / Map / Set, derived indexes left out. */
function encode(key: string, value: unknown): unknown {
  if (DERIVED.has(key)) return undefined;
  if (value instanceof RegExp) return { $re: [value.source, value.flags] };
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  return value;
}

/**
 * Reviver: the tagged objects back. A tag's value is an array: no table object has a key `$re`,
 * `$map` or `$set` holding one otherwise (a ProxyPass parameter value is a string).
 */
function decode(_key: string, v: { $re?: [string, string]; $map?: []; $set?: [] } | null): unknown {
  return Array.isArray(v?.$re) ? new RegExp(...v.$re) : Array.isArray(v?.$map) ? new Map(v.$map) : Array.isArray(v?.$set) ? new Set(v.$set) : v;
}

/**
 * A compiled table (from `compileApache` or `compileNginx`) as a JSON string that carries its
 * dialect and the format version; `loadApacheTable` / `loadNginxTable` rebuild it.
 *
 * @example
 * const json = serializeTable(compileApache('ProxyPass /app/ http://backend:8080/'))
 * JSON.parse(json).dialect // 'apache'
 * loadApacheTable(json).proxyPass[0].real // 'http://backend:8080/'
 */
export function serializeTable(table: object): string {
  const dialect: DialectName | null =
    'server' in table && 'upstreams' in table ? 'nginx' : 'proxyPass' in table && 'locations' in table ? 'apache' : null;
  if (dialect === null) throw new TypeError('serializeTable: not a table from compileApache or compileNginx');
  return JSON.stringify({ format: FORMAT, version: TABLE_VERSION, dialect, table }, encode);
}

/**
 * The table data of a serialized table of `dialect`, RegExps, Maps and Sets rebuilt (not frozen,
 * nothing derived yet). Throws `ConfigError` (line 0: no configuration line) for text that is no
 * table, another format version or another dialect.
 *
 * @example
 * readTable(serializeTable(compileNginx('location / { }')), 'nginx') // { serverNames: [], ... }
 */
export function readTable(input: string | object, dialect: DialectName): unknown {
  let t: Partial<SerializedTable> | undefined;
  try {
    // An object (a bundler's JSON import) goes through the same reviver as text.
    t = JSON.parse(typeof input === 'string' ? input : JSON.stringify(input), decode);
  } catch {
    // not JSON: refused below
  }
  const reason =
    t?.format !== FORMAT
      ? 'not a passreverse table'
      : t.version !== TABLE_VERSION
        ? `table format ${t.version}, not ${TABLE_VERSION}: compile the configuration again`
        : t.dialect !== dialect
          ? `${t.dialect} table, not ${dialect}`
          : null;
  if (reason !== null) throw new ConfigError(0, 'table', reason);
  return t!.table;
}

/**
 * Freezes `o` and everything it holds (Map and Set entries included), as the compilers freeze their
 * tables. RegExps are left as they are (matching sets `lastIndex`), and so are objects already
 * frozen (a prebuilt index).
 *
 * @example
 * Object.isFrozen(freezeTable({ a: [1] }).a) // true
 */
export function freezeTable<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o) && !(o instanceof RegExp)) {
    Object.freeze(o);
    const values = o instanceof Map || o instanceof Set ? o.values() : Object.values(o);
    for (const v of values) freezeTable(v);
  }
  return o;
}
