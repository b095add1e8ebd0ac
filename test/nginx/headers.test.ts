// Reference §1.6, §2.4, §3.8 (observed on nginx 1.22.1) and rows observed on the real server while
// building this dialect: the request headers sent upstream and the response headers passed back.
import { describe, expect, test } from 'vitest';
import { B, run } from './helpers.js';

const CLIENT: [string, string][] = [
  ['X-Forwarded-For', '1.2.3.4'], ['Keep-Alive', '300'], ['TE', 'trailers'], ['Upgrade', 'websocket'],
  ['Proxy-Connection', 'keep-alive'], ['Accept-Encoding', 'gzip'], ['X-Dup', 'a'], ['X-Dup', 'b'],
];

describe('request headers (reference §1.6)', () => {
  test('GET /nouri/x, Host Example.COM:8080: defaults, then the client headers', () => {
    const r = run(`location /nouri/ { proxy_pass http://${B}; }`, '/nouri/x', { host: 'Example.COM:8080', headers: CLIENT });
    expect(r.forward?.headers).toEqual([
      ['Host', B], ['Connection', 'close'], ['X-Forwarded-For', '1.2.3.4'], ['Proxy-Connection', 'keep-alive'],
      ['Accept-Encoding', 'gzip'], ['X-Dup', 'a'], ['X-Dup', 'b'],
    ]);
  });
  test('proxy_set_header X-First 1; proxy_set_header Host $host;', () => {
    const r = run(`location / { proxy_pass http://${B}; proxy_set_header X-First 1; proxy_set_header Host $host; }`, '/x', { host: 'Example.COM:8080' });
    expect(r.forward?.headers).toEqual([['X-First', '1'], ['Host', 'example.com'], ['Connection', 'close']]);
  });
  test('proxy_set_header Host ""; sends no Host', () => {
    const r = run(`location / { proxy_pass http://${B}; proxy_set_header Host ""; }`, '/x');
    expect(r.forward?.headers).toEqual([['Connection', 'close']]);
  });
  test('proxy_set_header Accept-Encoding ""; strips it', () => {
    const r = run(`location / { proxy_pass http://${B}; proxy_set_header Accept-Encoding ""; }`, '/x', { headers: [['Accept-Encoding', 'gzip']] });
    expect(r.forward?.headers).toEqual([['Host', B], ['Connection', 'close']]);
  });
  test('proxy_pass_request_headers off', () => {
    const r = run(`location / { proxy_pass http://${B}; proxy_pass_request_headers off; }`, '/x', { headers: [['X-Header', 'h']] });
    expect(r.forward?.headers).toEqual([['Host', B], ['Connection', 'close']]);
  });
  test('POST with Content-Length: 3 (the length is a default header)', () => {
    const r = run(`location / { proxy_pass http://${B}; }`, '/x', { method: 'POST', headers: [['Content-Length', '3'], ['Expect', '100-continue'], ['TE', 'trailers']] });
    expect(r.forward?.headers).toEqual([['Host', B], ['Connection', 'close'], ['Content-Length', '3']]);
  });
  test('X_Under and X.Dot are ignored (ignore_invalid_headers on)', () => {
    const r = run(`location / { proxy_pass http://${B}; }`, '/x', { headers: [['X_Under', '1'], ['X.Dot', '2'], ['X-Ok', '3']] });
    expect(r.forward?.headers).toEqual([['Host', B], ['Connection', 'close'], ['X-Ok', '3']]);
  });
  test('server-level proxy_set_header is inherited only by levels without their own', () => {
    const conf = `proxy_set_header X-Srv s; location /a/ { proxy_pass http://${B}; } location /b/ { proxy_pass http://${B}; proxy_set_header X-Loc l; }`;
    expect([run(conf, '/a/').forward?.headers, run(conf, '/b/').forward?.headers]).toEqual([
      [['X-Srv', 's'], ['Host', B], ['Connection', 'close']],
      [['X-Loc', 'l'], ['Host', B], ['Connection', 'close']],
    ]);
  });
  test('variables in proxy_set_header', () => {
    const conf = `location /set/ { proxy_pass http://${B}; proxy_set_header X-FF $proxy_add_x_forwarded_for; proxy_set_header X-PH $proxy_host:$proxy_port; proxy_set_header x-uri "$uri|$args|$request_uri|$is_args|$arg_a|$cookie_c|$http_x_dup"; }`;
    const r = run(conf, '/set/x?a=1&b=2', { headers: [['X-Forwarded-For', '1.2.3.4'], ['X-Forwarded-For', '5.6.7.8'], ['Cookie', 'c=1; d=2'], ['X-Dup', 'a'], ['X-Dup', 'b']] });
    expect(r.forward?.headers.slice(0, 3)).toEqual([
      ['X-FF', '1.2.3.4, 5.6.7.8, 127.0.0.1'], ['X-PH', `${B}:18081`], ['x-uri', '/set/x|a=1&b=2|/set/x?a=1&b=2|?|1|1|a'],
    ]);
  });
  test('upstream name: the URL and the Host keep the name ($proxy_host)', () => {
    const r = run(`upstream backend { server ${B}; } location /ups/ { proxy_pass http://backend/u/; }`, '/ups/x');
    expect([r.forward?.url, r.forward?.headers[0]]).toEqual(['http://backend/u/x', ['Host', 'backend']]);
  });
});

describe('response headers (reference §1.7, §2.4, §3.8)', () => {
  const UP: [string, string][] = [
    ['Server', 'be'], ['Date', 'Wed, 21 Oct 2015 07:28:00 GMT'], ['X-Pad', 'p'], ['X-Hidden', 'h'], ['X-Other', 'o'],
    ['X-Accel-Expires', '0'], ['x-lower-case', '1'], ['Link', '<a>'], ['Link', '<b>'], ['Keep-Alive', 'timeout=5'],
  ];
  const conf = `proxy_hide_header X-Hidden;
location /plain/ { proxy_pass http://${B}; }
location /pass/ { proxy_pass http://${B}; proxy_pass_header X-Pad; proxy_pass_header Server; proxy_pass_header Date; }
location /hide/ { proxy_pass http://${B}; proxy_hide_header X-Other; }`;
  const rows: [string, [string, string][]][] = [
    ['/plain/', [['X-Other', 'o'], ['x-lower-case', '1'], ['Link', '<a>'], ['Link', '<b>']]],
    ['/pass/', [['Server', 'be'], ['Date', 'Wed, 21 Oct 2015 07:28:00 GMT'], ['X-Pad', 'p'], ['X-Other', 'o'], ['x-lower-case', '1'], ['Link', '<a>'], ['Link', '<b>']]],
    // the location's own proxy_hide_header replaces the server's list: X-Hidden shows again
    ['/hide/', [['X-Hidden', 'h'], ['x-lower-case', '1'], ['Link', '<a>'], ['Link', '<b>']]],
  ];
  test.each(rows)('%s', (path, expected) => {
    expect(run(conf, path + 'x', { response: { status: 200, headers: UP } }).response?.headers).toEqual(expected);
  });
  test('Content-Type moves first; the last one wins', () => {
    const r = run(`location / { proxy_pass http://${B}; }`, '/x', {
      response: { status: 200, headers: [['X-B', '1'], ['Content-Type', 'text/html'], ['ETag', '"a"'], ['content-type', 'text/plain'], ['X-Accel-Buffering', 'no']] },
    });
    expect(r.response?.headers).toEqual([['Content-Type', 'text/plain'], ['X-B', '1'], ['ETag', '"a"']]);
  });
});
