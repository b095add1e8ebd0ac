// The proxy_pass URL (ngx_http_proxy_pass, ngx_parse_url): parsed once by the compiler for a
// literal URL, and per request when the URL holds variables (kept apart from the compiler so that
// applying a compiled table never loads it).
import { startsWithIgnoreCase } from '../core/ascii.js';
import { DIGITS, lowerName } from './binary.js';
import type { ProxyPass, Upstream } from './types.js';

/** `http://` or `https://`, in any case. */
const HTTP_PREFIX = /^http(s?):\/\//i;
const URI_START = /[/?]/;

/**
 * Parse a static proxy_pass URL or one evaluated at run time; a string is nginx's reason to refuse it.
 *
 * @example
 * parseProxyUrl('http://127.0.0.1:8081/app/', new Map()) // { scheme: 'http', proxyHost: '127.0.0.1:8081', uri: '/app/', ... }
 */
export function parseProxyUrl(url: string, upstreams: ReadonlyMap<string, Upstream>): Omit<ProxyPass, 'url' | 'line' | 'value'> | string {
  // without the u flag, i folds ASCII letters only, as ngx_strncasecmp
  const prefix = HTTP_PREFIX.exec(url);
  if (!prefix) return 'invalid URL prefix';
  const scheme = prefix[1] ? 'https' : 'http';
  const rest = url.slice(prefix[0].length);
  // http://unix:/path.sock:/uri: the URI follows the colon after the socket path; otherwise it
  // starts at the first '/' or '?'
  const unix = startsWithIgnoreCase(rest, 'unix:');
  const cut = unix ? rest.indexOf(':', 5) : rest.search(URI_START);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  const uri = cut < 0 ? null : rest.slice(unix ? cut + 1 : cut) || null;
  if (unix) return { scheme, proxyHost: 'localhost', proxyPort: '', uri, upstream: null, authority };
  let host = authority;
  let port = '';
  const close = authority.startsWith('[') ? authority.indexOf(']') : -1;
  const colon = authority.indexOf(':', close < 0 ? 0 : close);
  if (colon >= 0) {
    host = authority.slice(0, colon);
    port = authority.slice(colon + 1);
    if (!DIGITS.test(port) || Number(port) < 1 || Number(port) > 65535) return `invalid port in upstream "${authority}"`;
  }
  if (!host) return `no host in upstream "${authority}"`;
  const defaultPort = scheme === 'https' ? 443 : 80;
  const explicit = port !== '' && Number(port) !== defaultPort;
  const ups = port === '' ? upstreams.get(lowerName(host)) : undefined;
  return {
    scheme,
    proxyHost: explicit ? `${host}:${port}` : host,
    proxyPort: port === '' ? String(defaultPort) : port,
    uri,
    upstream: ups ? ups.name : null,
    // For an upstream block the URL keeps its name: that is $proxy_host, the Host nginx sends; the
    // member it connects to is chosen at run time (round robin) and is not part of the URL.
    authority,
  };
}

