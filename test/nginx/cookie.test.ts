// Reference §2.3 (observed on nginx 1.22.1), nginx-tests proxy_cookie.t and proxy_cookie_flags.t.
import { describe, expect, test } from 'vitest';
import { B, run, header, checkHuntRow, type HuntRow } from './helpers.js';

function cookies(conf: string, path: string, values: string[], host = 'localhost'): string[] {
  const r = run(conf, path, { host, response: { status: 200, headers: values.map((v) => ['Set-Cookie', v] as [string, string]) } });
  return header(r, 'Set-Cookie');
}

describe('proxy_cookie_domain / proxy_cookie_path (reference §2.3)', () => {
  const conf = `location / { proxy_pass http://${B};
    proxy_cookie_domain www.example.org .example.com; proxy_cookie_domain ~^(.+)\\.net$ $1.org;
    proxy_cookie_path /two/ /; proxy_cookie_path ~*^/RX/(.*)$ /rx-$1; }`;
  const rows: [string, string][] = [
    ['a=1; Domain=www.example.org; Path=/two/x', 'a=1; Domain=example.com; Path=/x'],
    ['a=1; domain=WWW.Example.ORG', 'a=1; domain=example.com'],
    ['a=1; Domain=.www.example.org', 'a=1; Domain=.example.com'],
    ['a=1; Domain=example.org', 'a=1; Domain=example.org'],
    ['a=1; Domain=sub.www.example.org', 'a=1; Domain=sub.www.example.org'],
    ['a=1; Domain=foo.NET', 'a=1; Domain=foo.org'],
    ['a=1; Domain=.foo.net', 'a=1; Domain=.foo.org'],
    ['a=1;path=/two/deep;  secure ;HttpOnly', 'a=1; path=/deep; secure; HttpOnly'],
    ['a=1; Path=/TWO/x', 'a=1; Path=/TWO/x'],
    ['a=1; Path=/twofold', 'a=1; Path=/twofold'],
    ['a=1; Path=/two', 'a=1; Path=/two'],
    ['a=1; PATH = /two/x ; Max-Age=5', 'a=1; PATH=/x; Max-Age=5'],
    ['a=1; path=/Rx/abc', 'a=1; path=/rx-abc'],
    ['a=1; Path=/two/x;', 'a=1; Path=/x; '],
    ['a=1;; Path=/two/x', 'a=1; ; Path=/x'],
    ['a=1; Path=/two/x; Path=/two/y', 'a=1; Path=/x; Path=/y'],
    ['a=1; Domain=www.example.org; Domain=foo.net', 'a=1; Domain=example.com; Domain=foo.org'],
    ['noequals; Path=/two/x', 'noequals; Path=/two/x'],
    [' a = 1 ; Path=/two/x', 'a=1; Path=/x'],
    ['a=b=c; Path=/two/q=1', 'a=b=c; Path=/q=1'],
    ['a=1;\tPath=/two/x', 'a=1;\tPath=/two/x'],
    // observed on the real server while building this dialect
    ['a=1; Path=', 'a=1; Path='],
    ['a=1; Path', 'a=1; Path'],
    ['=x; Path=/two/a', '=x; Path=/a'],
    ['a=1; Domain=.', 'a=1; Domain=.'],
  ];
  test.each(rows)('%s', (input, expected) => {
    expect(cookies(conf, '/x', [input])).toEqual([expected]);
  });
  test('three Set-Cookie headers are rewritten independently', () => {
    expect(cookies(conf, '/x', ['a=1; Path=/two/1', 'b=2; Path=/two/2', 'c=3'])).toEqual(['a=1; Path=/1', 'b=2; Path=/2', 'c=3']);
  });
  test('a=1; Path=/twofold with proxy_cookie_path /two /x (prefix ignores segments)', () => {
    expect(cookies(`location / { proxy_pass http://${B}; proxy_cookie_path /two /x; }`, '/', ['a=1; Path=/twofold'])).toEqual(['a=1; Path=/xfold']);
  });
});

