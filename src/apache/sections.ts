// The location walk (server/request.c ap_location_walk) and the per-directory merge of the
// settings mod_proxy and core read at request time.

import type { ApacheConfig, DirSettings, EffectiveSettings, LocationSection, ProxySection } from './types.js';

/** ap_no2slash: collapses runs of `/`. Returns the same string when there are none. */
function no2slash(s: string): string {
  return s.includes('//') ? s.replace(/\/{2,}/g, '/') : s;
}

/** apr_fnmatch_test, for `<Proxy>` paths. */
function isGlob(s: string): boolean {
  let open = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '*' || c === '?') return true;
    if (c === '\\') i++;
    else if (c === '[') open = true;
    else if (c === ']' && open) return true;
  }
  return false;
}

/** apr_fnmatch without flags (`*` and `?` cross `/`), as proxy_walk uses it. */
function fnmatch(pattern: string, s: string, pi = 0, si = 0): boolean {
  while (pi < pattern.length) {
    const c = pattern[pi];
    if (c === '*') {
      while (pattern[pi] === '*') pi++;
      if (pi === pattern.length) return true;
      for (let k = si; k <= s.length; k++) if (fnmatch(pattern, s, pi, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const end = pattern.indexOf(']', pi + 2);
      if (end > 0) {
        let body = pattern.slice(pi + 1, end);
        const neg = body[0] === '!' || body[0] === '^';
        if (neg) body = body.slice(1);
        let hit = false;
        for (let k = 0; k < body.length; k++) {
          if (body[k + 1] === '-' && k + 2 < body.length) {
            if (s[si] >= body[k] && s[si] <= body[k + 2]) hit = true;
            k += 2;
          } else if (body[k] === s[si]) hit = true;
        }
        if (hit === neg) return false;
        pi = end + 1;
        si++;
        continue;
      }
    }
    let lit = c;
    if (c === '\\' && pi + 1 < pattern.length) lit = pattern[++pi];
    if (lit !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

/**
 * Whether one `<Location>` / `<LocationMatch>` section matches `uri` (ap_location_walk). `uri` is
 * a byte string (core/bytes.ts); the section's path and regex were compiled to bytes.
 */
function locationMatches(section: LocationSection, uri: string): boolean {
  // <LocationMatch> and <Location ~> test the regex on r->uri as it is.
  if (section.kind === 'LocationMatch') return section.match !== null && section.match.test(uri);
  // Plain and glob paths compare against the slash-merged URI, whatever MergeSlashes says.
  const entry = no2slash(uri);
  if (section.match !== null) return section.match.test(entry);
  const d = section.pathBytes ?? section.path;
  const len = d.length;
  if (!entry.startsWith(d)) return false;
  // A path not ending in '/' must end at a segment boundary of the URI.
  if (len > 0 && d[len - 1] !== '/' && len < entry.length && entry[len] !== '/') return false;
  return true;
}

/**
 * The `<Location>` / `<LocationMatch>` sections matching `uri`, in merge order (config order).
 * Prefix paths match at a segment boundary (`<Location /app>` matches `/app` and `/app/x`, not
 * `/apple`); glob paths use fnmatch on the slash-merged URI; `<LocationMatch>` tests its regex.
 *
 * @example
 * walkLocations(compileApache('<Location /app>\n</Location>'), '/app/x').length // 1
 */
export function walkLocations(config: ApacheConfig, uri: string): LocationSection[] {
  const out: LocationSection[] = [];
  for (const section of config.locations) if (locationMatches(section, uri)) out.push(section);
  return out;
}

/**
 * Whether a `<Proxy>` / `<ProxyMatch>` section matches the backend URL, a byte string (proxy_walk:
 * the regex, an fnmatch glob, or a plain case-sensitive prefix).
 */
function proxySectionMatches(section: ProxySection, targetUrl: string): boolean {
  if (section.match !== null) return section.match.test(targetUrl);
  const path = section.pathBytes ?? section.path;
  return isGlob(path) ? fnmatch(path, targetUrl) : targetUrl.startsWith(path);
}

/** The per-directory merge: what `d` sets overrides `acc`. */
function mergeSettings(acc: DirSettings, d: Readonly<DirSettings>): void {
  if (d.useCanonicalName !== undefined) acc.useCanonicalName = d.useCanonicalName;
  if (d.useCanonicalPhysicalPort !== undefined) acc.useCanonicalPhysicalPort = d.useCanonicalPhysicalPort;
  if (d.proxyPreserveHost !== undefined) acc.proxyPreserveHost = d.proxyPreserveHost;
  if (d.proxyAddHeaders !== undefined) acc.proxyAddHeaders = d.proxyAddHeaders;
  if (d.proxyPassInterpolateEnv !== undefined) acc.proxyPassInterpolateEnv = d.proxyPassInterpolateEnv;
}

/**
 * Merges the vhost's per-directory settings with each matching section in httpd's order: the
 * `<Proxy>` sections matching `targetUrl` (proxy_walk at map_to_storage; only for a request
 * proxied to that URL, a byte string), then the `<Location>` sections (the location walk that runs
 * after it). A matching `<Location>`, or a matching `<Proxy>` that holds a core directive, resets
 * `AllowEncodedSlashes NoDecode` to Off: core's merge copies the flag from the section, which never
 * sets it (quirk 21; a `<Proxy>` with only mod_proxy or Require lines has no core settings to merge,
 * observed).
 *
 * @example
 * effectiveSettings(config, walkLocations(config, '/p/x')).allowEncodedSlashes // 'Off' when a Location matched
 */
export function effectiveSettings(
  config: ApacheConfig,
  sections: readonly LocationSection[],
  targetUrl?: string,
): EffectiveSettings {
  let reset = sections.length > 0;
  const acc: DirSettings = { ...config.settings };
  if (targetUrl !== undefined) {
    for (const p of config.proxySections) {
      if (proxySectionMatches(p, targetUrl)) {
        mergeSettings(acc, p.settings);
        if (p.core) reset = true;
      }
    }
  }
  for (const s of sections) mergeSettings(acc, s.settings);
  const { useCanonicalName, useCanonicalPhysicalPort, proxyPreserveHost, proxyAddHeaders, proxyPassInterpolateEnv } = acc;
  let allowEncodedSlashes = config.allowEncodedSlashes;
  if (reset && allowEncodedSlashes === 'NoDecode') allowEncodedSlashes = 'Off';
  return {
    useCanonicalName: useCanonicalName ?? 'Off',
    useCanonicalPhysicalPort: useCanonicalPhysicalPort ?? false,
    proxyPreserveHost: proxyPreserveHost ?? false,
    proxyAddHeaders: proxyAddHeaders ?? true,
    proxyPassInterpolateEnv: proxyPassInterpolateEnv ?? false,
    allowEncodedSlashes,
  };
}
