// The per-value maps on a prepared exchange: nginxProxyRedirect / nginxProxyCookie give one value
// as the client receives it. Rows are the observed rows of redirect.test.ts (reference §2.2) and
// cookie.test.ts (reference §2.3), one value at a time.
import { describe, expect, test } from 'vitest';
import { compileNginx, nginxForward, nginxProxyCookie, nginxProxyRedirect, prepareNginx } from '../../src/nginx/index.js';
import { B, REXPL_LOCATION } from './helpers.js';

const CONF = compileNginx(`
server_name localhost alias.example;
location /r/ { proxy_pass http://${B}/r/; }
${REXPL_LOCATION}
location /roff/ { proxy_pass http://${B}/r/; proxy_redirect off; }
location /rabsoff/ { proxy_pass http://${B}/r/; absolute_redirect off; }
location /rpir/ { proxy_pass http://${B}/r/; port_in_redirect off; }
location /local/ { }
location / { proxy_pass http://${B};
  proxy_cookie_domain www.example.org .example.com; proxy_cookie_domain ~^(.+)\\.net$ $1.org;
  proxy_cookie_path /two/ /; proxy_cookie_path ~*^/RX/(.*)$ /rx-$1; }
`);

function exchange(path: string, host = 'localhost') {
  return prepareNginx(CONF, { target: path, headers: [['Host', host]], port: 18080 });
}

type RedirectRow = [name: string, path: string, header: 'Location' | 'Refresh', value: string, expected: string, host?: string];
const redirects: RedirectRow[] = [
  ['R1', '/r/x', 'Location', `http://${B}/r/foo?a=b`, 'http://localhost:18080/r/foo?a=b'],
  ['R2 Host Example.COM:9999', '/r/x', 'Location', `http://${B}/r/foo`, 'http://example.com:18080/r/foo', 'Example.COM:9999'],
  ['R3 case-sensitive prefix', '/r/x', 'Location', `http://${B}/R/foo`, `http://${B}/R/foo`],
  ['R6 relative stays relative', '/r/x', 'Location', '/r/relative', '/r/relative'],
  ['R9 Refresh', '/r/x', 'Refresh', `5; url=http://${B}/r/ref`, '5; url=/r/ref'],
  ['R14', '/rexpl/x', 'Location', `http://${B}/zz/a`, 'http://localhost:18080/mapped/a'],
  ['R15', '/rexpl/x', 'Location', 'http://other:81/deep/path?q', 'http://localhost:18080/other/deep/path?q'],
  ['R16 whole value replaced', '/rexpl/x', 'Location', 'https://x/with-upper-inside', 'http://localhost:18080/upper-replaced'],
  ['R17 proxy_redirect / /', '/rexpl/x', 'Location', '/rel/only', 'http://localhost:18080/rel/only'],
  ['R19 off', '/roff/x', 'Location', `http://${B}/r/foo`, `http://${B}/r/foo`],
  ['R21 absolute_redirect off', '/rabsoff/x', 'Location', `http://${B}/r/foo`, '/rabsoff/foo'],
  ['R23 port_in_redirect off', '/rpir/x', 'Location', `http://${B}/r/foo`, 'http://alias.example/rpir/foo', 'alias.example:7777'],
  ['not proxied: the value as it is', '/local/x', 'Location', `http://${B}/r/foo`, `http://${B}/r/foo`],
];

describe('nginxProxyRedirect on a prepared exchange', () => {
  test.each(redirects)('%s', (_name, path, header, value, expected, host) => {
    const ex = exchange(path, host);
    expect(nginxProxyRedirect(ex, value, header)).toBe(expected);
    expect(ex.mapLocation(value, header)).toBe(expected);
  });
});

const cookies: [string, string][] = [
  ['a=1; Domain=www.example.org; Path=/two/x', 'a=1; Domain=example.com; Path=/x'],
  ['a=1; Domain=.foo.net', 'a=1; Domain=.foo.org'],
  ['a=1; Path=/twofold', 'a=1; Path=/twofold'],
  ['a=1; path=/Rx/abc', 'a=1; path=/rx-abc'],
  ['a=1; Path=/two/x;', 'a=1; Path=/x; '],
  ['noequals; Path=/two/x', 'noequals; Path=/two/x'],
];

describe('nginxProxyCookie on a prepared exchange', () => {
  test.each(cookies)('%s', (value, expected) => {
    const ex = exchange('/c');
    expect(nginxProxyCookie(ex, value)).toBe(expected);
    expect(ex.mapSetCookie(value)).toBe(expected);
  });
});

describe('one prepared exchange, many values', () => {
  test('a regex rule\'s captures do not leak into the next value (each value as in its own exchange)', () => {
    const ex = exchange('/c');
    const first = ex.mapSetCookie('a=1; Domain=foo.NET');
    const second = ex.mapSetCookie('a=1; Domain=.foo.net');
    expect([first, second]).toEqual(['a=1; Domain=foo.org', 'a=1; Domain=.foo.org']);
  });
  test('rewriteResponse answers as nginxForward, every time', () => {
    const response = { status: 302, headers: [['Location', 'http://other/x/y'], ['Set-Cookie', 'a=1; Domain=x.net']] as [string, string][] };
    const ex = exchange('/rexpl/x');
    const whole = nginxForward(CONF, { target: '/rexpl/x', headers: [['Host', 'localhost']], port: 18080 }, response).response;
    expect([ex.rewriteResponse(response), ex.rewriteResponse(response)]).toEqual([whole, whole]);
  });
  test('an X-Accel-Redirect cycle spends the URI changes of one response only', () => {
    const response = { status: 200, headers: [['X-Accel-Redirect', '/r/again'], ['Set-Cookie', 'a=1']] as [string, string][] };
    const ex = exchange('/r/x');
    const whole = nginxForward(CONF, { target: '/r/x', headers: [['Host', 'localhost']], port: 18080 }, response).response;
    expect(whole?.status).toBe(500);
    expect([ex.rewriteResponse(response), ex.rewriteResponse(response)]).toEqual([whole, whole]);
  });
  test('an unchanged value comes back as the same string', () => {
    const v = `http://${B}/R/foo`;
    expect(Object.is(exchange('/r/x').mapLocation(v), v)).toBe(true);
  });
});
