// The proxy_redirect prefix index (redirect-index.ts): a list's leading plain rules found with one
// lookup per prefix length instead of one by one. Rows observed on nginx 1.22.1 (a 23-rule list:
// prefixes of one another, a duplicate, a regex and plain rules after the indexed run; a 5-rule one
// of the same shape); then laws: the index gives the scan's answer on generated lists, and a table
// without its index answers alike.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileNginx, loadNginxTable, nginxProxyRedirect, prepareNginx } from '../../src/nginx/index.js';
import { serializeTable } from '../../src/core/table.js';
import { proxyRedirect } from '../../src/nginx/redirect.js';
import { compileRedirectIndex } from '../../src/nginx/redirect-index.js';
import type { LocConf, NginxConfig, RedirectRule } from '../../src/nginx/types.js';
import type { RequestVars } from '../../src/nginx/variables.js';

const hosts = Array.from({ length: 15 }, (_, i) => `proxy_redirect http://h${i + 3}.test/ /h${i + 3}/;`).join('\n');
// observed live: nginx on 127.0.0.1:28480 (Host 127.0.0.1:28480), backend on 127.0.0.1:28481
const LONG = compileNginx(`server_name localhost;
location / { proxy_pass http://127.0.0.1:28481;
proxy_redirect http://a.test/x/y/ /r0/;
proxy_redirect http://a.test/x/ /r1/;
proxy_redirect http://a.test/ /r2/;
${hosts}
proxy_redirect http://a.test/x/y/z/ /r18/;
proxy_redirect http://a.test/x/y/ /dup/;
proxy_redirect ~^http://late/(.*)$ /late/$1;
proxy_redirect http://late/ /never/;
proxy_redirect http://b.test/ /r22/;
}`);
const conf = LONG.server.staticLocations[0];
const SHORT = compileNginx(`server_name localhost;
location / { proxy_pass http://127.0.0.1:28481;
proxy_redirect http://a.test/x/ /r0/;
proxy_redirect http://a.test/ /r1/;
proxy_redirect http://a.test/x/y/ /r2/;
proxy_redirect ~^http://late/(.*)$ /late/$1;
proxy_redirect http://b.test/ /r4/;
}`);
const shortRows: [value: string, expected: string][] = [
  ['http://a.test/x/y/z', 'http://127.0.0.1:28480/r0/y/z'],
  ['http://a.test/x/', 'http://127.0.0.1:28480/r0/'],
  ['http://a.test/q', 'http://127.0.0.1:28480/r1/q'],
  ['http://late/k', 'http://127.0.0.1:28480/late/k'],
  ['http://b.test/z', 'http://127.0.0.1:28480/r4/z'],
  ['http://c.test/', 'http://c.test/'],
  ['http://a.test', 'http://a.test'],
];
const request = { target: '/', headers: [['Host', '127.0.0.1:28480']] as [string, string][], port: 28480 };

const rows: [value: string, expected: string][] = [
  ['http://a.test/x/y/z/w', 'http://127.0.0.1:28480/r0/z/w'],
  ['http://a.test/x/y/', 'http://127.0.0.1:28480/r0/'],
  ['http://a.test/x/y/z/', 'http://127.0.0.1:28480/r0/z/'],
  ['http://a.test/x/yy', 'http://127.0.0.1:28480/r1/yy'],
  ['http://a.test/x/q', 'http://127.0.0.1:28480/r1/q'],
  ['http://a.test/x/', 'http://127.0.0.1:28480/r1/'],
  ['http://a.test/q', 'http://127.0.0.1:28480/r2/q'],
  ['http://a.test', 'http://a.test'],
  ['http://h7.test/a?b=1', 'http://127.0.0.1:28480/h7/a?b=1'],
  ['http://h17.test/', 'http://127.0.0.1:28480/h17/'],
  ['http://h1.test/a', 'http://h1.test/a'],
  ['http://late/k', 'http://127.0.0.1:28480/late/k'],
  ['http://b.test/z', 'http://127.0.0.1:28480/r22/z'],
  ['http://A.test/x/y/', 'http://A.test/x/y/'],
  ['http://nomatch/', 'http://nomatch/'],
];

describe('a 23-rule proxy_redirect list, its first 20 rules indexed', () => {
  test('the compiler indexes the plain rules before the regex', () => {
    expect(conf.redirectIndex?.plain).toBe(20);
  });
  const exchange = prepareNginx(LONG, request);
  test.each(rows)('%s', (value, expected) => {
    expect(nginxProxyRedirect(exchange, value)).toBe(expected);
  });
});

