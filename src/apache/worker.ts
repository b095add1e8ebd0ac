// mod_proxy workers: each ProxyPass target defines one (unless an existing worker already covers
// it), and each request is sent through the worker whose name best fits the backend URL
// (ap_proxy_get_worker_ex). Which one decides connection reuse, and so the `Connection` header the
// backend sees: `Keep-Alive`, or `close` from the generic reverse worker or a worker that may not
// reuse connections.

import { isDigitCode, lowerAscii } from '../core/ascii.js';
import { toByteString } from '../core/bytes.js';
import { addTo, candidates, type Buckets } from './compiled-forward.js';
import type { ProxyPassRule } from './types.js';

/** A worker as mod_proxy keeps it: its normalised name and whether it may reuse connections. */
export interface ProxyWorker {
  /** Scheme and host lower-cased, default port dropped, path as written (`$N` kept for regex rules). */
  readonly name: string;
  /**
   * `name` as bytes (UTF-8, one char per byte), the form httpd compares, lengths included; only when
   * it differs from `name`.
   */
  readonly nameBytes?: string;
  /** Defined by a regex rule: matched with `$N` as a wildcard (ap_proxy_strcmp_ematch). */
  readonly matchable: boolean;
  /** No connection reuse: `$N` in a regex worker's name, or `disablereuse=On` / `enablereuse=Off`. */
  readonly disableReuse: boolean;
  /** The `upgrade=` parameter: protocols the worker may upgrade to (empty: none besides ws's default). */
  readonly upgrade: string;
  /** `responsefieldsize=`: the longest backend header line it reads, when not the default 8192. */
  readonly responseFieldSize?: number;
}

/** What a ProxyPass or BalancerMember line's parameters set on a new worker (config.ts reads them). */
export interface WorkerParams {
  /** `disablereuse` / `enablereuse` as written, or true for `addressttl=0` (absent: the default). */
  disableReuse?: boolean;
  upgrade?: string;
  responseFieldSize?: number;
}

/**
 * `ap_proxy_strcmp_ematch`: `$N` (one or more in a row) in the worker name matches any run of
 * characters, `\x` matches `x`; every other character must be equal.
 */
function ematch(str: string, x: number, expected: string, y: number): number {
  for (; y < expected.length; y++, x++) {
    if (expected[y] === '$' && isDigitCode(expected.charCodeAt(y + 1))) {
      do y += 2;
      while (expected[y] === '$' && isDigitCode(expected.charCodeAt(y + 1)));
      if (y >= expected.length) return 0;
      while (x < str.length) {
        const r = ematch(str, x++, expected, y);
        if (r !== 1) return r;
      }
      return -1;
    }
    if (x >= str.length) return -1;
    if (expected[y] === '\\' && ++y >= expected.length) return -2;
    if (str[x] !== expected[y]) return 1;
  }
  return 0;
}

/** Where the `scheme://host[:port]` part of a URL ends. */
function authorityEnd(url: string): number {
  const slash = url.indexOf('/', url.indexOf('://') + 3);
  return slash < 0 ? url.length : slash;
}

/** A worker list with the index `findWorker` looks candidates up in (non-enumerable: not serialized). */
export type WorkerList = readonly ProxyWorker[] & { readonly index?: Buckets };

/**
 * A plain worker can only fit a URL with the same lower-cased `scheme://authority` as its name: it
 * must cover that part and be a prefix of the URL, so its own authority part is the URL's. Regex
 * workers (`$N` may stand for anything) are tried for every URL.
 */
function workerKey(w: ProxyWorker): string | null {
  const name = w.nameBytes ?? w.name;
  return w.matchable ? null : name.slice(0, authorityEnd(name));
}

/**
 * Attaches the lookup index to a worker list (positions by name authority, regex workers apart),
 * in place, non-enumerable so that `serializeTable` leaves it out; returns the list.
 *
 * @example
 * findWorker(indexWorkers([{ name: 'http://b/x/', matchable: false, disableReuse: false, upgrade: '' }]), 'http://B/x/q')?.name // 'http://b/x/'
 */
export function indexWorkers(workers: readonly ProxyWorker[]): WorkerList {
  return Object.defineProperty(workers, 'index', { value: workerIndex(workers) });
}

