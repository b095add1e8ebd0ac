// Location selection in nginx's order (ngx_http_core_find_location): exact match, then the longest
// prefix (descending into its nested locations), the auto-redirect case, then regexes in
// configuration order unless the prefix was `^~`.
import type { LocConf } from './types.js';


/** The outcome of a location search. */
export interface LocationMatch {
  /** The location chosen (the server level when none matched). */
  readonly conf: LocConf;
  /**
   * Every regex location that matched on the way, outermost first: each sets its named captures as
   * variables, which an inner match does not clear; the last one's are the numbered captures.
   */
  readonly matches: readonly RegExpExecArray[];
  /** True when nginx answers 301 to `name/` instead (a `/`-terminated proxied location). */
  readonly autoRedirect: boolean;
}

interface State {
  conf: LocConf;
  matches: RegExpExecArray[];
}

// The searches answer as nginx's: 0 declined, 1 ok (exact or regex), 2 done (the auto-redirect),
// 3 again (a prefix: search its nested locations, then the regexes)

function findStatic(parent: LocConf, uri: string, st: State): number {
  let exact: LocConf | null = null;
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
    if (uri.startsWith(name)) {
      if (!best || name.length > best.name.length) best = l;
    } else if (slashOfUri) prefixSlash ??= l;
  }
  const auto = exactSlash?.autoRedirect || prefixSlash?.autoRedirect ? exactSlash ?? prefixSlash : null;
  // a prefix location named as the URI is taken before the auto-redirect, a shorter one after it
  const conf = exact ?? (best?.name === uri ? best : auto ?? best);
  if (!conf) return 0;
  st.conf = conf;
  return conf === exact ? 1 : conf === auto ? 2 : 3;
}

function find(parent: LocConf, uri: string, st: State): number {
  let rc = findStatic(parent, uri, st);
  let noregex = false;
  if (rc === 3) {
    noregex = st.conf.modifier === '^~';
    rc = find(st.conf, uri, st);
  }
  if (rc === 1 || rc === 2) return rc;
  if (!noregex) {
    for (const l of parent.regexLocations) {
      const m = l.regex!.exec(uri);
      if (!m) continue;
      st.conf = l;
      st.matches.push(m);
      find(l, uri, st);
      return 1;
    }
  }
  return rc;
}

/**
 * Select the location for a (normalised, decoded) URI the way nginx does; the URI is a byte string
 * (`nginxParseTarget(...).uri`), as the location names are.
 *
 * @example
 * const conf = compileNginx('location /a/ { proxy_pass http://b/; } location ~ \\.php$ { }')
 * nginxFindLocation(conf.server, '/a/x.php').conf.name // '\\.php$'
 */
export function nginxFindLocation(server: LocConf, uri: string): LocationMatch {
  const st: State = { conf: server, matches: [] };
  const rc = find(server, uri, st);
  return { conf: st.conf, matches: st.matches, autoRedirect: rc === 2 };
}
