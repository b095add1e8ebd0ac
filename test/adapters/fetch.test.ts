// The Fetch adapter with real Node 20 Request/Response objects. Expected values are the reference's
// observed rows: apache-httpd-2.4.md §4.1 (Location), §6.2 (cookies); nginx-1.22.md §2.2 R1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apacheDialect, apacheExchange, loadApacheTable } from '../../src/apache/index.js';
import { serializeTable } from '../../src/core/table.js';
import { nginxDialect } from '../../src/nginx/index.js';
import { createFetchProxy, headerList, prepareFetch, toClientRequest, toHeaders } from '../../src/adapters/fetch.js';

const APACHE_CONF = [
  'ProxyPass /app/ http://backend.test/app/',
  'ProxyPassReverse /app/ http://backend.test/app/',
  'ProxyPassReverseCookiePath /backend /front',
  'ProxyPassReverseCookieDomain backend.test front.test',
].join('\n');
const apache = apacheDialect.compile(APACHE_CONF);
const PUBLIC = 'http://rev.test:29180';

/** A body stream that counts the reads it served (highWaterMark 0: nothing is pulled up front). */
function countingBody(text: string) {
  const state = { pulls: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulls++;
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('toClientRequest', () => {
  const rows: [string, Parameters<typeof toClientRequest>[1], Record<string, unknown>][] = [
    ['http://rev.test:29180/app/x?y=1#frag', {}, { target: '/app/x?y=1', scheme: 'http', port: 29180, remoteAddress: '127.0.0.1' }],
    ['https://www.example.com/', { remoteAddress: '203.0.113.7' }, { target: '/', scheme: 'https', port: 443, remoteAddress: '203.0.113.7' }],
    ['http://[::1]:8080?q', {}, { target: '/?q', scheme: 'http', port: 8080 }],
    ['http://www.example.com/a', { port: 8443 }, { target: '/a', port: 8443 }],
  ];
  test.each(rows)('%s %o', (url, client, expected) => {
    const r = toClientRequest(new Request(url), client);
    expect(r).toMatchObject(expected);
  });
  test('Host comes from the URL when the Request has none', () => {
    expect(toClientRequest(new Request('http://rev.test:29180/app/x')).headers).toEqual([['host', 'rev.test:29180']]);
  });
  test('a Host header the runtime kept wins over the URL', () => {
    const r = new Request('http://10.0.0.1/app/x', { headers: { Host: 'rev.test' } });
    expect(toClientRequest(r).headers).toEqual([['host', 'rev.test']]);
  });
});

describe('headerList / toHeaders', () => {
  test('several Set-Cookie stay separate, the Expires comma included', () => {
    const h = new Headers();
    h.append('Set-Cookie', 'a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; path=/backend');
    h.append('Set-Cookie', 'b=2');
    h.append('Location', '/x');
    expect(headerList(h)).toEqual([
      ['location', '/x'],
      ['set-cookie', 'a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; path=/backend'],
      ['set-cookie', 'b=2'],
    ]);
  });
  test('toHeaders appends every pair (never set)', () => {
    const h = toHeaders([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-A', '1'], ['X-A', '2']]);
    expect(h.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(h.get('x-a')).toBe('1, 2');
  });
  test('an invalid field name is left out, not thrown', () => {
    expect(headerList(toHeaders([['Bad Name', 'x'], ['X-Ok', 'y']]))).toEqual([['x-ok', 'y']]);
  });
  test('a value above U+00FF goes out as UTF-8 bytes', () => {
    expect(toHeaders([['X-E', '€']]).get('x-e')).toBe('\u00e2\u0082\u00ac');
  });
});

describe('prepareFetch (Apache)', () => {
  test('forward: the backend Request, manual redirects, hop-by-hop and Host left to the runtime', () => {
    const request = new Request(`${PUBLIC}/app/x?y=1`, { headers: { Connection: 'X-Drop', 'X-Drop': '1', 'X-Keep': '2' } });
    const ex = prepareFetch(apacheDialect, apache, request, { remoteAddress: '192.0.2.1' });
    expect(ex.request?.url).toBe('http://backend.test/app/x?y=1');
    expect(ex.request?.redirect).toBe('manual');
    expect(ex.request?.headers.get('x-keep')).toBe('2');
    expect(ex.request?.headers.get('x-drop')).toBeNull();
    expect(ex.request?.headers.get('connection')).toBeNull();
    expect(ex.request?.headers.get('host')).toBeNull();
    expect(ex.request?.headers.get('x-forwarded-for')).toBe('192.0.2.1');
    expect(ex.request?.headers.get('x-forwarded-host')).toBe('rev.test:29180');
    expect(ex.result.forward?.headers[0]).toEqual(['Host', 'backend.test']);
  });
  test('the client body is streamed to the backend Request, not read', async () => {
    const { stream, state } = countingBody('payload');
    const request = new Request(`${PUBLIC}/app/post`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const ex = prepareFetch(apacheDialect, apache, request);
    expect(state.pulls).toBe(0);
    expect(await ex.request?.text()).toBe('payload');
  });
  test('not proxied: no backend Request, no answer (local content)', () => {
    const ex = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/other`));
    expect([ex.request, ex.response]).toEqual([null, null]);
  });
  test('Response.redirect (immutable headers): Location mapped into a new Response', () => {
    const upstream = Response.redirect('http://backend.test/app/x?y=1', 302);
    expect(() => upstream.headers.set('x', '1')).toThrow(TypeError);
    const out = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/app/x`)).rewrite(upstream);
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('http://rev.test:29180/app/x?y=1');
    out.headers.set('x-mutable', '1');
    expect(out.headers.get('x-mutable')).toBe('1');
  });
  test('the body is streamed through and not read', async () => {
    const { stream, state } = countingBody('hello');
    const upstream = new Response(stream, { status: 200, headers: { 'Content-Location': 'http://backend.test/app/doc' } });
    const out = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/app/doc`)).rewrite(upstream);
    expect(state.pulls).toBe(0);
    expect(upstream.bodyUsed).toBe(false);
    expect(out.headers.get('content-location')).toBe('http://rev.test:29180/app/doc');
    expect(await out.text()).toBe('hello');
  });
  const nullBody: [number][] = [[204], [304]];
  test.each(nullBody)('status %i keeps a null body', (status) => {
    const upstream = new Response(null, { status, headers: { Location: 'http://backend.test/app/' } });
    const out = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/app/x`)).rewrite(upstream);
    expect(out.status).toBe(status);
    expect(out.body).toBeNull();
    expect(out.headers.get('location')).toBe('http://rev.test:29180/app/');
  });
  test('a decoded body loses Content-Encoding and Content-Length', () => {
    const upstream = new Response('x', { headers: { 'Content-Encoding': 'gzip', 'Content-Length': '20', 'X-A': '1' } });
    const ex = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/app/x`));
    const out = ex.rewrite(upstream);
    expect([out.headers.get('content-encoding'), out.headers.get('content-length'), out.headers.get('x-a')]).toEqual([null, null, '1']);
    const raw = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/app/x`), { decoded: false })
      .rewrite(new Response('x', { headers: { 'Content-Encoding': 'gzip' } }));
    expect(raw.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('against a loopback backend (fetch() responses have immutable headers)', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      // Answers with the backend URL of the config, as a backend behind ProxyPass would.
      res.writeHead(302, [
        'Location', 'http://backend.test/app/x?y=1',
        'Set-Cookie', 'a=1; Path=/backend/x; Domain=backend.test',
        'Set-Cookie', 'a=1; path=/Backend',
        'Set-Cookie', 'a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; path=/backend',
        'X-Seen', `${req.method} ${req.url}`,
      ]);
      res.end('moved');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('several Set-Cookie mapped one by one, written back with append', async () => {
    const upstream = await fetch(origin, { redirect: 'manual' });
    expect(() => upstream.headers.set('x', '1')).toThrow(TypeError);
    const out = prepareFetch(apacheDialect, apache, new Request(`${PUBLIC}/app/x`)).rewrite(upstream);
    expect(out.headers.getSetCookie()).toEqual([
      'a=1; Path=/front; Domain=front.test',
      'a=1; path=/Backend',
      'a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; path=/front',
    ]);
    expect(out.headers.get('location')).toBe('http://rev.test:29180/app/x?y=1');
    expect(await out.text()).toBe('moved');
  });

  test('createFetchProxy: one round trip through an injected fetch', async () => {
    const seen: string[] = [];
    const proxy = createFetchProxy({
      dialect: apacheDialect,
      config: apache,
      fetch: (r) => {
        seen.push(r.url);
        return fetch(origin + new URL(r.url).pathname + new URL(r.url).search, { redirect: 'manual' });
      },
    });
    const out = await proxy(new Request(`${PUBLIC}/app/x?y=1`));
    expect(seen).toEqual(['http://backend.test/app/x?y=1']);
    expect(out.headers.get('x-seen')).toBe('GET /app/x?y=1');
    expect(out.headers.get('location')).toBe('http://rev.test:29180/app/x?y=1');
    expect((await proxy(new Request(`${PUBLIC}/elsewhere`))).status).toBe(404);
  });
});

describe('a precompiled table: only the exchange is needed', () => {
  // §4.1 / §6.2 rows, through a table written by serializeTable and read back by loadApacheTable.
  test('Location and Set-Cookie through { exchange: apacheExchange } and a loaded table', () => {
    const config = loadApacheTable(serializeTable(apache));
    const ex = prepareFetch({ exchange: apacheExchange }, config, new Request(`${PUBLIC}/app/x`));
    expect(ex.request?.url).toBe('http://backend.test/app/x');
    const out = ex.rewrite(
      new Response(null, {
        status: 302,
        headers: [['Location', 'http://backend.test/app/y'], ['Set-Cookie', 'a=1; Path=/backend/z; Domain=backend.test']],
      }),
    );
    expect(out.headers.get('location')).toBe('http://rev.test:29180/app/y');
    // Apache replaces the whole cookie path when its prefix matches (§6.2).
    expect(out.headers.getSetCookie()).toEqual(['a=1; Path=/front; Domain=front.test']);
  });
});

describe('prepareFetch (nginx)', () => {
  const conf = nginxDialect.compile('location /r/ { proxy_pass http://127.0.0.1:18081/r/; }');
  test('R1: proxy_redirect default, made absolute with the listening port', () => {
    const ex = prepareFetch(nginxDialect, conf, new Request('http://localhost:18080/r/x'));
    expect(ex.request?.url).toBe('http://127.0.0.1:18081/r/x');
    const out = ex.rewrite(Response.redirect('http://127.0.0.1:18081/r/foo?a=b', 302));
    expect(out.headers.get('location')).toBe('http://localhost:18080/r/foo?a=b');
  });
  test('a decoded NUL in the target: nginx answers 400 itself', () => {
    const ex = prepareFetch(nginxDialect, conf, new Request('http://localhost:18080/r/%00'));
    expect(ex.request).toBeNull();
    expect(ex.response?.status).toBe(400);
  });
});
