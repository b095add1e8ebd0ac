// Reference §2.5 and `nginx -t` on nginx 1.22.1 (run while building this dialect): what the real
// server refuses raises ConfigError with its line and reason; what it accepts compiles.
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { compileNginx, nginxDialect } from '../../src/nginx/index.js';

const B = '127.0.0.1:18081';
const URI_PART = '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block';

const refused: [string, string][] = [
  ['proxy_redirect default; location / { proxy_pass http://B; }', '"proxy_redirect default" should be placed after the "proxy_pass" directive'],
  ['location / { proxy_redirect default; proxy_pass http://B; }', '"proxy_redirect default" should be placed after the "proxy_pass" directive'],
  ['location / { set $b x; proxy_pass http://$b; proxy_redirect default; }', '"proxy_redirect default" cannot be used with "proxy_pass" directive with variables'],
  ['location / { proxy_pass http://B; proxy_redirect off; proxy_redirect / /; }', '"proxy_redirect" directive is duplicate'],
  ['location / { proxy_pass http://B; proxy_redirect / /; proxy_redirect off; }', '"proxy_redirect" directive is duplicate'],
  ['location / { proxy_pass http://B; proxy_redirect Off; }', 'invalid parameter "Off"'],
  ['location / { proxy_pass http://B; proxy_cookie_flags one; }', 'invalid parameter "one"'],
  ['location / { proxy_pass http://B; proxy_cookie_path off; proxy_cookie_path / /; }', '"proxy_cookie_path" directive is duplicate'],
  ['location / { proxy_pass http://B; proxy_cookie_path / /; proxy_cookie_path off; }', '"proxy_cookie_path" directive is duplicate'],
  ['location / { proxy_pass http://B; proxy_cookie_domain Off; }', 'invalid parameter "Off"'],
  ['location @n { proxy_pass http://B/x; }', URI_PART],
  ['location / { if ($arg_a) { proxy_pass http://B/x; } }', URI_PART],
  ['location / { limit_except GET { proxy_pass http://B/x; } }', URI_PART],
  ['location ~ ^/re/ { proxy_pass http://B/; }', URI_PART],
  ['location / { proxy_pass ftp://B; }', 'invalid URL prefix'],
  ['location / { proxy_pass B; }', 'invalid URL prefix'],
  ['location / { proxy_pass http://B; proxy_pass http://B; }', '"proxy_pass" directive is duplicate'],
  ['proxy_pass http://B;', '"proxy_pass" directive is not allowed here'],
  ['location /a/ { location /b/ { } }', 'location "/b/" is outside location "/a/"'],
  ['location = /a { location /a/b { } }', 'location "/a/b" cannot be inside the exact location "/a"'],
  ['location /a/ { } location /a/ { }', 'duplicate location "/a/"'],
  ['location /a { proxy_pass http://$undefined_var; }', 'unknown "undefined_var" variable'],
  ['location /a { proxy_pass http://B:99999; }', 'invalid port in upstream "127.0.0.1:18081:99999"'],
  ['location /a { proxy_pass "http://B"x; }', 'unexpected "x"'],
  ['location /a { proxy_pass http://B }', 'unexpected "}"'],
  ['location /a { proxy_pass http://B; ', 'unexpected end of file, expecting "}"'],
  ['location /a { proxy_pass http://B; } }', 'unexpected "}"'],
  ['location /a { proxy_http_version 2; proxy_pass http://B; }', 'invalid value "2"'],
  ['absolute_redirect maybe;', 'invalid value "maybe" in "absolute_redirect" directive, it must be "on" or "off"'],
  ['absolute_redirect on; absolute_redirect off;', '"absolute_redirect" directive is duplicate'],
  ['location /a { rewrite ^ /x bogus; }', 'invalid parameter "bogus"'],
  ['location /a { return abc; }', 'invalid return code "abc"'],
  ['location /a { proxy_set_header X; }', 'invalid number of arguments in "proxy_set_header" directive'],
  ['location /a { if ($arg_a) { proxy_set_header X y; } }', '"proxy_set_header" directive is not allowed here'],
  ['location /a { if ($arg_a) { proxy_redirect off; } }', '"proxy_redirect" directive is not allowed here'],
  ['location /a { server_name c; }', '"server_name" directive is not allowed here'],
  ['location /a { proxy_pass http://B; proxy_redirect $x /; }', 'unknown "x" variable'],
  ['location /a { proxy_pass http://B; proxy_redirect http://a$ /; }', 'invalid variable name'],
  ['location /a { proxy_pass http://B; proxy_cookie_flags a b c d e; }', 'invalid number of arguments in "proxy_cookie_flags" directive'],
  ['location /a { proxy_pass http://B; proxy_redirect; }', 'invalid number of arguments in "proxy_redirect" directive'],
  ['if ($arg_a) { proxy_pass http://B; }', '"proxy_pass" directive is not allowed here'],
  ['location / { limit_except GET { rewrite ^ /x; } }', '"rewrite" directive is not allowed here'],
  ['location / { limit_except GET { return 403; } }', '"return" directive is not allowed here'],
  ['location / { limit_except GET { proxy_set_header A b; } }', '"proxy_set_header" directive is not allowed here'],
  ['location / { if ($arg_a) { location /x { } } }', '"location" directive is not allowed here'],
  ['location / { if ($arg_a) { if ($arg_b) { } } }', '"if" directive is not allowed here'],
  ['location / { if ($arg_a = ) { } }', 'invalid condition "$arg_a"'],
  ['location / { if ($arg_a) { absolute_redirect off; } }', '"absolute_redirect" directive is not allowed here'],
  ['location / { set $args x; set $uri y; }', 'the duplicate "uri" variable'],
];

