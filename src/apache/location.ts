// ProxyPassReverse: ap_proxy_location_reverse_map, applied to Location, Content-Location, URI and
// Destination. Entries are tried in order and the first that matches wins; `real` is matched as a
// case-insensitive byte prefix with no segment boundary, and `fake` + the rest is substituted.

import { startsWithIgnoreCase } from '../core/ascii.js';
import { balancerName, isUrl } from './url.js';
import type { Balancer, ReverseRule } from './types.js';

/** Turns a relative result into an absolute URL (`ap_construct_url` with the client context). */
export type ConstructUrl = (path: string) => string;

const BALANCER_PREFIX = 'balancer://';

/**
 * Maps one header value through ProxyPassReverse entries, as Apache httpd 2.4 does. The value must
 * already be trimmed (the header reader does it). Returns the same string when no entry matches.
 *
 * @example
 * const rules = [{ fake: '/app/', real: 'http://backend:8080/', interpolate: false, line: 1 }]
 * mapLocation('http://backend:8080/login', rules, new Map(), (p) => 'http://public.example' + p)
 * // 'http://public.example/app/login'
 */
export function mapLocation(
  url: string,
  rules: readonly ReverseRule[],
  balancers: ReadonlyMap<string, Balancer>,
  constructUrl: ConstructUrl,
): string {
  for (let i = 0; i < rules.length; i++) {
    const { fake, real } = rules[i];
    // Balancer branch: only when the balancer exists; otherwise `real` is compared literally.
    if (balancers.size > 0 && startsWithIgnoreCase(real, BALANCER_PREFIX)) {
      const balancer = balancerOf(real, balancers);
      if (balancer) {
        const mapped = mapThroughBalancer(url, fake, real, balancer);
        if (mapped !== null) return finish(mapped, constructUrl);
        continue;
      }
    }
    // PR 56603: an empty `real` (after interpolation) never matches.
    if (real.length === 0) continue;
    let part = url;
    if (real.charCodeAt(0) === 47 /* / */) {
      // A relative `real` is matched against the path of an absolute URL: the first "://" anywhere
      // in the value (even in a query) and the first "/" after it start the path.
      const sep = url.indexOf('://');
      if (sep >= 0) {
        const slash = url.indexOf('/', sep + 3);
        if (slash >= 0) part = url.slice(slash);
      }
    }
    if (startsWithIgnoreCase(part, real)) {
      return finish(fake + part.slice(real.length), constructUrl);
    }
  }
  return url;
}

/**
 * The last step of the map: a result that is a URL (an absolute `fake`) is returned as it is,
 * anything else is made absolute with the server's own name.
 *
 * @example
 * finishLocation('/app/x', (p) => 'http://www.example.com' + p) // 'http://www.example.com/app/x'
 * finishLocation('https://pub/x', (p) => 'http://www.example.com' + p) // 'https://pub/x'
 */
export function finishLocation(u: string, constructUrl: ConstructUrl): string {
  return isUrl(u) ? u : constructUrl(u);
}

const finish = finishLocation;

function balancerOf(real: string, balancers: ReadonlyMap<string, Balancer>): Balancer | undefined {
  // The name folds ASCII letters only, as the compiler keyed it (httpd compares names with strcasecmp).
  const name = balancerName(real);
  return name === null ? undefined : balancers.get(name);
}

/** The balancer branch: each member's normalised name stands in for `balancer://name`. */
function mapThroughBalancer(url: string, fake: string, real: string, balancer: Balancer): string | null {
  const rest = real.slice(BALANCER_PREFIX.length);
  const slash = rest.indexOf('/');
  // "/" alone, or nothing, means no urlpart.
  const urlpart = slash < 0 || rest.length - slash === 1 ? '' : rest.slice(slash);
  for (const member of balancer.members) {
    let w = member.name;
    if (urlpart) {
      if (w.endsWith('/')) w = w.slice(0, -1);
      if (
        url.length >= w.length + urlpart.length &&
        startsWithIgnoreCase(url, w) &&
        url.startsWith(urlpart, w.length) // urlpart is compared case-sensitively
      ) {
        return fake + url.slice(w.length + urlpart.length);
      }
    } else if (startsWithIgnoreCase(url, w)) {
      // Only this branch guards against "//" when fake is "/" (2.4.4).
      if (fake === '/' && url.charCodeAt(w.length) === 47) return url.slice(w.length);
      return fake + url.slice(w.length);
    }
  }
  return null;
}
