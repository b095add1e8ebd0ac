// Response header processing observed on Apache httpd 2.4.71 (live runs on 127.0.0.1; the order is
// the order the client received the lines in, framing lines Content-Length/Transfer-Encoding left out).
import { describe, expect, test } from 'vitest';
import { rewriteResponseHeaders, type ResponseRules } from '../../src/apache/response.js';
import type { HeaderList } from '../../src/core/types.js';

const NO_RULES: ResponseRules = {
  reverse: [],
  cookiePath: [],
  cookieDomain: [],
  balancers: new Map(),
  constructUrl: (p) => `http://rev.test${p}`,
};

const ROWS: [name: string, backend: HeaderList, client: HeaderList | number][] = [
  [
    'Date and Server move to the front; only the first of each is kept',
    [['X-A', '1'], ['Server', 's1'], ['X-B', '2'], ['server', 's2'], ['Date', 'Sun, 06 Nov 1994 08:49:37 GMT'], ['Expires', 'x'], ['expires', 'y']],
    [['Date', 'Sun, 06 Nov 1994 08:49:37 GMT'], ['Server', 's1'], ['X-A', '1'], ['X-B', '2'], ['Expires', 'x'], ['expires', 'y']],
  ],
  [
    'several Date lines: the first, canonicalised',
    [['Date', 'Sun Nov  6 08:49:37 1994'], ['URI', '/y'], ['Date', 'Wed, 21 Oct 2015 07:28:00 GMT']],
    [['Date', 'Sun, 06 Nov 1994 08:49:37 GMT'], ['URI', '/y']],
  ],
  [
    'Set-Cookie lines go after every other line',
    [['Content-Type', 'text/html'], ['set-cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['If-Modified-Since', 'x'], ['Destination', '/x/y?z=1']],
    [['Content-Type', 'text/html'], ['If-Modified-Since', 'x'], ['Destination', '/x/y?z=1'], ['set-cookie', 'a=1'], ['Set-Cookie', 'b=2']],
  ],
  [
    'Content-Type: only the first line, in its place',
    [['X-A', '1'], ['content-type', 'text/plain'], ['X-B', '2'], ['Content-Type', 'text/html'], ['CONTENT-TYPE', 'a/b']],
    [['X-A', '1'], ['content-type', 'text/plain'], ['X-B', '2']],
  ],
  [
    'Content-Type: an empty first value sets no type, every line passes',
    [['Content-Type', ''], ['content-type', 'text/plain']],
    [['Content-Type', ''], ['content-type', 'text/plain']],
  ],
  [
    'values are trimmed, empty values kept',
    [['Content-Type', '  text/html  '], ['X-Y', ''], ['X-Z', '  ']],
    [['Content-Type', 'text/html'], ['X-Y', ''], ['X-Z', '']],
  ],
  [
    'Vary lines merge into the first, names unique case-insensitively, joined with ","',
    [['vary', 'Accept, cookie'], ['X-A', '1'], ['Vary', 'Cookie ,  User-Agent'], ['VARY', '']],
    [['vary', 'Accept,cookie,User-Agent'], ['X-A', '1']],
  ],
  ['Vary lines without any name are left alone', [['Vary', ''], ['X-A', '1'], ['Vary', ',']], [['Vary', ''], ['X-A', '1'], ['Vary', ',']]],
  ['duplicate Vary: Accept', [['Vary', 'Accept'], ['Vary', 'Accept']], [['Vary', 'Accept']]],
  [
    'hop-by-hop headers and those Connection names are dropped',
    [['Connection', 'X-Hop'], ['X-Hop', 'dropped?'], ['Keep-Alive', 'timeout=5'], ['Upgrade', 'h2c'], ['X-Keep', '1']],
    [['X-Keep', '1']],
  ],
  ['a header name ending in a blank is a 500', [['Location ', 'x']], 500],
];

describe('Apache response headers', () => {
  for (const [name, backend, client] of ROWS) {
    test(name, () => {
      const out = rewriteResponseHeaders(backend, NO_RULES);
      if (typeof client === 'number') expect(out).toMatchObject({ status: client });
      else expect(out).toEqual(client);
    });
  }
});
