// The shared conformance suite against the Apache httpd 2.4.71 dialect.
import { describe } from 'vitest';
import { apacheDialect } from '../../src/apache/index.js';
import { runConformance } from './suite.js';

describe('apache', () => {
  runConformance({
    dialect: apacheDialect,
    configs: {
      proxy: (m) => [
        `ProxyPass ${m.prefix} ${m.backend}`,
        `ProxyPassReverse ${m.prefix} ${m.backend}`,
        ...(m.cookiePath ? [`ProxyPassReverseCookiePath ${m.cookiePath[0]} ${m.cookiePath[1]}`] : []),
        ...(m.cookieDomain ? [`ProxyPassReverseCookieDomain ${m.cookieDomain[0]} ${m.cookieDomain[1]}`] : []),
      ].join('\n'),
    },
    skip: [],
  });
});
