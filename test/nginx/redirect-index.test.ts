// The proxy_redirect prefix index (redirect-index.ts): a long list's leading plain rules found by
// prefix instead of one by one. Rows observed on nginx 1.22.1 (a 23-rule list: prefixes of one
// another, a duplicate, a regex and plain rules after the indexed run); then laws: the index gives
// the scan's answer on generated lists, and a table without its index answers alike.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileNginx, loadNginxTable, nginxProxyRedirect, prepareNginx } from '../../src/nginx/index.js';
import { serializeTable } from '../../src/core/table.js';
import { applyRules } from '../../src/nginx/redirect.js';
import { INDEXED_RULES, compileRedirectIndex } from '../../src/nginx/redirect-index.js';
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
  const exchange = prepareNginx(LONG, { target: '/', headers: [['Host', '127.0.0.1:28480']], port: 28480 });
  test.each(rows)('%s', (value, expected) => {
    expect(nginxProxyRedirect(exchange, value)).toBe(expected);
  });
});

// Laws. Prefixes from a small alphabet, so that they are often prefixes of one another.
const VARS = { captures: [], user: new Map() } as unknown as RequestVars;
const text = (s: string) => ({ source: s, parts: s ? [{ kind: 'text' as const, text: s }] : [], literal: s });
const plainRule = (prefix: string, i: number): RedirectRule => ({ regex: null, pattern: text(prefix), replacement: text(`<${i}>`), line: i });
const prefix = fc.array(fc.constantFrom('h', 't', '/', 'a', 'b', ':'), { maxLength: 6 }).map((a) => a.join(''));
const list = fc
  .tuple(fc.array(prefix, { minLength: INDEXED_RULES, maxLength: 40 }), fc.array(fc.oneof(prefix, fc.constant('~')), { maxLength: 4 }))
  .map(([plain, rest]) => [...plain, ...rest].map((p, i) => (p === '~' ? { regex: /^ht/, pattern: null, replacement: text(`<re${i}>`), line: i } : plainRule(p, i))));

describe('the index gives the scan\'s rule', () => {
  test('on generated lists and values (a rule\'s prefix + a tail, or anything)', () => {
    fc.assert(
      fc.property(list, fc.array(fc.tuple(fc.nat(), prefix, fc.boolean()), { minLength: 1, maxLength: 10 }), (rules, picks) => {
        const index = compileRedirectIndex(rules);
        expect(index).not.toBeNull();
        for (const [k, tail, fromRule] of picks) {
          const rule = rules[k % rules.length];
          const value = (fromRule && rule.pattern ? rule.pattern.literal! : '') + tail;
          expect(applyRules(rules, value, VARS, false, index)).toBe(applyRules(rules, value, VARS));
        }
      }),
      { numRuns: 500 },
    );
  });
  test(`fewer than ${INDEXED_RULES} leading plain rules: no index`, () => {
    const rules = Array.from({ length: INDEXED_RULES + 3 }, (_, i) => (i === INDEXED_RULES - 1 ? { regex: /x/, pattern: null, replacement: text(''), line: i } : plainRule(`/p${i}`, i)));
    expect(compileRedirectIndex(rules)).toBeNull();
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

describe('a loaded table answers as the compiled one, with or without its index', () => {
  const bare = withoutIndex(LONG);
  const loaded = loadNginxTable(serializeTable(LONG));
  test('the index survives serialisation', () => {
    expect((loaded.server.staticLocations[0] as LocConf).redirectIndex).toEqual(conf.redirectIndex);
    expect((bare.server.staticLocations[0] as LocConf).redirectIndex).toBeUndefined();
  });
  test.each(rows)('%s', (value) => {
    const request = { target: '/', headers: [['Host', '127.0.0.1:28480']] as [string, string][], port: 28480 };
    const expected = nginxProxyRedirect(prepareNginx(LONG, request), value);
    expect(nginxProxyRedirect(prepareNginx(bare, request), value)).toBe(expected);
    expect(nginxProxyRedirect(prepareNginx(loaded, request), value)).toBe(expected);
  });
});
