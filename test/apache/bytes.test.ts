// Non-ASCII configuration text: httpd compares it with the request as bytes (UTF-8), builds the
// backend URL from its bytes and runs regexes on bytes (PCRE without UTF). Every row was observed
// on the live Apache httpd 2.4.71 (Debian), with `Host: rev.test:8080` and the backend on B.
import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { prepareApache } from '../../src/apache/index.js';
import {
  B,
  CONNECTION_ROWS,
  FORWARD_ROWS,
  HOST_ROWS,
  PROXY_SECTION_ROWS,
  REGEX_ROWS,
  RESPONSE_ROWS,
  type Row,
} from './fixtures/bytes-rows.js';

function exchange(config: string, target: string) {
  return prepareApache(compileApache(config), { target, headers: [['Host', 'rev.test:8080']], port: 8080 });
}

/** What the backend got: the path+query, `local` (no rule, an exclusion, no-proxy), or the status. */
function backend(config: string, target: string): string {
  const x = exchange(config, target);
  if (x.forward) return x.forward.url.startsWith(B) ? x.forward.url.slice(B.length) : x.forward.url;
  return x.status !== undefined ? String(x.status) : 'local';
}

/** One backend request header (`Host`, `Connection`). */
function header(config: string, target: string, name: string): string | undefined {
  return exchange(config, target).forward?.headers.find(([n]) => n === name)?.[1];
}

const name = (config: string, target: string) => `${config.replace(/\n/g, ' | ')} :: ${target}`;

function table(title: string, rows: Row[], run: (config: string, target: string) => string | undefined): void {
  describe(title, () => {
    for (const [config, target, expected] of rows) test(name(config, target), () => expect(run(config, target)).toBe(expected));
  });
}

table('ProxyPass and ProxyPassMatch: fake, real, $N, ! and SetEnvIf on bytes', FORWARD_ROWS, backend);
table('regexes: PCRE defaults on bytes', REGEX_ROWS, backend);
table('<Proxy> sections: the backend URL as bytes, NoDecode reset by core directives', PROXY_SECTION_ROWS, backend);
table('section settings: the Host the backend gets', HOST_ROWS, (config, target) => header(config, target, 'Host'));
table('workers: the Connection the backend gets', CONNECTION_ROWS, (config, target) => header(config, target, 'Connection'));

describe('the response side: ProxyPassReverse and cookie rules with non-ASCII text', () => {
  for (const [config, target, line, expected] of RESPONSE_ROWS) {
    test(`${name(config, target)} :: ${line.join(': ')}`, () => {
      const out = exchange(config, target).rewriteResponse({ status: 302, headers: [line] });
      expect(out.headers.find(([n]) => n === line[0])?.[1]).toBe(expected);
    });
  }
});

describe('the table keeps the text and adds byte forms only for non-ASCII text', () => {
  test('ProxyPass /é/ http://b/ë/', () => {
    const rule = compileApache('ProxyPass /é/ http://b/ë/').proxyPass[0];
    expect([rule.fake, rule.real, rule.fakeBytes, rule.realBytes]).toEqual(['/é/', 'http://b/ë/', '/\u00c3\u00a9/', 'http://b/\u00c3\u00ab/']);
  });
  test('ProxyPass /a/ http://b/x/', () => {
    const rule = compileApache('ProxyPass /a/ http://b/x/').proxyPass[0];
    expect(['fakeBytes' in rule, 'realBytes' in rule]).toEqual([false, false]);
  });
  test('ProxyPassMatch ^/[é]$ http://b/', () => {
    const rule = compileApache('ProxyPassMatch ^/[é]$ http://b/').proxyPass[0];
    // a class of the two bytes of é, the very end (DOLLAR_ENDONLY)
    expect([rule.regex?.flags, rule.regex?.test('/\u00c3'), rule.regex?.test('/\u00a9'), rule.regex?.test('/\u00c3\n')]).toEqual(['s', true, true, false]);
  });
});
