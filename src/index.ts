/**
 * passreverse: Apache httpd and nginx reverse-proxy rewriting as pure functions.
 * @module
 */
export { simulate } from './simulate.js';
export { ConfigError } from './core/errors.js';
export { serializeTable, TABLE_VERSION } from './core/table.js';
export type { SerializedTable } from './core/table.js';
export type {
  BackendResponse,
  ClientRequest,
  ClientResponse,
  Dialect,
  DialectName,
  Exchange,
  ForwardedRequest,
  HeaderList,
  ReadonlyHeaderList,
  SimulateResult,
} from './core/types.js';

export { apacheDialect, apacheExchange, compileApache, loadApacheTable, prepareApache } from './apache/index.js';
export type { ApacheExchange } from './apache/index.js';
export { mapLocation as proxyPassReverse } from './apache/location.js';
export { mapSetCookie as proxyPassReverseCookie } from './apache/cookie.js';
export { canonicalDate as apacheCanonicalDate } from './apache/date.js';
export type {
  ApacheConfig,
  CookieRule,
  LocationSection,
  ProxySection,
  ProxyPassRule,
  ReverseRule,
} from './apache/types.js';

export {
  compileNginx,
  loadNginxTable,
  nginxDialect,
  nginxForward,
  nginxProxyCookie,
  nginxProxyRedirect,
  prepareNginx,
} from './nginx/index.js';
export type { NginxConfig, NginxExchange, NginxScope } from './nginx/index.js';
