// Location selection in nginx's order (ngx_http_core_find_location): exact match, then the longest
// prefix (descending into its nested locations), the auto-redirect case, then regexes in
// configuration order unless the prefix was `^~`.
import type { LocConf } from './types.js';

/** The outcome of a location search. */
export interface LocationMatch {
  /** The location chosen (the server level when none matched). */
  readonly conf: LocConf;
  /** Captures of the regex location that matched, if any. */
  readonly captures: readonly (string | undefined)[] | null;
  /** Named captures of that regex. */
  readonly named: Readonly<Record<string, string>> | null;
  /** True when nginx answers 301 to `name/` instead (a `/`-terminated proxied location). */
  readonly autoRedirect: boolean;
}

type Rc = 'ok' | 'done' | 'again' | 'declined';

interface State {
  conf: LocConf;
  captures: (string | undefined)[] | null;
  named: Record<string, string> | null;
}

function findStatic(parent: LocConf, uri: string, st: State): Rc {
  let exact: LocConf | null = null;
  let samePrefix: LocConf | null = null;
  let best: LocConf | null = null;
  // `= /x/` and `/x/` share one node of nginx's tree: the auto-redirect flag is either's, the
  // configuration answering it is the exact location's when there is one
  let exactSlash: LocConf | null = null;
  let prefixSlash: LocConf | null = null;
  for (const l of parent.staticLocations) {
    const name = l.name;
    const slashOfUri = name.length === uri.length + 1 && name.charCodeAt(uri.length) === 47 && name.startsWith(uri);
    if (l.modifier === '=') {
      if (name === uri) exact = l;
      else if (slashOfUri) exactSlash ??= l;
      continue;
    }
    if (name === uri) samePrefix = l;
    if (uri.startsWith(name)) {
      if (!best || name.length > best.name.length) best = l;
    } else if (slashOfUri) prefixSlash ??= l;
  }
  const auto = exactSlash?.autoRedirect || prefixSlash?.autoRedirect ? exactSlash ?? prefixSlash : null;
  if (exact) {
    st.conf = exact;
    return 'ok';
  }
  if (samePrefix) {
    st.conf = samePrefix;
    return 'again';
  }
  if (auto) {
    st.conf = auto;
    return 'done';
  }
  if (best) {
    st.conf = best;
    return 'again';
  }
  return 'declined';
}

function find(parent: LocConf, uri: string, st: State): Rc {
  let rc = findStatic(parent, uri, st);
  let noregex = false;
  if (rc === 'again') {
    noregex = st.conf.modifier === '^~';
    rc = find(st.conf, uri, st);
  }
  if (rc === 'ok' || rc === 'done') return rc;
  if (!noregex) {
    for (const l of parent.regexLocations) {
      const m = l.regex!.exec(uri);
      if (!m) continue;
      st.conf = l;
      st.captures = Array.from(m);
      st.named = m.groups ? Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k.toLowerCase(), v ?? ''])) : null;
      find(l, uri, st);
      return 'ok';
    }
  }
  return rc;
}

/**
 * Select the location for a (normalised, decoded) URI the way nginx does.
 *
 * @example
 * const conf = compileNginx('location /a/ { proxy_pass http://b/; } location ~ \\.php$ { }')
 * nginxFindLocation(conf.server, '/a/x.php').conf.name // '\\.php$'
 */
export function nginxFindLocation(server: LocConf, uri: string): LocationMatch {
  const st: State = { conf: server, captures: null, named: null };
  const rc = find(server, uri, st);
  return { conf: st.conf, captures: st.captures, named: st.named, autoRedirect: rc === 'done' };
}
