// mod_proxy workers: each ProxyPass target defines one (unless an existing worker already covers
// it), and each request is sent through the worker whose name best fits the backend URL
// (ap_proxy_get_worker_ex). Which one decides connection reuse, and so the `Connection` header the
// backend sees: `Keep-Alive`, or `close` from the generic reverse worker or a worker that may not
// reuse connections.

import { equalsIgnoreCase, isDigitCode, lowerAscii } from '../core/ascii.js';
import { toByteString } from '../core/bytes.js';
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

/** The URL with its `scheme://host[:port]` part lower-cased, and that part's length. */
function lowerAuthority(url: string): [string, number] {
  const sep = url.indexOf('://');
  const slash = url.indexOf('/', sep + 3);
  const end = slash < 0 ? url.length : slash;
  return [lowerAscii(url.slice(0, end)) + url.slice(end), end];
}

/**
 * `ap_proxy_get_worker_ex`: the longest worker name that fits `url` (a prefix for plain workers, an
 * ematch for regex workers) and covers at least its scheme://host[:port]; `null` when none does.
 * Names and URL are compared as bytes: a text URL is taken as its UTF-8 (a non-ASCII name is
 * longer in bytes, which decides which worker fits, observed).
 *
 * @example
 * findWorker(compileApache('ProxyPass /a/ http://b/x/').workers, 'http://b/x/q')?.name // 'http://b/x/'
 */
export function findWorker(
  workers: readonly ProxyWorker[],
  text: string,
  kinds: { prefix: boolean; match: boolean } = { prefix: true, match: true },
): ProxyWorker | null {
  const url = toByteString(text);
  const sep = url.indexOf(':');
  if (sep < 0 || url[sep + 1] !== '/' || url[sep + 2] !== '/' || sep + 3 >= url.length) return null;
  const [lowered, minMatch] = lowerAuthority(url);
  let best: ProxyWorker | null = null;
  let bestLength = 0;
  for (const w of workers) {
    const name = w.nameBytes ?? w.name;
    const n = name.length;
    if (n > url.length || n < minMatch || n <= bestLength) continue;
    const fits = w.matchable ? kinds.match && ematch(lowered, 0, name, 0) === 0 : kinds.prefix && lowered.startsWith(name);
    if (fits) {
      best = w;
      bestLength = n;
    }
  }
  return best;
}

/**
 * The workers a set of ProxyPass rules defines, in order: a rule whose URL an existing worker of
 * the same kind already fits shares that worker (AH01145) and defines none.
 */
export function defineWorkers(rules: readonly ProxyPassRule[], normalize: (url: string) => string | null): ProxyWorker[] {
  const workers: ProxyWorker[] = [];
  for (const rule of rules) {
    if (rule.exclude || lowerAscii(rule.real).startsWith('balancer://')) continue;
    const matchable = rule.regex !== null;
    const existing = findWorker(workers, rule.real, { prefix: !matchable, match: matchable });
    if (existing) continue;
    const normalized = normalize(workerUrl(rule.real, matchable));
    if (normalized === null) continue;
    const name = restoreDollars(normalized, rule.real, matchable);
    // 2.4.47+: a regex worker with a substitution anywhere in its name does not reuse connections.
    let disableReuse = matchable && name.includes('$');
    let upgrade = '';
    for (const [k, v] of Object.entries(rule.params)) {
      if (equalsIgnoreCase(k, 'upgrade')) upgrade = v;
      else if (equalsIgnoreCase(k, 'disablereuse')) disableReuse = equalsIgnoreCase(v, 'on');
      else if (equalsIgnoreCase(k, 'enablereuse')) disableReuse = !equalsIgnoreCase(v, 'on');
    }
    const nameBytes = toByteString(name);
    workers.push(nameBytes !== name ? { name, nameBytes, matchable, disableReuse, upgrade } : { name, matchable, disableReuse, upgrade });
  }
  return workers;
}

/** `$N` in the port of a regex target is moved into the path before parsing (proxy_util.c). */
function workerUrl(url: string, matchable: boolean): string {
  if (!matchable) return url;
  return url.replace(/^([^:]+:\/\/[^:/]*:[^/$]*)((?:\$\d)[^/]*)/, '$1');
}

function restoreDollars(name: string, url: string, matchable: boolean): string {
  if (!matchable) return name;
  const m = /^[^:]+:\/\/[^:/]*:[^/$]*((?:\$\d)[^/]*)/.exec(url);
  if (!m) return name;
  const sep = name.indexOf('://');
  const slash = name.indexOf('/', sep + 3);
  return slash < 0 ? name + m[1] : name.slice(0, slash) + m[1] + name.slice(slash);
}