describe('proxy_cookie_flags (reference §2.3)', () => {
  const conf = `location / { proxy_pass http://${B};
    proxy_cookie_flags sid secure httponly samesite=lax; proxy_cookie_flags ~^tmp nosecure nohttponly nosamesite;
    proxy_cookie_flags both secure nosecure; proxy_cookie_flags bogus whatever; }`;
  const rows: [string, string][] = [
    ['sid=1', 'sid=1; Secure; HttpOnly; SameSite=Lax'],
    ['SID=1; Path=/', 'SID=1; Path=/; Secure; HttpOnly; SameSite=Lax'],
    ['sid=1; secure; SameSite=None', 'sid=1; secure; SameSite=Lax; HttpOnly'],
    ['sid=1;Secure;samesite=LAX', 'sid=1; Secure; samesite=LAX; HttpOnly'],
    ['sid=1; SameSite; Secure', 'sid=1; SameSite=Lax; Secure; HttpOnly'],
    ['sid=1; samesite=strict; samesite=none', 'sid=1; SameSite=Lax; samesite=none; Secure; HttpOnly'],
    ['sid=1; secure; Secure', 'sid=1; secure; Secure; HttpOnly; SameSite=Lax'],
    ['tmp1=x; Secure; HttpOnly; SameSite=Strict', 'tmp1=x'],
    ['tmpx=1; secure; secure', 'tmpx=1'],
    ['xtmp=1; Secure', 'xtmp=1; Secure'],
    ['both=1', 'both=1; Secure'],
    ['both=1; Secure', 'both=1; Secure'],
    ['bogus=1; Secure', 'bogus=1; Secure'],
    ['other=1;Secure', 'other=1;Secure'],
    ['sid', 'sid'],
    ['sid ; secure', 'sid ; secure'],
  ];
  test.each(rows)('%s', (input, expected) => {
    expect(cookies(conf, '/x', [input])).toEqual([expected]);
  });
});

// nginx-tests proxy_cookie.t: Set-Cookie v=path=domain= plus Domain / Path from the query
describe('nginx-tests proxy_cookie.t', () => {
  const conf = `server_name localhost;
location / { proxy_pass http://127.0.0.1:8081;
  proxy_cookie_domain www.example.org .example.com; proxy_cookie_domain .$server_name.com en.$server_name.org;
  proxy_cookie_domain ~^(.+)\\.com$ $1.org;
  proxy_cookie_path /path/ /new/; proxy_cookie_path /$server_name/ /new/$server_name/;
  proxy_cookie_path ~^/regex/(.+)$ /$1; proxy_cookie_path ~*^/caseless/(.+)$ /$1;
  location /off/ { proxy_pass http://127.0.0.1:8081; proxy_cookie_domain off; proxy_cookie_path off; } }`;
  const rows: [string, string, string][] = [
    ['/', 'v=path=domain=; Domain=www.Example.org', 'v=path=domain=; Domain=example.com'],
    ['/', 'v=path=domain=; Domain=.LocalHost.com', 'v=path=domain=; Domain=.en.localhost.org'],
    ['/', 'v=path=domain=; Domain=www.example.COM', 'v=path=domain=; Domain=www.example.org'],
    ['/', 'v=path=domain=; Path=/path/test.html', 'v=path=domain=; Path=/new/test.html'],
    ['/', 'v=path=domain=; Path=/localhost/test.html', 'v=path=domain=; Path=/new/localhost/test.html'],
    ['/', 'v=path=domain=; Path=/regex/test.html', 'v=path=domain=; Path=/test.html'],
    ['/', 'v=path=domain=; Path=/CASEless/test.html', 'v=path=domain=; Path=/test.html'],
    ['/', 'v=path=domain=; Domain=www.example.org; Path=/path/test.html', 'v=path=domain=; Domain=example.com; Path=/new/test.html'],
    ['/off/', 'v=path=domain=; Domain=www.example.org; Path=/path/test.html', 'v=path=domain=; Domain=www.example.org; Path=/path/test.html'],
  ];
  test.each(rows)('%s %s', (path, input, expected) => {
    expect(cookies(conf, path, [input])).toEqual([expected]);
  });
});

