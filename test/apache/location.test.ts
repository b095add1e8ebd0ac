// ProxyPassReverse rows observed on Apache httpd 2.4.71 (reference §4.1, all ✔).
import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { compileReverseIndex, mapLocationCompiled } from '../../src/apache/compiled-location.js';
import { mapLocation } from '../../src/apache/location.js';
import { MAIN, construct, main } from './fixtures/reverse-rows.js';

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

// Observed on 2.4.71 (live probe, 2026-11-28): a balancer name is looked up with its ASCII letters
// folded only, so `BÄL` (UTF-8 C3 84) is not the balancer `bäl` (C3 A4) and its rule is compared
// literally; the same spelling goes through the member.
describe('ProxyPassReverse, balancer names fold ASCII letters only', () => {
  const rows: [string, string, string][] = [
    ['ProxyPassReverse /bal/ balancer://BÄL/', 'http://127.0.0.1:29181/y', 'http://127.0.0.1:29181/y'],
    ['ProxyPassReverse /bal/ balancer://bäl/', 'http://127.0.0.1:29181/y', `${H2}/bal//y`],
    ['ProxyPassReverse /bal/ balancer://BäL/', 'http://127.0.0.1:29181/y', `${H2}/bal//y`],
  ];
  for (const [rule, input, expected] of rows) {
    test(`${rule} ${input}`, () => {
      const c = compileApache(`<Proxy balancer://bäl>\nBalancerMember http://127.0.0.1:29181\n</Proxy>\n${rule}`);
      expect(mapLocation(input, c.reverse, c.balancers, (p) => H2 + p)).toBe(expected);
      expect(mapLocationCompiled(input, [compileReverseIndex(c.reverse, c.balancers)], H2)).toBe(expected);
    });
  }
});
