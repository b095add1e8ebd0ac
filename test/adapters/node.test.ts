// node:http adapters. Mapped values are the reference's observed rows (apache-httpd-2.4.md §4.1).
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { apacheDialect } from '../../src/apache/index.js';
import { rawHeaderList, toClientRequest, toOutgoingHeaders, toRequestOptions, toWriteHead } from '../../src/adapters/node.js';
import { createProxy } from '../../examples/node-proxy.js';

describe('rawHeaderList', () => {
  const rows: [string[], [string, string][]][] = [
    [[], []],
    [['Host', 'a', 'set-cookie', 'x=1', 'Set-Cookie', 'y=2'], [['Host', 'a'], ['set-cookie', 'x=1'], ['Set-Cookie', 'y=2']]],
    [['X-A', '1', 'x-a', '2'], [['X-A', '1'], ['x-a', '2']]],
  ];
  test.each(rows)('%j', (raw, expected) => expect(rawHeaderList(raw)).toEqual(expected));
});

/** The parts of an IncomingMessage toClientRequest reads. */
function message(fields: { url: string; method?: string; rawHeaders?: string[]; httpVersion?: string; socket: Record<string, unknown> }) {
  return { method: 'GET', rawHeaders: [], httpVersion: '1.1', ...fields } as unknown as IncomingMessage;
}

describe('toClientRequest', () => {
  const rows: [string, IncomingMessage, object?, Record<string, unknown>?][] = [
    ['raw target and headers kept', message({ url: '/a/../b%2F?x', rawHeaders: ['HOST', 'h', 'X', '1', 'x', '2'], socket: { remoteAddress: '192.0.2.1', localPort: 8080 } }), {},
      { target: '/a/../b%2F?x', headers: [['HOST', 'h'], ['X', '1'], ['x', '2']], scheme: 'http', port: 8080, remoteAddress: '192.0.2.1', httpVersion: '1.1', method: 'GET' }],
    ['IPv4-mapped address', message({ url: '/', socket: { remoteAddress: '::ffff:192.0.2.9', localPort: 80 } }), {}, { remoteAddress: '192.0.2.9' }],
    ['IPv6 address kept', message({ url: '/', socket: { remoteAddress: '::1', localPort: 80 } }), {}, { remoteAddress: '::1' }],
    ['TLS socket', message({ url: '/', socket: { remoteAddress: '::1', localPort: 8443, encrypted: true } }), {}, { scheme: 'https', port: 8443 }],
    ['HTTP/1.0', message({ url: '/', httpVersion: '1.0', method: 'POST', socket: {} }), {}, { httpVersion: '1.0', method: 'POST', port: 80, remoteAddress: '127.0.0.1' }],
    ['options win', message({ url: '/', socket: { remoteAddress: '10.0.0.1', localPort: 3000 } }), { scheme: 'https', port: 443, remoteAddress: '203.0.113.5' },
      { scheme: 'https', port: 443, remoteAddress: '203.0.113.5' }],
  ];
  for (const [name, req, options, expected] of rows) {
    test(name, () => expect(toClientRequest(req, options)).toMatchObject(expected!));
  }
});

describe('toWriteHead / toOutgoingHeaders', () => {
  const list: [string, string][] = [['Location', '/x'], ['Set-Cookie', 'a=1'], ['X-A', '1'], ['set-cookie', 'b=2'], ['x-a', '2']];
  test('writeHead gets every line in order, name case kept', () => {
    expect(toWriteHead({ status: 302, headers: list })).toEqual([302, ['Location', '/x', 'Set-Cookie', 'a=1', 'X-A', '1', 'set-cookie', 'b=2', 'x-a', '2']]);
  });
  test('an object: duplicates as arrays in order, Set-Cookie always an array', () => {
    expect({ ...toOutgoingHeaders(list) }).toEqual({ Location: '/x', 'Set-Cookie': ['a=1', 'b=2'], 'X-A': ['1', '2'] });
    expect({ ...toOutgoingHeaders([['set-cookie', 'a=1']]) }).toEqual({ 'set-cookie': ['a=1'] });
  });
});

describe('toRequestOptions', () => {
  const rows: [string, Record<string, unknown>][] = [
    ['http://backend:8080/x?y=1', { protocol: 'http:', hostname: 'backend', port: 8080, path: '/x?y=1' }],
    ['http://backend/a%2Fb//c', { hostname: 'backend', port: 80, path: '/a%2Fb//c' }],
    ['https://[::1]:8443', { protocol: 'https:', hostname: '::1', port: 8443, path: '/' }],
    ['http://127.0.0.1?q', { hostname: '127.0.0.1', port: 80, path: '/?q' }],
    ['HTTPS://h', { protocol: 'https:', hostname: 'h', port: 443, path: '/' }],
  ];
  test.each(rows)('%s', (url, expected) => {
    const o = toRequestOptions({ url, method: 'PUT', headers: [['Host', 'h'], ['X', '1'], ['X', '2']] });
    expect(o).toMatchObject({ ...expected, method: 'PUT', headers: ['Host', 'h', 'X', '1', 'X', '2'] });
  });
});

/** Listens on an ephemeral loopback port; resolves to the port. */
function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('examples/node-proxy.ts: a backend redirect comes back through ProxyPassReverse', async () => {
  const seen: { url?: string; host?: string; xff?: string } = {};
  const backend = http.createServer((req, res) => {
    Object.assign(seen, { url: req.url, host: req.headers.host, xff: req.headers['x-forwarded-for'] });
    res.writeHead(302, ['Location', `http://127.0.0.1:${(backend.address() as AddressInfo).port}/app/x?y=1`, 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
    res.end();
  });
  const bport = await listen(backend);
  const conf = `ProxyPass /app/ http://127.0.0.1:${bport}/app/\nProxyPassReverse /app/ http://127.0.0.1:${bport}/app/`;
  const proxy = createProxy(apacheDialect, apacheDialect.compile(conf));
  const pport = await listen(proxy);
  try {
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: pport, path: '/app/login', headers: { Host: 'rev.test:29180' }, agent: false }, (res) => {
        res.resume();
        resolve(res);
      }).on('error', reject);
    });
    expect(seen).toEqual({ url: '/app/login', host: `127.0.0.1:${bport}`, xff: '127.0.0.1' });
    expect(answer.statusCode).toBe(302);
    expect(answer.headers.location).toBe('http://rev.test:29180/app/x?y=1');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  } finally {
    await stop(proxy);
    await stop(backend);
  }
});