describe('a 5-rule proxy_redirect list, its first 3 rules indexed', () => {
  test('the compiler indexes the plain rules before the regex, longest prefix first, /x/y/ left out (/x/ comes first)', () => {
    const index = SHORT.server.staticLocations[0].redirectIndex;
    expect([index?.plain, index?.groups.map(([n, at, keys]) => [n, at.length, [...keys.values()]])]).toEqual([3, [[16, 0, [0]], [14, 0, [1]]]]);
  });
  const exchange = prepareNginx(SHORT, request);
  test.each(shortRows)('%s', (value, expected) => {
    expect(nginxProxyRedirect(exchange, value)).toBe(expected);
  });
});

// Laws. Prefixes from a small alphabet, so that they are often prefixes of one another.
const VARS = { captures: [], user: new Map() } as unknown as RequestVars;
const text = (s: string) => ({ source: s, parts: s ? [{ kind: 'text' as const, text: s }] : [], literal: s });
const plainRule = (prefix: string, i: number): RedirectRule => ({ regex: null, pattern: text(prefix), replacement: text(`<${i}>`), line: i });
// (and the characters a pattern must escape, bytes, a NUL, a line feed)
const prefix = fc.array(fc.constantFrom('h', 't', '/', 'a', 'b', ':', '.', '*', '(', '\\', '\n', '\0', '\xC3'), { maxLength: 6 }).map((a) => a.join(''));
const list = fc
  .tuple(fc.array(prefix, { minLength: 2, maxLength: 40 }), fc.array(fc.oneof(prefix, fc.constant('~')), { maxLength: 4 }))
  .map(([plain, rest]) => [...plain, ...rest].map((p, i) => (p === '~' ? { regex: /^ht/, pattern: null, replacement: text(`<re${i}>`), line: i } : plainRule(p, i))));

describe('the index gives the scan\'s rule', () => {
  test('on generated lists and values (a rule\'s prefix + a tail, or anything)', () => {
    fc.assert(
      fc.property(list, fc.array(fc.tuple(fc.nat(), prefix, fc.boolean()), { minLength: 1, maxLength: 10 }), (rules, picks) => {
        const index = compileRedirectIndex(rules);
        // none only for a list that does not start with an ASCII prefix
        expect(index === null).toBe(!/^[\0-\x7f]*$/.test(rules[0].pattern?.literal ?? '\x80'));
        for (const [k, tail, fromRule] of picks) {
          const rule = rules[k % rules.length];
          const value = (fromRule && rule.pattern ? rule.pattern.literal! : '') + tail;
          const conf = (redirectIndex: typeof index) => ({ redirects: rules, redirectIndex }) as unknown as LocConf;
          expect(proxyRedirect(conf(index), 'location', value, VARS)).toBe(proxyRedirect(conf(null), 'location', value, VARS));
        }
      }),
      { numRuns: 500 },
    );
  });
  test('10,000 rules http://svcN.internal:8080/: a group per length, longest first, read at the digits', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) => plainRule(`http://svc${i}.internal:8080/`, i));
    const index = compileRedirectIndex(rules);
    expect(index?.groups.map(([n, at, keys]) => [n, [...at].sort(), keys.size])).toEqual([
      [29, [10, 11, 12, 13], 9000],
      [28, [10, 11, 12], 900],
      [27, [10, 11], 90],
      [26, [10], 10],
    ]);
  });
});

/** The same table without its indexes (as an older table is loaded). */
function withoutIndex(config: NginxConfig): NginxConfig {
  const data = JSON.parse(serializeTable(config));
  const strip = (o: unknown): void => {
    if (o && typeof o === 'object') {
      delete (o as { redirectIndex?: unknown }).redirectIndex;
      for (const v of Object.values(o)) strip(v);
    }
  };
  strip(data.table);
  return loadNginxTable(data);
}

for (const [name, table, values] of [['23 rules', LONG, rows], ['5 rules', SHORT, shortRows]] as const) {
  describe(`${name}: a loaded table answers as the compiled one, with or without its index`, () => {
    const bare = withoutIndex(table);
    const loaded = loadNginxTable(serializeTable(table));
    test('the index survives serialisation', () => {
      const index = (table.server.staticLocations[0] as LocConf).redirectIndex;
      expect((loaded.server.staticLocations[0] as LocConf).redirectIndex).toEqual(index);
      expect((bare.server.staticLocations[0] as LocConf).redirectIndex).toBeUndefined();
    });
    test.each(values)('%s', (value) => {
      const expected = nginxProxyRedirect(prepareNginx(table, request), value);
      expect(nginxProxyRedirect(prepareNginx(bare, request), value)).toBe(expected);
      expect(nginxProxyRedirect(prepareNginx(loaded, request), value)).toBe(expected);
    });
  });
}
