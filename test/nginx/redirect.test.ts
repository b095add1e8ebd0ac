// Reference §2.2 (R1–R32, observed on nginx 1.22.1), nginx-tests proxy_redirect.t and
// http_absolute_redirect.t: proxy_redirect on Location / Refresh and the absolute Location.
import { describe, expect, test } from 'vitest';
import { B, REXPL_LOCATION, run, header, checkHuntRow, type HuntRow } from './helpers.js';

const CONF = `
server_name localhost alias.example;
set $b ${B};
location /r/ { proxy_pass http://${B}/r/; }
${REXPL_LOCATION}
location /roff/ { proxy_pass http://${B}/r/; proxy_redirect off; }
location /rvar/ { proxy_pass http://$b/r/; }
location /rabsoff/ { proxy_pass http://${B}/r/; absolute_redirect off; }
location /rsnir/ { proxy_pass http://${B}/r/; server_name_in_redirect on; }
location /rpir/ { proxy_pass http://${B}/r/; port_in_redirect off; }
location /rnest/ { proxy_pass http://${B}/outer/; location /rnest/inner/ { proxy_pass http://${B}/inner/; } }
location /rnoname/ { proxy_pass http://${B}/nn/; if ($arg_x) { } }
location /port80/ { proxy_pass http://127.0.0.1:80/p/; }
location /ups/ { proxy_pass http://backend/u/; }
location /nouri/ { proxy_pass http://${B}; }
location /rrel/ { proxy_pass http://${B}/zz/; proxy_redirect http://${B}/zz/ mapped/; }
location /rempty/ { proxy_pass http://${B}/zz/; proxy_redirect http://${B}/empty ""; }
upstream backend { server ${B}; }
`;

type Row = [name: string, path: string, upstream: [string, string][], expected: [string, string][], opts?: { host?: string | null; status?: number }];
const L = (v: string): [string, string][] => [['Location', v]];

