// Laws of the nginx dialect: total on traffic, inputs never mutated, unchanged values returned as is.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileNginx, nginxForward, nginxProxyCookie, nginxProxyRedirect, prepareNginx } from '../../src/nginx/index.js';

const conf = compileNginx(`server_name example.com;
location /app/ { proxy_pass http://127.0.0.1:8081/; proxy_cookie_path /two/ /; proxy_cookie_domain b.example a.example;
  proxy_cookie_flags ~. secure; proxy_redirect ~^http://x/(.*)$ /x/$1; proxy_redirect default; }
location ~ ^/re/(.*)$ { set $t $1; proxy_pass http://127.0.0.1:8081; }
location / { rewrite ^/old/(.*)$ /app/$1 last; proxy_pass http://127.0.0.1:8081; }`);

const piece = fc.constantFrom('/', 'app', 're', 'old', '%2F', '%', '%zz', '..', '.', '?', '#', '&', '+', 'a', '\xE9', '%41', '//', ' ');
const target = fc.array(piece, { maxLength: 12 }).map((a) => '/' + a.join(''));
const value = fc.array(fc.constantFrom('a=1', ';', ' ', 'Path=/two/', 'Domain=.b.example', 'http://127.0.0.1:8081/', 'x', '=', 'url=', 'SameSite'), { maxLength: 8 }).map((a) => a.join('').replace(/^ +| +$/g, ''));
// nginx drops the spaces around a header value, so the generated values have none there

describe('nginx dialect laws', () => {
  test('any request target and backend headers get an answer, inputs untouched', () => {
    fc.assert(
      fc.property(target, value, value, (t, loc, cookie) => {
        const headers: [string, string][] = [['Host', 'example.com'], ['X-A', loc]];
        const response = { status: 302, headers: [['Location', loc], ['Refresh', loc], ['Set-Cookie', cookie]] as [string, string][] };
        const before = JSON.stringify([headers, response]);
        const r = nginxForward(conf, { target: t, headers }, response);
        expect(JSON.stringify([headers, response])).toBe(before);
        expect(r.forward !== null || r.reason !== undefined).toBe(true);
        for (const [n, v] of [...(r.forward?.headers ?? []), ...(r.response?.headers ?? [])]) expect(/[\r\n\0]/.test(n + v)).toBe(false);
      }),
    );
  });
  test('a Location no rule matches comes back as the same string', () => {
    fc.assert(
      fc.property(value, (v) => {
        fc.pre(!v.startsWith('http://127.0.0.1:8081/') && !v.startsWith('http://x/'));
        expect(nginxProxyRedirect(prepareNginx(conf, { target: '/app/', headers: [['Host', 'example.com']] }), v)).toBe(v);
      }),
    );
  });
  test('a Set-Cookie whose first piece has no "=" is never changed', () => {
    fc.assert(
      fc.property(value, (v) => {
        const c = ('sid' + (v.startsWith('=') ? '' : ';' + v.replace(/=/g, ''))).trimEnd();
        expect(nginxProxyCookie(prepareNginx(conf, { target: '/app/', headers: [['Host', 'a']] }), c)).toBe(c);
      }),
    );
  });
});