// nginx-tests proxy_cookie_flags.t: Set-Cookie <v><complex>=path=domain=; Domain=example.org<f>
describe('nginx-tests proxy_cookie_flags.t', () => {
  const conf = `location / { proxy_pass http://127.0.0.1:8081;
  proxy_cookie_flags a secure httponly samesite=none; proxy_cookie_flags b secure httponly samesite=lax;
  proxy_cookie_flags c secure httponly samesite=strict; proxy_cookie_flags d nosecure nohttponly nosamesite;
  proxy_cookie_flags $arg_complex secure; proxy_cookie_flags ~BAR httponly;
  location /off/ { proxy_pass http://127.0.0.1:8081; proxy_cookie_flags off; } }
location /var/ { proxy_pass http://127.0.0.1:8081; proxy_cookie_flags $arg_v $arg_f1 $arg_f2 $arg_f3; }`;
  const rows: [string, string, string][] = [
    ['/?v=a', 'a=path=domain=; Domain=example.org', 'a=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=None'],
    ['/?v=b', 'b=path=domain=; Domain=example.org', 'b=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=Lax'],
    ['/?v=c', 'c=path=domain=; Domain=example.org', 'c=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=Strict'],
    ['/?v=a&f=;Secure;HttpOnly;SameSite=Lax', 'a=path=domain=; Domain=example.org;Secure;HttpOnly;SameSite=Lax', 'a=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=None'],
    ['/?v=b&f=;Secure;HttpOnly;SameSite=None', 'b=path=domain=; Domain=example.org;Secure;HttpOnly;SameSite=None', 'b=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=Lax'],
    ['/?v=c&f=;Secure;HttpOnly;SameSite=None', 'c=path=domain=; Domain=example.org;Secure;HttpOnly;SameSite=None', 'c=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=Strict'],
    ['/?v=d&f=;secure;httponly;samesite=lax', 'd=path=domain=; Domain=example.org;secure;httponly;samesite=lax', 'd=path=domain=; Domain=example.org'],
    ['/?v=nx&f=;samesite=none', 'nx=path=domain=; Domain=example.org;samesite=none', 'nx=path=domain=; Domain=example.org;samesite=none'],
    ['/?complex=v', 'v=path=domain=; Domain=example.org', 'v=path=domain=; Domain=example.org; Secure'],
    ['/?v=foobarbaz', 'foobarbaz=path=domain=; Domain=example.org', 'foobarbaz=path=domain=; Domain=example.org; HttpOnly'],
    ['/off/?v=a', 'a=path=domain=; Domain=example.org', 'a=path=domain=; Domain=example.org'],
    ['/var/?v=v&f1=secure&f2=httponly&f3=samesite=none', 'v=path=domain=; Domain=example.org', 'v=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=None'],
    ['/var/?v=v&f=;Secure;HttpOnly;SameSite=Lax&f1=secure&f2=httponly&f3=samesite=none', 'v=path=domain=; Domain=example.org;Secure;HttpOnly;SameSite=Lax', 'v=path=domain=; Domain=example.org; Secure; HttpOnly; SameSite=None'],
    ['/var/?v=v&f=;secure;httponly;samesite=lax&f1=nosecure&f2=nohttponly&f3=nosamesite', 'v=path=domain=; Domain=example.org;secure;httponly;samesite=lax', 'v=path=domain=; Domain=example.org'],
  ];
  test.each(rows)('%s', (path, input, expected) => {
    expect(cookies(conf, path, [input])).toEqual([expected]);
  });
});

// Live hunt (nginx 1.22.1 on 127.0.0.1, test/oracle generators widened): each expected value was
// recorded from the real server ({{PORT}} 18080, backend 127.0.0.1:18081).
describe('live hunt rows: cookie rewrites on bytes', () => {
  const rows: HuntRow[] = [
  ["proxy_cookie_path / $uri with a raw é in the URI", "location / { proxy_pass http://127.0.0.1:18081; proxy_cookie_path / $uri; }", "/c/é", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Set-Cookie","a=b;Path=/X/"]]}}, {"status":200,"headers":[["Set-Cookie","a=b; Path=/c/éX/"]]}],
  ];
  test.each(rows)('%s', (_name, config, target, opts, expected) => checkHuntRow(run(config, target, opts), expected));
});