/** Worker positions by `workerKey`. */
function workerIndex(workers: readonly ProxyWorker[]): Map<string | null, number[]> {
  const index = new Map<string | null, number[]>();
  workers.forEach((w, i) => addTo(index, workerKey(w), i));
  return index;
}

/**
 * `ap_proxy_get_worker_ex`: the longest worker name that fits `url` (a prefix for plain workers, an
 * ematch for regex workers) and covers at least its scheme://host[:port]; `null` when none does;
 * the first of equal length wins. `kind` limits the search to plain or to regex workers. Names and
 * URL are compared as bytes: a text URL is taken as its UTF-8 (a non-ASCII name is longer in
 * bytes, which decides which worker fits, observed). Only the candidates of the list's index are
 * tried, in list order.
 *
 * @example
 * findWorker(compileApache('ProxyPass /a/ http://b/x/').workers, 'http://b/x/q')?.name // 'http://b/x/'
 */
export function findWorker(workers: WorkerList, text: string, kind?: 'prefix' | 'match'): ProxyWorker | null {
  const url = toByteString(text);
  const sep = url.indexOf(':');
  if (sep < 0 || url[sep + 1] !== '/' || url[sep + 2] !== '/' || sep + 3 >= url.length) return null;
  const minMatch = authorityEnd(url);
  const authority = lowerAscii(url.slice(0, minMatch));
  const lowered = authority + url.slice(minMatch);
  // A list built by hand has no index: one is made for this lookup.
  const order = candidates(workers.index ?? workerIndex(workers), authority);
  let best: ProxyWorker | null = null;
  let bestLength = 0;
  for (let k = 0; k < order.length; k++) {
    const w = workers[order[k]];
    const name = w.nameBytes ?? w.name;
    const n = name.length;
    if (n > url.length || n < minMatch || n <= bestLength) continue;
    const fits = w.matchable ? kind !== 'prefix' && ematch(lowered, 0, name, 0) === 0 : kind !== 'match' && lowered.startsWith(name);
    if (fits) {
      best = w;
      bestLength = n;
    }
  }
  return best;
}

/**
 * ap_proxy_define_worker_ex for a ProxyPass rule that no worker of `workers` fits yet (the caller
 * checks, AH01145): adds the worker its URL names, with its parameters, to the indexed list in
 * place. A URL `normalize` cannot parse defines none.
 *
 * @example
 * const workers = indexWorkers([])
 * defineWorker(workers, compileApache('ProxyPass /a/ http://b/x/').proxyPass[0], normalizeWorkerName, {})
 * workers[0].name // 'http://b/x/'
 */
export function defineWorker(workers: WorkerList, rule: ProxyPassRule, normalize: (url: string) => string | null, params: WorkerParams): void {
  const matchable = rule.regex !== null;
  // `$N` in the port of a regex target is moved out before parsing and put back after the
  // authority (proxy_util.c).
  const dollars = matchable ? PORT_DOLLARS.exec(rule.real) : null;
  const normalized = normalize(dollars ? rule.real.replace(PORT_DOLLARS, '$1') : rule.real);
  if (normalized === null) return;
  const end = authorityEnd(normalized);
  const name = dollars ? normalized.slice(0, end) + dollars[2] + normalized.slice(end) : normalized;
  // 2.4.47+: a regex worker with a substitution in its name does not reuse connections unless
  // told to; with one in the host or port (or addressttl=0) the address is not reusable, and no
  // parameter brings reuse back (ap_proxy_initialize_worker).
  const disableReuse = dollars !== null || (matchable && name.slice(0, end).includes('$')) || (params.disableReuse ?? (matchable && name.includes('$')));
  const nameBytes = toByteString(name);
  const w: ProxyWorker = {
    name,
    ...(nameBytes !== name ? { nameBytes } : {}),
    matchable,
    disableReuse,
    upgrade: params.upgrade ?? '',
    ...(params.responseFieldSize ? { responseFieldSize: params.responseFieldSize } : {}),
  };
  addTo((workers as { index: Map<string | null, number[]> } & WorkerList).index, workerKey(w), (workers as ProxyWorker[]).push(w) - 1);
}

/** A regex target with `$N` in its port: the part before, and the `$N...` run. */
const PORT_DOLLARS = /^([^:]+:\/\/[^:/]*:[^/$]*)(\$\d[^/]*)/;
