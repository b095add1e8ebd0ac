// Reference §1.6, §2.4, §3.8 (observed on nginx 1.22.1) and rows observed on the real server while
// building this dialect: the request headers sent upstream and the response headers passed back.
import { describe, expect, test } from 'vitest';
import { B, run, checkHuntRow, type HuntRow } from './helpers.js';

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

// Live hunt (nginx 1.22.1 on 127.0.0.1, test/oracle generators widened): each expected value was
// recorded from the real server ({{PORT}} 18080, backend 127.0.0.1:18081).
describe('live hunt rows: request checks and response lines', () => {
  const rows: HuntRow[] = [
  ["method \"get\" (lower case) is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","method":"get"}, {"status":400}],
  ["TRACE is 405", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","method":"TRACE"}, {"status":405}],
  ["Transfer-Encoding: identity is 501", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"],["Transfer-Encoding","identity"]],"httpVersion":"1.1"}, {"status":501}],
  ["Transfer-Encoding with HTTP/1.0 is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Transfer-Encoding","chunked"]],"httpVersion":"1.0"}, {"status":400}],
  ["two Content-Length: 0 lines are 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"],["Content-Length","0"],["Content-Length","0"]],"httpVersion":"1.1"}, {"status":400}],
  ["two Expect lines are 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"],["Expect","100-continue"],["Expect","100-continue"]],"httpVersion":"1.1"}, {"status":400}],
  ["Content-Length: abc is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"],["Content-Length","abc"]],"httpVersion":"1.1"}, {"status":400}],
  ["Host rev.test:a/b (a slash in the port part) is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:a/b"]],"httpVersion":"1.1"}, {"status":400}],
  ["Host rev.test:8.. (double dot in the port part) is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:8.."]],"httpVersion":"1.1"}, {"status":400}],
  ["absolute-form http://a_b/x (underscore in the host) is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "http://a_b/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":400}],
  ["absolute-form http://a..b/x is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "http://a..b/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":400}],
  ["absolute-form http://rev.test#f is 400", "location / { proxy_pass http://127.0.0.1:18081; }", "http://rev.test#f", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"status":400}],
  ["absolute-form http://rev.test (no path) sends /", "location / { proxy_pass http://127.0.0.1:18081; }", "http://rev.test", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1"}, {"target":"/"}],
  ["backend line \"X Space: v\" is 502", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-A","1"],["X Space","v"]]}}, {"status":502}],
  ["backend line \" folded\" (leading blank) is 502", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-A","1"],[" folded",""]]}}, {"status":502}],
  ["backend line \"HTTP/1.1 200 OK\" is skipped", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["HTTP/1.1 200 OK",""],["X-A","1"]]}}, {"status":200,"headers":[["X-A","1"]]}],
  ["a charset of an earlier Content-Type is appended to the last one", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Type","text/html; charset=utf-8"],["Content-Type","application/json"],["X-A","1"]]}}, {"status":200,"headers":[["Content-Type","application/json; charset=utf-8"],["X-A","1"]]}],
  ["an empty Content-Type is not written", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Type",""],["X-A","1"]]}}, {"status":200,"headers":[["X-A","1"]]}],
  ["Content-Length: the last line counts", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","5"],["Content-Length","007"],["X-A","1"]]}}, {"status":200,"headers":[["Content-Length","7"],["X-A","1"]]}],
  ["Content-Length with Transfer-Encoding: chunked is not written", "location / { proxy_pass http://127.0.0.1:18081; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","5"],["Transfer-Encoding","gzip, chunked"],["X-A","1"]]}}, {"status":200,"headers":[["X-A","1"]]}],
  ["backend Content-Length 99999999999999999999 (above INT64_MAX) is not written","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","99999999999999999999"],["X-A","1"]]}}, {"status":200,"headers":[["X-A","1"]]}],
  ["backend Content-Length 9223372036854775808 (INT64_MAX + 1) is not written","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","9223372036854775808"],["X-A","1"]]}}, {"status":200,"headers":[["X-A","1"]]}],
  ["backend Content-Length 9223372036854775807 (INT64_MAX) is written","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","9223372036854775807"],["X-A","1"]]}}, {"status":200,"headers":[["Content-Length","9223372036854775807"],["X-A","1"]]}],
  ["backend Content-Length 0009223372036854775807: leading zeros dropped, written","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","0009223372036854775807"],["X-A","1"]]}}, {"status":200,"headers":[["Content-Length","9223372036854775807"],["X-A","1"]]}],
  ["backend Content-Length 5 then 99999999999999999999: the last one counts, none written","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","5"],["Content-Length","99999999999999999999"],["X-A","1"]]}}, {"status":200,"headers":[["X-A","1"]]}],
  ["backend Content-Length 99999999999999999999 then 5: the last one counts","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","99999999999999999999"],["Content-Length","5"],["X-A","1"]]}}, {"status":200,"headers":[["Content-Length","5"],["X-A","1"]]}],
  ["client Content-Length 99999999999999999999 (above INT64_MAX) is 400","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"],["Content-Length","99999999999999999999"]],"httpVersion":"1.1","method":"POST"}, {"status":400}],
  ["client Content-Length 9223372036854775808 (INT64_MAX + 1) is 400","location / { proxy_pass http://127.0.0.1:18081; }","/x", {"host":null,"headers":[["Host","rev.test:18080"],["Content-Length","9223372036854775808"]],"httpVersion":"1.1","method":"POST"}, {"status":400}],
  ["proxy_hide_header Content-Length still writes the length", "location / { proxy_pass http://127.0.0.1:18081; proxy_hide_header Content-Length; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["Content-Length","5"]]}}, {"status":200,"headers":[["Content-Length","5"]]}],
  ["proxy_pass_header Date without a backend Date: no Date at all", "location / { proxy_pass http://127.0.0.1:18081; proxy_pass_header Date; }", "/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-A","1"]]}}, {"status":200,"date":[]}],
  ["X-Accel-Redirect to a return: kept lines, cookie rules applied", "location / { proxy_pass http://127.0.0.1:18081; proxy_cookie_path /x/ /y/; }\nlocation /loc/ { return 302 /there; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-Accel-Redirect","/loc/x?q=1"],["Set-Cookie","a=1; Path=/x/"],["Cache-Control","no-cache"],["Content-Type","a/b"],["Accept-Ranges","bytes"],["X-B","2"]]}}, {"status":302,"headers":[["Location","http://rev.test:18080/there"],["Set-Cookie","a=1; Path=/y/"],["Cache-Control","no-cache"]]}],
  ["X-Accel-Redirect to a missing named location is 500", "location / { proxy_pass http://127.0.0.1:18081; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-Accel-Redirect","@nope"],["Set-Cookie","a=1"]]}}, {"status":500,"headers":[["Set-Cookie","a=1"]]}],
  ["X-Accel-Redirect /../x is 404", "location / { proxy_pass http://127.0.0.1:18081; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-Accel-Redirect","/../x"],["Set-Cookie","a=1"]]}}, {"status":404,"headers":[["Set-Cookie","a=1"]]}],
  ["X-Accel-Redirect back to the proxy: 500 after 11 answers", "location / { proxy_pass http://127.0.0.1:18081; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":200,"headers":[["X-Accel-Redirect","/again"],["Expires","0"]]}}, {"status":500,"expires":11}],
  ["X-Accel-Redirect to a named location", "location / { proxy_pass http://127.0.0.1:18081; }\nlocation @fb { return 403; }", "/a", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","method":"POST","response":{"status":200,"headers":[["X-Accel-Redirect","@fb"],["Content-Disposition","inline"]]}}, {"status":403,"headers":[["Content-Disposition","inline"]]}],
  ["X-Accel-Redirect to a location whose proxy_pass needs a resolver: 502", "location /app/ { proxy_pass http://nosuch$uri; location /app/foo { proxy_pass http://127.0.0.1:18081/%20/; } }", "/app/foo/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":500,"headers":[["X-Accel-Redirect","/app/"],["Set-Cookie","sid=2; Path=/"]]}}, {"status":502,"headers":[["Set-Cookie","sid=2; Path=/"]]}],
  ["X-Accel-Redirect to \"return 200 ok\": 200 with the kept lines", "location /app/ { return 200 ok; location /app/foo { proxy_pass http://127.0.0.1:18081; proxy_cookie_path ~*^/X/(.*)$ /rx-$1; } }", "/app/foo/x", {"host":null,"headers":[["Host","rev.test:18080"]],"httpVersion":"1.1","response":{"status":500,"headers":[["X-Accel-Redirect","/app/"],["Set-Cookie","a=1; Path=/X/"],["X-B","1"]]}}, {"status":200,"headers":[["Set-Cookie","a=1; Path=/rx-"]]}],
  ];
  test.each(rows)('%s', (_name, config, target, opts, expected) => checkHuntRow(run(config, target, opts), expected));
  // Observed (live run, seed 1128): the internal redirect lands on `return 444` and nginx closes the
  // connection after the backend answered: the client gets no response at all.
  test('X-Accel-Redirect to a location that does return 444: forwarded, then no answer', () => {
    const config = 'location / {\n  return 444;\n}\nlocation /lm/ {\n  proxy_pass https://127.0.0.1:18081;\n}';
    const r = run(config, '//lm/internal/foo/', { response: { status: 301, headers: [['X-Accel-Redirect', '/x/acc']] } });
    expect([r.forward?.url, r.response]).toEqual(['https://127.0.0.1:18081//lm/internal/foo/', null]);
  });
});