const rows: Row[] = [
  ['R1', '/r/x', L(`http://${B}/r/foo?a=b`), L('http://localhost:18080/r/foo?a=b')],
  ['R2 Host Example.COM:9999', '/r/x', L(`http://${B}/r/foo`), L('http://example.com:18080/r/foo'), { host: 'Example.COM:9999' }],
  ['R3 case-sensitive prefix', '/r/x', L(`http://${B}/R/foo`), L(`http://${B}/R/foo`)],
  ['R4 scheme case', '/r/x', L(`HTTP://${B}/r/foo`), L(`HTTP://${B}/r/foo`)],
  ['R5 /rfoo', '/r/x', L(`http://${B}/rfoo`), L(`http://${B}/rfoo`)],
  ['R5 /r', '/r/x', L(`http://${B}/r`), L(`http://${B}/r`)],
  ['R6 relative stays relative', '/r/x', L('/r/relative'), L('/r/relative')],
  ['R7 name canonicalised', '/r/x', [['location', `http://${B}/r/lowercase-name`], ['X-A', '1']], [['Location', 'http://localhost:18080/r/lowercase-name'], ['X-A', '1']]],
  ['R8 201', '/r/x', [['X-A', '1'], ['Location', `http://${B}/r/created`]], [['Location', 'http://localhost:18080/r/created'], ['X-A', '1']], { status: 201 }],
  ['R8 200', '/r/x', L(`http://${B}/r/ok`), L('http://localhost:18080/r/ok'), { status: 200 }],
  ['R9 Refresh', '/r/x', [['Refresh', `5; url=http://${B}/r/ref`]], [['Refresh', '5; url=/r/ref']], { status: 200 }],
  ['R10 REFRESH URL=', '/r/x', [['REFRESH', `0;URL=http://${B}/r/q`]], [['REFRESH', '0;URL=/r/q']], { status: 200 }],
  ['R11 quoted url', '/r/x', [['Refresh', `5; url='http://${B}/r/ref'`]], [['Refresh', `5; url='http://${B}/r/ref'`]], { status: 200 }],
  ['R12 two Locations (1.22.1)', '/r/x', [['Location', `http://${B}/r/one`], ['X-A', '1'], ['Location', `http://${B}/r/two`]], [['Location', 'http://localhost:18080/r/two'], ['Location', '/r/one'], ['X-A', '1']]],
  ['R13 Content-Location, Link', '/r/x', [['Content-Location', `http://${B}/r/a`], ['Link', `<http://${B}/r/b>`]], [['Content-Location', `http://${B}/r/a`], ['Link', `<http://${B}/r/b>`]]],
  ['R14', '/rexpl/x', L(`http://${B}/zz/a`), L('http://localhost:18080/mapped/a')],
  ['R15', '/rexpl/x', L('http://other:81/deep/path?q'), L('http://localhost:18080/other/deep/path?q')],
  ['R16 whole value replaced', '/rexpl/x', L('https://x/with-upper-inside'), L('http://localhost:18080/upper-replaced')],
  ['R17 proxy_redirect / /', '/rexpl/x', L('/rel/only'), L('http://localhost:18080/rel/only')],
  ['R18 HTTP/1.0 without Host', '/rexpl/x', L(`http://${B}/zz/a`), L('http://127.0.0.1:18080/mapped/a'), { host: null }],
  ['R19 off', '/roff/x', L(`http://${B}/r/foo`), L(`http://${B}/r/foo`)],
  ['R20 variables: no default', '/rvar/x', L(`http://${B}/r/foo`), L(`http://${B}/r/foo`)],
  ['R21 absolute_redirect off', '/rabsoff/x', L(`http://${B}/r/foo`), L('/rabsoff/foo')],
  ['R22 server_name_in_redirect on', '/rsnir/x', L(`http://${B}/r/foo`), L('http://localhost:18080/rsnir/foo'), { host: 'alias.example' }],
  ['R23 port_in_redirect off', '/rpir/x', L(`http://${B}/r/foo`), L('http://alias.example/rpir/foo'), { host: 'alias.example:7777' }],
  ['R24 nested: own default absent', '/rnest/inner/x', L(`http://${B}/inner/foo`), L(`http://${B}/inner/foo`)],
  ['R24 nested: parent default', '/rnest/inner/x', L(`http://${B}/outer/foo`), L('http://localhost:18080/rnest/foo')],
  ['R25 if block inherits', '/rnoname/x', L(`http://${B}/nn/foo`), L('http://localhost:18080/rnoname/foo')],
  ['R25 if block entered', '/rnoname/x?x=1', L(`http://${B}/nn/foo`), L('http://localhost:18080/rnoname/foo')],
  ['R26 :80 kept in pattern', '/port80/x', L('http://127.0.0.1/p/foo'), L('http://127.0.0.1/p/foo')],
  ['R26 :80 matches', '/port80/x', L('http://127.0.0.1:80/p/foo'), L('http://localhost:18080/port80/foo')],
  ['R27 upstream name', '/ups/x', L('http://backend/u/foo'), L('http://localhost:18080/ups/foo')],
  ['R27 upstream address', '/ups/x', L(`http://${B}/u/foo`), L(`http://${B}/u/foo`)],
  ['R28 no slash', '/nouri/x', L(`http://${B}`), L(`http://${B}`)],
  ['R28 slash', '/nouri/x', L(`http://${B}/`), L('http://localhost:18080/')],
  ['R29 relative replacement', '/rrel/x', L(`http://${B}/zz/a`), L('mapped/a')],
  ['R30 empty replacement', '/rempty/x', L(`http://${B}/empty/x`), L('http://localhost:18080/x')],
  ['R32 double slash', '/r/x', L(`http://${B}/r//x`), L('http://localhost:18080/r//x')],
  ['rewritten to a relative value keeps the name', '/rexpl/x', [['location', 'relative/x']], [['location', 'relative/x']]],
];

