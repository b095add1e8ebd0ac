import { apacheDialect } from './apache/index.js';
import type { Dialect, Exchange, SimulateResult } from './core/types.js';
import { nginxDialect } from './nginx/index.js';

const DIALECTS: { readonly [K in Exchange['dialect']]: Dialect<any> } = {
  apache: apacheDialect,
  nginx: nginxDialect,
};

/**
 * What would the server do with this exchange? Compiles `config` as the chosen server would (a
 * configuration it refuses throws `ConfigError`), then answers with the request the backend receives
 * and the response the client gets. Pure: the same input always gives the same output.
 *
 * @example
 * const result = simulate({
 *   dialect: 'apache',
 *   config: 'ProxyPass /app/ http://backend:8080/\nProxyPassReverse /app/ http://backend:8080/',
 *   request: { target: '/app/login?next=%2F', headers: [['Host', 'www.example.com']] },
 *   response: { status: 302, headers: [['Location', 'http://backend:8080/home']] },
 * })
 * result.forward?.url          // 'http://backend:8080/login?next=%2F'
 * result.response?.headers     // [['Location', 'http://www.example.com/app/home']]
 */
export function simulate(exchange: Exchange): SimulateResult {
  const dialect = DIALECTS[exchange.dialect];
  if (!dialect) throw new TypeError(`unknown dialect ${JSON.stringify(exchange.dialect)}: expected 'apache' or 'nginx'`);
  const compiled = dialect.compile(exchange.config);
  return dialect.exchange(compiled, exchange.request, exchange.response, exchange.env);
}
