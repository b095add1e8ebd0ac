// The shared conformance suite against the nginx 1.22.1 dialect.
import { describe } from 'vitest';
import { nginxDialect } from '../../src/nginx/index.js';
import { runConformance } from './suite.js';

describe('nginx', () => {
  runConformance({
    dialect: nginxDialect,
    configs: {
      // proxy_pass with a URI part gets the implicit `proxy_redirect default` (backend URL -> prefix).
      proxy: (m) => [
        `location ${m.prefix} {`,
        `  proxy_pass ${m.backend};`,
        ...(m.cookiePath ? [`  proxy_cookie_path ${m.cookiePath[0]} ${m.cookiePath[1]};`] : []),
        ...(m.cookieDomain ? [`  proxy_cookie_domain ${m.cookieDomain[0]} ${m.cookieDomain[1]};`] : []),
        '}',
      ].join('\n'),
    },
    skip: [],
  });
});
