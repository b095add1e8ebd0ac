// ProxyPassReverse rows observed on Apache httpd 2.4.71 (reference §4.1, all ✔).
import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { mapLocation } from '../../src/apache/location.js';

const H = 'http://rev.test:29180';
const construct = (p: string) => H + p;

const main = compileApache(`
ProxyPassReverse /app/     http://backend.test/app/
ProxyPassReverse /noslash  http://nsl.test
ProxyPassReverse /rel/     /internal/
ProxyPassReverse /         http://root.test/
ProxyPassReverse /r2       http://root2.test
ProxyPassReverse https://pub.test/ http://abs.test/
ProxyPassReverse foo       http://weird.test/
ProxyPassReverse /case/    http://Case.Test/Path/
ProxyPassReverse /port/    http://porty.test:80/
ProxyPassReverse /multi1/  http://multi.test/a/
ProxyPassReverse /multi2/  http://multi.test/
ProxyPassReverse /sch/     https://sch.test/
ProxyPassReverse /v6/      http://[::1]:8080/
`);

// [backend value (already trimmed by the header reader), client sees]
const MAIN: [string, string][] = [
  ['http://backend.test/app/x?y=1', `${H}/app/x?y=1`],
  ['http://BACKEND.TEST/APP/x', `${H}/app/x`],
  ['HTTP://backend.test/app/', `${H}/app/`],
  ['http://backend.test/app', 'http://backend.test/app'],
  ['http://backend.test/application', 'http://backend.test/application'],
  ['http://backend.test:80/app/x', 'http://backend.test:80/app/x'],
  ['http://nsl.test:8080/x', `${H}/noslash:8080/x`],
  ['http://nsl.test.evil.com/x', `${H}/noslash.evil.com/x`],
  ['http://nsl.test', `${H}/noslash`],
  ['/internal/a', `${H}/rel/a`],
  ['/INTERNAL/a', `${H}/rel/a`],
  ['http://other.host:1234/internal/a?q', `${H}/rel/a?q`],
  ['https://x.y/internal/', `${H}/rel/`],
  ['/x?next=http://h/internal/zz', `${H}/rel/zz`],
  ['/internal/a?next=http://h/elsewhere', '/internal/a?next=http://h/elsewhere'],
  ['http://root.test/foo', `${H}/foo`],
  ['http://root.test', 'http://root.test'],
  ['http://root2.test/foo', `${H}/r2/foo`],
  ['http://root2.test', `${H}/r2`],
  ['http://root2.testing/zz', `${H}/r2ing/zz`],
  ['http://abs.test/q?z', 'https://pub.test/q?z'],
  ['http://weird.test/z', `${H}fooz`],
  ['http://weird.test/', `${H}foo`],
  ['http://weird.test/a:b', 'fooa:b'],
  ['http://weird.test/-a.b+c:d', 'foo-a.b+c:d'],
  ['http://weird.test/_a:b', `${H}foo_a:b`],
  ['http://case.test/path/q', `${H}/case/q`],
  ['http://porty.test:80/a', `${H}/port/a`],
  ['http://porty.test/a', 'http://porty.test/a'],
  ['http://multi.test/a/b', `${H}/multi1/b`],
  ['http://multi.test/b', `${H}/multi2/b`],
  ['https://sch.test/s', `${H}/sch/s`],
  ['http://sch.test/s', 'http://sch.test/s'],
  ['http://[::1]:8080/six', `${H}/v6/six`],
  ['/unmatched', '/unmatched'],
  ['relative/path', 'relative/path'],
  ['', ''],
  ['//root.test/foo', '//root.test/foo'],
  ['mailto:http://backend.test/app/zz', 'mailto:http://backend.test/app/zz'],
  ['http://backend.test/app/%20x', `${H}/app/%20x`],
  ['<http://backend.test/app/u>', '<http://backend.test/app/u>'],
];

describe('ProxyPassReverse, server-level entries', () => {
  for (const [input, expected] of MAIN) {
    test(JSON.stringify(input), () => {
      const out = mapLocation(input, main.reverse, main.balancers, construct);
      expect(out).toBe(expected);
      if (out === input) expect(Object.is(out, input)).toBe(true);
    });
  }
});

const H2 = 'http://H';
const balancerConfig = compileApache(`
<Proxy balancer://bal1>
BalancerMember http://127.0.0.1:29181/mem
BalancerMember http://Other.Test:8080/mem2/
</Proxy>
<Proxy balancer://bal2>
BalancerMember http://127.0.0.1:29181
</Proxy>
<Proxy balancer://bal3>
BalancerMember http://p80.test:80/x
</Proxy>
ProxyPassReverse /bal/ balancer://bal1/sub/
ProxyPassReverse / balancer://bal2/
ProxyPassReverse /b3/ balancer://bal3
ProxyPassReverse /nob/ balancer://nosuch/
`);

const BALANCER: [string, string][] = [
  ['http://127.0.0.1:29181/mem/sub/x', `${H2}/bal/x`],
  ['HTTP://127.0.0.1:29181/MEM/sub/x', `${H2}/bal/x`],
  ['http://127.0.0.1:29181/mem/SUB/x', `${H2}/mem/SUB/x`],
  ['http://127.0.0.1:29181/mem/subx', `${H2}/mem/subx`],
  ['http://other.test:8080/mem2/sub/y', `${H2}/bal/y`],
  ['http://127.0.0.1:29181', `${H2}/`],
  ['http://127.0.0.1:29181/', `${H2}/`],
  ['http://127.0.0.1:29181mem', `${H2}/mem`],
  ['http://p80.test/x/q', `${H2}/b3//q`],
  ['http://p80.test:80/x/q', 'http://p80.test:80/x/q'],
  ['balancer://nosuch/abc', `${H2}/nob/abc`],
];

describe('ProxyPassReverse, balancer entries', () => {
  for (const [input, expected] of BALANCER) {
    test(JSON.stringify(input), () => {
      expect(mapLocation(input, balancerConfig.reverse, balancerConfig.balancers, (p) => H2 + p)).toBe(expected);
    });
  }
});

describe('ProxyPassReverse, one-argument form in a <Location>', () => {
  const rows: [string, string, string][] = [
    ['<Location />\nProxyPassReverse http://slash.test\n</Location>', 'http://slash.test/foo', `${H2}//foo`],
    ['<Location />\nProxyPassReverse http://slash2.test/\n</Location>', 'http://slash2.test/foo', `${H2}/foo`],
    ['<Location /l2>\nProxyPassReverse http://l2.test/\n</Location>', 'http://l2.test/q', `${H2}/l2q`],
    [
      '<LocationMatch "^/lm/(.*)$">\nProxyPassReverse http://lmb.test/\n</LocationMatch>',
      'http://lmb.test/q',
      `${H2}^/lm/(.*)$q`,
    ],
  ];
  for (const [config, input, expected] of rows) {
    test(`${config.split('\n')[1]} ${input}`, () => {
      const c = compileApache(config);
      expect(mapLocation(input, c.locations[0].reverse, c.balancers, (p) => H2 + p)).toBe(expected);
    });
  }
});
