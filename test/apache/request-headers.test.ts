import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { forwardRequest } from '../../src/apache/forward.js';
import { apacheExchange } from '../../src/apache/index.js';
import { forwardHeaders, maxForwardsAnswer } from '../../src/apache/request-headers.js';
import type { ClientRequest, HeaderList } from '../../src/core/types.js';

const CFG = 'ServerName fwd.test\nProxyPass /p/ http://127.0.0.1:29281/x/\nProxyVia On';

function headersFor(config: string, req: ClientRequest, bodyLength?: number): HeaderList | string {
  const c = compileApache(config);
  const out = forwardRequest(c, req);
  if (out.result.kind !== 'proxy' || !out.context) return out.result.kind;
  return forwardHeaders(c, req, out.context, out.settings, out.result.url, bodyLength === undefined ? {} : { bodyLength });
}

type Row = [name: string, config: string, req: ClientRequest, expected: HeaderList, bodyLength?: number];

// Every row observed on 2.4.71: the backend's view of the request headers, in order.
const rows: Row[] = [
  [
    'hop-by-hop removed, Via/XFF merged in place, Expect kept',
    CFG,
    {
      target: '/p/a',
      headers: [
        ['Host', 'Fwd.Test:29180'], ['User-Agent', 't'], ['X-Forwarded-For', '1.2.3.4'], ['Via', '1.1 upstream'],
        ['Connection', 'close, X-Drop'], ['X-Drop', '1'], ['TE', 'trailers'], ['Keep-Alive', '300'], ['Upgrade', 'foo'],
        ['Trailer', 'x'], ['Proxy-Connection', 'k'], ['Expect', '100-continue'], ['Accept', '*/*'],
      ],
    },
    [
      ['Host', '127.0.0.1:29281'], ['User-Agent', 't'], ['X-Forwarded-For', '1.2.3.4, 127.0.0.1'],
      ['Via', '1.1 upstream, 1.1 fwd.test:29180'], ['Expect', '100-continue'], ['Accept', '*/*'],
      ['X-Forwarded-Host', 'Fwd.Test:29180'], ['X-Forwarded-Server', 'fwd.test'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'new Via then X-Forwarded-* appended after the client headers',
    CFG,
    { target: '/p/a', headers: [['Host', 'h.test'], ['User-Agent', 'u'], ['Accept', 'a']] },
    [
      ['Host', '127.0.0.1:29281'], ['User-Agent', 'u'], ['Accept', 'a'], ['Via', '1.1 fwd.test'], ['X-Forwarded-For', '127.0.0.1'],
      ['X-Forwarded-Host', 'h.test'], ['X-Forwarded-Server', 'fwd.test'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'GET with Content-Length: 5',
    CFG,
    { target: '/p/a', headers: [['Host', 'other.test'], ['Content-Length', '5']] },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.1 fwd.test'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'other.test'],
      ['X-Forwarded-Server', 'fwd.test'], ['Content-Length', '5'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'POST chunked, 5-byte body: Content-Length',
    CFG,
    { method: 'POST', target: '/p/a', headers: [['Host', 'other.test'], ['Transfer-Encoding', 'chunked']] },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.1 fwd.test'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'other.test'],
      ['X-Forwarded-Server', 'fwd.test'], ['Content-Length', '5'], ['Connection', 'Keep-Alive'],
    ],
    5,
  ],
  [
    'POST chunked, 20480-byte body: stays chunked',
    CFG,
    { method: 'POST', target: '/p/a', headers: [['Host', 'h'], ['Transfer-Encoding', 'chunked']] },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.1 fwd.test'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'h'],
      ['X-Forwarded-Server', 'fwd.test'], ['Transfer-Encoding', 'chunked'], ['Connection', 'Keep-Alive'],
    ],
    20480,
  ],
  [
    'POST Content-Length: 0',
    CFG,
    { method: 'POST', target: '/p/a', headers: [['Host', 'other.test'], ['Content-Length', '0']] },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.1 fwd.test'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'other.test'],
      ['X-Forwarded-Server', 'fwd.test'], ['Content-Length', '0'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'HTTP/1.0 without Host: Via 1.0, no X-Forwarded-Host',
    CFG,
    { target: '/p/a', httpVersion: '1.0' },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.0 fwd.test'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Server', 'fwd.test'],
      ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'repeated client headers merged at the first position',
    CFG,
    {
      target: '/p/a',
      headers: [
        ['Host', 'A.test:29180'], ['X-Forwarded-Host', 'z'], ['X-Forwarded-Server', 's1'], ['X-Forwarded-Server', 's2'],
        ['Via', 'v1'], ['Via', 'v2'],
      ],
    },
    [
      ['Host', '127.0.0.1:29281'], ['X-Forwarded-Host', 'z, A.test:29180'], ['X-Forwarded-Server', 's1, s2, fwd.test'],
      ['Via', 'v1, v2, 1.1 fwd.test:29180'], ['X-Forwarded-For', '127.0.0.1'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'absolute-form target replaces the Host header (lower-cased)',
    CFG,
    { target: 'http://Other.Test:1234/p/x', headers: [['Host', 'h.test:55']] },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.1 fwd.test:1234'], ['X-Forwarded-For', '127.0.0.1'],
      ['X-Forwarded-Host', 'other.test:1234'], ['X-Forwarded-Server', 'fwd.test'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'absolute-form https target on http: Host header kept',
    CFG,
    { target: 'https://o.test/p/x', headers: [['Host', 'h']] },
    [
      ['Host', '127.0.0.1:29281'], ['Via', '1.1 fwd.test'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'h'],
      ['X-Forwarded-Server', 'fwd.test'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    '§8.7 XFF merge: 1.2.3.4 and 5.6.7.8 on separate lines',
    'ServerName fwd.test\nProxyPass /p/ http://127.0.0.1:29281/x/',
    { target: '/p/a', headers: [['Host', 'FWD.test:29180'], ['X-Forwarded-For', '1.2.3.4'], ['X-Forwarded-For', '5.6.7.8'], ['X-Forwarded-Host', 'orig.example']] },
    [
      ['Host', '127.0.0.1:29281'], ['X-Forwarded-For', '1.2.3.4, 5.6.7.8, 127.0.0.1'], ['X-Forwarded-Host', 'orig.example, FWD.test:29180'],
      ['X-Forwarded-Server', 'fwd.test'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    '§8.7 ProxyPreserveHost On keeps the client Host byte for byte; ProxyAddHeaders Off',
    'ServerName fwd.test\nProxyPreserveHost On\nProxyAddHeaders Off\nProxyPass /p/ http://127.0.0.1:29281/x/',
    { target: '/p/a', headers: [['Host', 'Fwd.Test:29180']] },
    [['Host', 'Fwd.Test:29180'], ['Connection', 'Keep-Alive']],
  ],
  [
    '§8.7 ProxyVia Full',
    'ServerName via.test\nProxyVia Full\nProxyAddHeaders Off\nProxyPass /p/ http://127.0.0.1:29281/x/',
    { target: '/p/a', headers: [['Host', 'via.test:29180']] },
    [['Host', '127.0.0.1:29281'], ['Via', '1.1 via.test:29180 (Apache/2.4.71)'], ['Connection', 'Keep-Alive']],
  ],
  [
    '§8.7 ProxyVia Block removes Via',
    'ServerName via.test\nProxyVia Block\nProxyAddHeaders Off\nProxyPass /p/ http://127.0.0.1:29281/x/',
    { target: '/p/a', headers: [['Host', 'via.test'], ['Via', '1.1 up']] },
    [['Host', '127.0.0.1:29281'], ['Connection', 'Keep-Alive']],
  ],
  [
    '§8.6 target host lower-cased: Host localhost:29181',
    'ServerName f.test\nProxyAddHeaders Off\nProxyPass /p/ http://LOCALHOST:29181/x/',
    { target: '/p/a', headers: [['Host', 'h']] },
    [['Host', 'localhost:29181'], ['Connection', 'Keep-Alive']],
  ],
  // Observed in this project's live oracle runs (ports as in the corpus replay).
  [
    'a client Content-Length 00 is sent as the number 0',
    'ProxyPass / http://127.0.0.1:18081/',
    { target: '/p/x', headers: [['Host', 'rev.test:18080'], ['Content-Length', '00']] },
    [
      ['Host', '127.0.0.1:18081'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test:18080'],
      ['X-Forwarded-Server', 'localhost'], ['Content-Length', '0'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    'two Upgrade lines merge to "h2c, h2c", which upgrade=WebSocket,h2c accepts (ap_find_token compares token-long prefixes)',
    'ServerName https://secure.test\nUseCanonicalName On\nProxyPass /app/ ws://127.0.0.1:18081/x/ upgrade=WebSocket,h2c',
    {
      target: '/app/x/sub/internal',
      headers: [['Host', 'rev.test.:18080'], ['x-forwarded-for', '5.6.7.8'], ['X-Forwarded-Host', 'a.example'], ['Upgrade', 'h2c'], ['Connection', 'Upgrade'], ['Upgrade', 'h2c']],
    },
    [
      ['Host', '127.0.0.1:18081'], ['x-forwarded-for', '5.6.7.8, 127.0.0.1'], ['X-Forwarded-Host', 'a.example, rev.test.:18080'],
      ['X-Forwarded-Server', 'secure.test'], ['Connection', 'Upgrade'], ['Upgrade', 'h2c, h2c'],
    ],
  ],
  [
    'absolute-form target of another scheme without Host (HTTP/1.0): its port is the server port in Via',
    'ServerName https://secure.test:8443\nProxyVia Full\nProxyPass /x/ http://127.0.0.1:18081/p/',
    { target: 'http://[::1]:18080/x/sub?x=%20&y=a+b', headers: [['X-Drop', 'yes']], httpVersion: '1.0', port: 18080 },
    [
      ['Host', '127.0.0.1:18081'], ['X-Drop', 'yes'], ['Via', '1.0 secure.test:18080 (Apache/2.4.71)'], ['X-Forwarded-For', '127.0.0.1'],
      ['X-Forwarded-Server', 'secure.test'], ['Connection', 'Keep-Alive'],
    ],
  ],
  [
    "Connection tokens end at white space: 'X-A X-B' names two headers (live)",
    'ProxyPass / http://127.0.0.1:29281/',
    { target: '/x', headers: [['Host', 'rev.test'], ['Connection', 'X-A X-B'], ['X-A', '1'], ['X-B', '1'], ['X-C', '1']] },
    [['Host', '127.0.0.1:29281'], ['X-C', '1'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test'], ['X-Forwarded-Server', 'localhost'], ['Connection', 'Keep-Alive']],
  ],
  [
    "Connection tokens end at ';': 'X-A;q=1;X-B ,X-C' names X-A, q=1, X-B, X-C (live)",
    'ProxyPass / http://127.0.0.1:29281/',
    { target: '/x', headers: [['Host', 'rev.test'], ['Connection', 'X-A;q=1;X-B ,X-C'], ['X-A', '1'], ['X-B', '1'], ['X-C', '1']] },
    [['Host', '127.0.0.1:29281'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test'], ['X-Forwarded-Server', 'localhost'], ['Connection', 'Keep-Alive']],
  ],
  [
    'a quoted string stays inside its Connection token: \'X-A"q, X-B", X-C\' names X-C only (live)',
    'ProxyPass / http://127.0.0.1:29281/',
    { target: '/x', headers: [['Host', 'rev.test'], ['Connection', 'X-A"q, X-B", X-C'], ['X-A', '1'], ['X-B', '1'], ['X-C', '1']] },
    [['Host', '127.0.0.1:29281'], ['X-A', '1'], ['X-B', '1'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test'], ['X-Forwarded-Server', 'localhost'], ['Connection', 'Keep-Alive']],
  ],
  [
    "U+00A0 is no white space to httpd: 'X-A\\u00a0, X-B\\u00a0' names nothing here (live)",
    'ProxyPass / http://127.0.0.1:29281/',
    { target: '/x', headers: [['Host', 'rev.test'], ['Connection', 'X-A\u00a0, X-B\u00a0'], ['X-A', '1'], ['X-B', '1'], ['X-C', '1']] },
    [['Host', '127.0.0.1:29281'], ['X-A', '1'], ['X-B', '1'], ['X-C', '1'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test'], ['X-Forwarded-Server', 'localhost'], ['Connection', 'Keep-Alive']],
  ],
];

// Requests httpd refuses before any module sees them (live): the status.
const refused: [name: string, config: string, req: ClientRequest, status: number][] = [
  ['two Content-Length: 0 lines merge to "0, 0": 400', 'ProxyPass / http://127.0.0.1:18081/', { target: '/p/x', headers: [['Host', 'rev.test'], ['Content-Length', '0'], ['Content-Length', '0']] }, 400],
  ['Content-Length "0, 0": 400', 'ProxyPass / http://127.0.0.1:18081/', { target: '/p/x', headers: [['Host', 'rev.test'], ['Content-Length', '0, 0']] }, 400],
  ['a path proxy_http_canon refuses (NoDecode, bare %) is 400 before the glued host fails', 'AllowEncodedSlashes NoDecode\nProxyPass / http://127.0.0.1:18081', { target: '/x/A%3Bb//%25', headers: [['Host', 'rev.test']] }, 400],
  ['a request line of 8192 bytes: 414', 'ProxyPass / http://127.0.0.1:18081/', { target: '/p/' + 'a'.repeat(8176), headers: [['Host', 'rev.test']] }, 414],
  ['a request header line of 8192 bytes: 400', 'ProxyPass / http://127.0.0.1:18081/', { target: '/p/x', headers: [['Host', 'rev.test'], ['X-Long', 'y'.repeat(8184)]] }, 400],
  ['101 request header lines (LimitRequestFields 100): 400', 'ProxyPass / http://127.0.0.1:18081/', { target: '/p/x', headers: [['Host', 'rev.test'], ...Array.from({ length: 100 }, (_, i): [string, string] => [`X-N${i}`, 'v'])] }, 400],
  ['the glued host alone fails the lookup: 500', 'ProxyPass / http://127.0.0.1:18081', { target: '/x/a%20b', headers: [['Host', 'rev.test']] }, 500],
];

const accepted: [name: string, req: ClientRequest][] = [
  ['a request line of 8191 bytes is read', { target: '/p/' + 'a'.repeat(8175), headers: [['Host', 'rev.test']] }],
  ['100 request header lines are read', { target: '/p/x', headers: [['Host', 'rev.test'], ...Array.from({ length: 99 }, (_, i): [string, string] => [`X-N${i}`, 'v'])] }],
  ['a request header line of 8191 bytes is read', { target: '/p/x', headers: [['Host', 'rev.test'], ['X-Long', 'y'.repeat(8183)]] }],
];

describe('requests at the line limits', () => {
  for (const [name, req] of accepted) {
    test(name, () => expect(forwardRequest(compileApache('ProxyPass / http://127.0.0.1:18081/'), req).result.kind).toBe('proxy'));
  }
});

describe('requests refused by httpd', () => {
  for (const [name, config, req, status] of refused) {
    test(name, () => {
      const out = forwardRequest(compileApache(config), req);
      expect(out.result).toMatchObject({ kind: 'error', status });
    });
  }
});

describe('forwardHeaders', () => {
  for (const [name, config, req, expected, len] of rows) {
    test(name, () => expect(headersFor(config, req, len)).toEqual(expected));
  }
});

// hunt3, observed live on 2.4.71 (ProxyPass / http://127.0.0.1:P/r/, Host rev.test:P): the parser
// trims SP/HT around values; mod_proxy's handler decrements Max-Forwards in place.
const B3 = 'ProxyPass / http://127.0.0.1:18081/r/';
const XF: HeaderList = [['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test:18080'], ['X-Forwarded-Server', 'localhost'], ['Connection', 'Keep-Alive']];
const hunt3: [name: string, headers: HeaderList, expected: HeaderList][] = [
  ['Host "rev.test:18080  ", X-Sp "  a  b  ", X-T "<HT>a<HT>", X-E "   "', [['Host', 'rev.test:18080  '], ['X-Sp', '  a  b  '], ['X-T', '\ta\t'], ['X-E', '   ']], [['X-Sp', 'a  b'], ['X-T', 'a'], ['X-E', '']]],
  ['Max-Forwards: +5', [['Host', 'rev.test:18080'], ['Max-Forwards', '+5']], [['Max-Forwards', '4']]],
  ['Max-Forwards: 9223372036854775806', [['Host', 'rev.test:18080'], ['Max-Forwards', '9223372036854775806']], [['Max-Forwards', '9223372036854775805']]],
  ['Max-Forwards: "1 " before X-A', [['Host', 'rev.test:18080'], ['Max-Forwards', '1 '], ['X-A', '1']], [['Max-Forwards', '0'], ['X-A', '1']]],
  ['max-forwards: 2 (name case kept)', [['Host', 'rev.test:18080'], ['max-forwards', '2']], [['max-forwards', '1']]],
  ['Max-Forwards: 007', [['Host', 'rev.test:18080'], ['Max-Forwards', '007']], [['Max-Forwards', '6']]],
];
describe('forwardHeaders: trimmed values and Max-Forwards (hunt3, live)', () => {
  for (const [name, headers, expected] of hunt3) {
    test(name, () => expect(headersFor(B3, { target: '/a', headers })).toEqual([['Host', '127.0.0.1:18081'], ...expected, ...XF]));
  }
  test('GET http://rev.test:/a (empty port): X-Forwarded-Host rev.test:', () =>
    expect(headersFor('ServerName rev.test:8080\n' + B3, { target: 'http://rev.test:/a', headers: [['Host', 'rev.test:18080']] })).toEqual([
      ['Host', '127.0.0.1:18081'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', 'rev.test:'], ['X-Forwarded-Server', 'rev.test'], ['Connection', 'Keep-Alive'],
    ]));
});

// What proxy_handler answers itself for Max-Forwards (observed live; null: the request goes on).
const mfRows: [name: string, method: string, value: string[], expected: number | null][] = [
  ['GET Max-Forwards: 0x1', 'GET', ['0x1'], 400],
  ['GET Max-Forwards: 9223372036854775807', 'GET', ['9223372036854775807'], 400],
  ['GET Max-Forwards: -0', 'GET', ['-0'], 400],
  ['GET Max-Forwards: 4 and 2 (two lines)', 'GET', ['4', '2'], 400],
  ['TRACE Max-Forwards: 0', 'TRACE', ['0'], 200],
  ['OPTIONS Max-Forwards: 0', 'OPTIONS', ['0'], 200],
  ['HEAD Max-Forwards: 0', 'HEAD', ['0'], 400],
  ['TRACE Max-Forwards: 3', 'TRACE', ['3'], null],
  ['GET Max-Forwards: +5', 'GET', ['+5'], null],
];
describe('maxForwardsAnswer (hunt3, live)', () => {
  for (const [name, method, values, expected] of mfRows) {
    test(name, () => {
      const a = maxForwardsAnswer({ method, target: '/a', headers: [['Host', 'rev.test'], ...values.map((v): [string, string] => ['Max-Forwards', v])] });
      expect(a === null ? null : a.status).toBe(expected);
    });
  }
});

// hunt4 (live): proxy_handler reads Max-Forwards only for a proxied request, after proxy_http_canon
// (whose 400/403 come first) and before it picks a balancer member or connects (so before a 503
// for an empty balancer, a 500 for a host glued onto a path-less target, a 400 for '?' glued in).
// `forward:X` is the target the backend got; a number is httpd's own answer.
const B4 = 'http://127.0.0.1:18081';
const mfExchange: [config: string, method: string, target: string, values: string[], expected: string | number][] = [
  [`ProxyPass / ${B4}/`, 'GET', '/a', ['0'], 400],
  [`ProxyPass / ${B4}/`, 'GET', '/a', ['abc'], 400],
  [`ProxyPass / ${B4}/`, 'GET', '/a', ['-1'], 400],
  [`ProxyPass / ${B4}/`, 'GET', '/a', [''], 400],
  [`ProxyPass / ${B4}/`, 'GET', '/a', ['9223372036854775807'], 400],
  [`ProxyPass / ${B4}/`, 'GET', '/a', ['4', '2'], 400],
  [`ProxyPass / ${B4}/`, 'TRACE', '/a', ['0'], 200],
  [`ProxyPass / ${B4}/`, 'OPTIONS', '/a', ['0'], 200],
  [`ProxyPass / ${B4}/`, 'options', '/a', ['0'], 400],
  [`ProxyPass / ${B4}/`, 'OPTIONS', '/a', ['1'], 'forward:/a'],
  [`ProxyPass / ${B4}`, 'OPTIONS', '/x', ['0'], 200],
  [`ProxyPass / ${B4}`, 'GET', '/x', ['0'], 400],
  ['ProxyPass /b/ balancer://none/', 'OPTIONS', '/b/x', ['0'], 200],
  ['ProxyPass /b/ balancer://none/', 'GET', '/b/x', ['0'], 400],
  [`ProxyPass / ${B4} nocanon`, 'OPTIONS', '/b?q=1', ['0'], 200],
  [`ProxyPass / ${B4} nocanon`, 'GET', '/b?q=1', ['0'], 400],
  [`ProxyPass /a/ "${B4}/a b/" nocanon`, 'OPTIONS', '/a/x', ['0'], 403],
  [`AllowEncodedSlashes NoDecode\nProxyPass /a/ ${B4}/x/`, 'OPTIONS', '/a/%25', ['0'], 400],
  [`ProxyPass /a/ ${B4}/x/`, 'GET', '/b/q', ['0'], 'local'],
  [`ProxyPass /a/ ${B4}/x/`, 'HEAD', '/a/q', ['abc'], 400],
];
describe('Max-Forwards answered by proxy_handler (hunt4, live)', () => {
  for (const [config, method, target, values, expected] of mfExchange) {
    test(`${config.replace(/\n/g, ' | ')} :: ${method} ${target} Max-Forwards: ${values.map((v) => JSON.stringify(v)).join(' + ')}`, () => {
      const headers: [string, string][] = [['Host', 'rev.test:18080'], ...values.map((v): [string, string] => ['Max-Forwards', v])];
      const out = apacheExchange(compileApache(config), { method, target, headers });
      const got = out.forward ? `forward:${out.forward.url.slice(B4.length)}` : (out.response?.status ?? 'local');
      expect(got).toBe(expected);
    });
  }
});