describe('proxy_redirect (reference §2.2)', () => {
  test.each(rows)('%s', (_name, path, upstream, expected, opts) => {
    const r = run(CONF, path, { host: opts?.host, response: { status: opts?.status ?? 302, headers: upstream } });
    expect(r.response?.headers).toEqual(expected);
  });
  test('R31 a server-level rule suppresses the implicit default', () => {
    const conf = `proxy_redirect http://elsewhere/ /; location /a/ { proxy_pass http://${B}/b/; }`;
    const a = run(conf, '/a/x', { host: 'second', port: 18082, response: { status: 302, headers: L(`http://${B}/b/foo`) } });
    const b = run(conf, '/a/x', { host: 'second', port: 18082, response: { status: 302, headers: L('http://elsewhere/foo') } });
    expect([header(a, 'Location'), header(b, 'Location')]).toEqual([[`http://${B}/b/foo`], ['http://second:18082/foo']]);
  });
});

// nginx-tests proxy_redirect.t: requests are absolute-form http://127.0.0.1:8080/..., p1 = 8081
describe('nginx-tests proxy_redirect.t', () => {
  const P1 = '127.0.0.1:8081';
  const conf = `
location / { set $some_var var_here; proxy_pass http://${P1};
  proxy_redirect http://${P1}/var_in_second/ /$some_var/;
  proxy_redirect http://${P1}/$some_var/ /replaced/;
  proxy_redirect ~^(.+)/regex_w_([^/]+) $1/$2/test.html;
  proxy_redirect ~*re+gexp? /replaced/test.html; }
location /expl_default/ { proxy_pass http://${P1}/replace_this/; proxy_redirect wrong wrong; proxy_redirect default; }
location /impl_default/ { proxy_pass http://${P1}/replace_this/; }
location /off/ { proxy_pass http://${P1}/; proxy_redirect off;
  location /off/on/ { proxy_pass http://${P1}; proxy_redirect http://${P1}/off/ /;
    location /off/on/on/ { proxy_pass http://${P1}; } } }
`;
  // the backend answers Location and Refresh with http://127.0.0.1:8081 + the URI it received
  function get(path: string): ReturnType<typeof run> {
    const first = run(conf, `http://127.0.0.1:8080${path}`, { port: 8080 });
    const uri = first.forward!.url.replace(/^http:\/\/[^/]*/, '');
    return run(conf, `http://127.0.0.1:8080${path}`, {
      port: 8080,
      response: { status: 302, headers: [['Location', `http://${P1}${uri}`], ['Refresh', `7; url=http://${P1}${uri}`]] },
    });
  }
  const rows: [string, 'Location' | 'Refresh', string][] = [
    ['/impl_default/test.html', 'Location', 'http://127.0.0.1:8080/impl_default/test.html'],
    ['/expl_default/test.html', 'Location', 'http://127.0.0.1:8080/expl_default/test.html'],
    ['/impl_default/test.html', 'Refresh', '7; url=/impl_default/test.html'],
    ['/expl_default/test.html', 'Refresh', '7; url=/expl_default/test.html'],
    ['/var_in_second/test.html', 'Location', 'http://127.0.0.1:8080/var_here/test.html'],
    ['/var_in_second/test.html', 'Refresh', '7; url=/var_here/test.html'],
    ['/off/test.html', 'Location', `http://${P1}/test.html`],
    ['/off/on/test.html', 'Location', 'http://127.0.0.1:8080/on/test.html'],
    ['/off/on/on/test.html', 'Location', 'http://127.0.0.1:8080/on/on/test.html'],
    ['/var_here/test.html', 'Location', 'http://127.0.0.1:8080/replaced/test.html'],
    ['/var_here/test.html', 'Refresh', '7; url=/replaced/test.html'],
    ['/ReeegEX/test.html', 'Location', 'http://127.0.0.1:8080/replaced/test.html'],
    ['/regex_w_captures/test.html', 'Location', `http://${P1}/captures/test.html`],
    ['/ReeegEX/test.html', 'Refresh', '7; url=/replaced/test.html'],
    ['/regex_w_captures/test.html', 'Refresh', `7; url=http://${P1}/captures/test.html`],
  ];
  test.each(rows)('%s %s', (path, name, expected) => {
    expect(header(get(path), name)).toEqual([expected]);
  });
});

