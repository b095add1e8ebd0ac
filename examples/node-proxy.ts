// A reverse proxy in ~40 lines of node:http: the engine decides, node:http moves the bytes.
// Run: npx tsx examples/node-proxy.ts proxy.conf [apache|nginx] [port]
// In your own project import from 'passreverse' and 'passreverse/node' instead of '../src/...'.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { apacheDialect } from '../src/apache/index.js';
import { nginxDialect } from '../src/nginx/index.js';
import type { Dialect } from '../src/core/types.js';
import { toBackendResponse, toClientRequest, toRequestOptions, toWriteHead } from '../src/adapters/node.js';

/** An http.Server that proxies as `dialect` would with `config` (compiled once). */
export function createProxy<C>(dialect: Dialect<C>, config: C): http.Server {
  return http.createServer((req, res) => {
    const client = toClientRequest(req);
    const decision = dialect.exchange(config, client);
    if (!decision.forward) {
      // The server's own answer (400, 404, a redirect ...); local content is not modelled: 404.
      res.writeHead(...toWriteHead(decision.response ?? { status: 404, headers: [] }));
      res.end();
      return;
    }
    const options = toRequestOptions(decision.forward);
    if (options.protocol !== 'http:') {
      res.writeHead(502).end(); // this example speaks plain http to its backends only
      return;
    }
    const upstream = http.request(options, (up) => {
      const answer = dialect.exchange(config, client, toBackendResponse(up)).response;
      res.writeHead(...toWriteHead(answer ?? { status: 502, headers: [] }));
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, name = 'apache', port = '8080'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node-proxy.ts <config file> [apache|nginx] [port]');
  const text = readFileSync(file, 'utf8');
  const server = name === 'nginx'
    ? createProxy(nginxDialect, nginxDialect.compile(text))
    : createProxy(apacheDialect, apacheDialect.compile(text));
  server.listen(Number(port), '127.0.0.1', () => console.log(`proxy on http://127.0.0.1:${port}/ (${name})`));
}