describe('nginx -t refuses', () => {
  test.each(refused)('%s', (text, reason) => {
    const conf = text.replace(/http:\/\/B/g, `http://${B}`);
    let err: unknown;
    try {
      compileNginx(conf);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).reason).toBe(reason);
  });
  test('proxy_cookie_domain ~*foo bar (PCRE error: no ~* form)', () => {
    expect(() => compileNginx(`location / { proxy_pass http://${B}; proxy_cookie_domain ~*foo bar; }`)).toThrow(/compile\(\) failed/);
  });
  test('the error names the line', () => {
    let err: ConfigError | undefined;
    try {
      compileNginx(`server_name a;\nlocation / {\n  proxy_pass http://${B};\n  proxy_redirect Off;\n}`);
    } catch (e) {
      err = e as ConfigError;
    }
    expect([err?.line, err?.directive]).toEqual([4, 'proxy_redirect']);
  });
});

const accepted: string[] = [
  'location / { proxy_pass http://B; proxy_redirect default; }',
  'location /a { proxy_pass http://B; proxy_redirect default x; }',
  'location ~ ^/x/(?<name>.*) { proxy_pass http://B/$name; }',
  'listen 127.0.0.1:18080; location /a { proxy_pass http://B; }',
  'location /a { proxy_pass http://B; if ($arg_a) { proxy_pass http://B; } }',
  'location = /a/ { } location /a/ { }',
  'location ~ ^/re/(.*)$ { proxy_pass http://B/x/$1; }',
  'location /a { return 301; }',
  'location @a { } location @a { }',
  'location / { if (-f $request_filename) { } }',
  'if ($arg_a) { return 403; } location / { proxy_pass http://B; }',
  'location / { absolute_redirect off; location /x { absolute_redirect on; } }',
  'location /a/ { location ~ \\.x$ { proxy_pass http://B; } }',
];

describe('nginx -t accepts', () => {
  test.each(accepted)('%s', (text) => {
    expect(compileNginx(text.replace(/http:\/\/B/g, `http://${B}`)).server).toBeDefined();
  });
  test('an unmodelled directive is a warning', () => {
    expect(compileNginx('location / { gzip on; }').warnings).toEqual(['line 1: "gzip" is accepted but not modelled']);
  });
  test('the compiled table is frozen', () => {
    expect(Object.isFrozen(compileNginx(`location / { proxy_pass http://${B}; }`).server.staticLocations)).toBe(true);
  });
});

describe('tokenizer (observed on nginx 1.22.1)', () => {
  // location "/a b/" { proxy_set_header X-T x\;y${v}\"q; proxy_set_header X-Q 'a\'b\\c\d'; ... }
  test('quotes, escapes, comments and ${var}', () => {
    const conf = `set $v 1; # comment\nlocation "/a b/" { proxy_set_header X-T x\\;y\${v}\\"q; proxy_set_header X-Q 'a\\'b\\\\c\\d'; proxy_pass http://${B}/; }`;
    const r = nginxDialect.exchange(compileNginx(conf), { target: '/a%20b/x', headers: [['Host', 'localhost']] });
    expect(r.forward?.headers.slice(0, 2)).toEqual([['X-T', 'x\\;y1"q'], ['X-Q', "a'b\\c\\d"]]);
  });
});