// nginx-tests http_absolute_redirect.t (proxied locations and return), requests GET uri HTTP/1.0
describe('nginx-tests http_absolute_redirect.t', () => {
  const server = (flag: string, extra = ''): string => `server_name on; absolute_redirect ${flag}; ${extra}
location /auto/ { proxy_pass http://${B}; }
location "/auto sp/" { proxy_pass http://${B}; }
location '/auto "#%<>?\\\\^\`{|}/' { proxy_pass http://${B}; }
location /return301 { return 301 /redirect; }`;
  const rows: [string, string, string, string][] = [
    ['on', '/auto', 'on', 'http://on:8080/auto/'],
    ['on', '/auto?a=b', 'on', 'http://on:8080/auto/?a=b'],
    ['on', '/auto%20sp', 'on', 'http://on:8080/auto%20sp/'],
    ['on', '/auto%20sp?a=b', 'on', 'http://on:8080/auto%20sp/?a=b'],
    ['on', '/return301', 'on', 'http://on:8080/redirect'],
    ['on', '/return301', 'host', 'http://host:8080/redirect'],
    ['off', '/auto', 'on', '/auto/'],
    ['off', '/auto?a=b', 'on', '/auto/?a=b'],
    ['off', '/auto%20sp', 'on', '/auto%20sp/'],
    ['off', '/auto%20sp?a=b', 'on', '/auto%20sp/?a=b'],
    ['off', '/return301', 'on', '/redirect'],
    ['off', '/auto%20%22%23%25%3C%3E%3F%5C%5E%60%7B%7C%7D', 'on', '/auto%20%22%23%25%3C%3E%3F%5C%5E%60%7B%7C%7D/'],
  ];
  test.each(rows)('absolute_redirect %s: %s (Host %s)', (flag, path, host, expected) => {
    const r = run(server(flag), path, { host, port: 8080, httpVersion: '1.0' });
    expect(header(r, 'Location')).toEqual([expected]);
  });
  test('server_name_in_redirect on, Host host', () => {
    const r = run(server('on', 'server_name_in_redirect on;'), '/return301', { host: 'host', port: 8080 });
    expect(header(r, 'Location')).toEqual(['http://on:8080/redirect']);
  });
  test('port_in_redirect off, Host host', () => {
    const r = run(server('on', 'port_in_redirect off;'), '/return301', { host: 'host', port: 8080 });
    expect(header(r, 'Location')).toEqual(['http://host/redirect']);
  });
});

// Live hunt (nginx 1.22.1 on 127.0.0.1, test/oracle generators widened): each expected value was
// recorded from the real server ({{PORT}} 18080, backend 127.0.0.1:18081).
describe('live hunt rows: redirect unescaping, server names', () => {
  const rows: HuntRow[] = [
  ["rewrite redirect: % before a non-hex byte is dropped", "location / { rewrite ^ http://pub.test$uri permanent; }", "/a/%25/b", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":301,"location":["http://pub.test/a//b"]}],
  ["rewrite redirect: %4z is dropped whole", "location / { rewrite ^(.*)$ http://pub.test$1%4z/x redirect; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":302,"location":["http://pub.test/a/x"]}],
  ["server_name REV.Test is lower-cased for server_name_in_redirect", "server_name REV.Test;\nserver_name_in_redirect on;\nlocation / { return 301 /moved; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":301,"location":["http://rev.test:18080/moved"]}],
  ["auto-redirect of \"/a/\" answered with the configuration of \"= /a/\" (absolute_redirect on there)", "location /a/ { proxy_pass http://127.0.0.1:18081/; absolute_redirect off; }\nlocation = /a/ { }", "/a", {"host":null,"headers":[["Host","[::1]:18080"]],"httpVersion":"1.1"}, {"status":301,"location":["http://[::1]:18080/a/"]}],
  ["auto-redirect from a proxied \"= /a/\" beside a plain \"/a/\" with absolute_redirect off", "location /a/ { absolute_redirect off; }\nlocation = /a/ { proxy_pass http://127.0.0.1:18081/; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":301,"location":["http://rev.test:18080/a/"]}],
  ];
  test.each(rows)('%s', (_name, config, target, opts, expected) => checkHuntRow(run(config, target, opts), expected));
});
