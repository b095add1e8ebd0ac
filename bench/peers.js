// The peers' own response passes, called directly with minimal fake objects so that only their
// rewrite work is timed: no sockets, no streams. Versions are the pinned dev dependencies.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Loads httpxy's outgoing passes. httpxy exports only its server, so its own module text is
 * imported with one extra export line naming the pass array (the code itself is unchanged). */
async function httpxyPasses() {
  const file = require.resolve('httpxy');
  const text = readFileSync(file, 'utf8') + '\nexport { webOutgoingMiddleware as __benchOutgoing };\n';
  const mod = await import('data:text/javascript;base64,' + Buffer.from(text).toString('base64'));
  return mod.__benchOutgoing;
}

function pkgVersion(name) {
  return JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
}

/**
 * Each peer as `{ name, location(req, proxyRes, options), response(req, proxyRes, options) }`.
 * `location` runs the Location pass only; `response` runs every outgoing header pass (chunked,
 * connection, Location, header copy with the cookie rewrites, status) into a fake response.
 */
export async function loadPeers() {
  const hp = require('http-proxy/lib/http-proxy/passes/web-outgoing.js');
  const hp3 = require('http-proxy-3/dist/lib/http-proxy/passes/web-outgoing.js');
  const xy = await httpxyPasses();
  const hpPasses = [hp.removeChunked, hp.setConnection, hp.setRedirectHostRewrite, hp.writeHeaders, hp.writeStatusCode];
  const hp3Passes = [hp3.removeChunked, hp3.setConnection, hp3.setRedirectHostRewrite, hp3.writeHeaders, hp3.writeStatusCode];
  const all = (passes) => (req, res, proxyRes, options) => {
    for (let i = 0; i < passes.length; i++) if (passes[i](req, res, proxyRes, options)) break;
  };
  return [
    { name: `http-proxy ${pkgVersion('http-proxy')}`, location: hp.setRedirectHostRewrite, response: all(hpPasses) },
    { name: `http-proxy-3 ${pkgVersion('http-proxy-3')}`, location: hp3.setRedirectHostRewrite, response: all(hp3Passes) },
    { name: `httpxy ${pkgVersion('httpxy')}`, location: xy[2], response: all(xy) },
  ];
}

/** A fake client request (HTTP/1.1, the public Host). */
export function fakeRequest(host) {
  return { httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1, method: 'GET', url: '/app/x', headers: { host }, socket: {} };
}

/** A fake server response that records what the passes set. */
export function fakeResponse() {
  return {
    headers: {},
    statusCode: 200,
    statusMessage: '',
    headersSent: false,
    setHeader(name, value) {
      this.headers[name.toLowerCase()] = value;
    },
  };
}

/** A fake backend response: Node's IncomingMessage shape (lower-case names, Set-Cookie as an array). */
export function fakeProxyResponse(status, pairs) {
  const headers = {};
  const rawHeaders = [];
  for (const [n, v] of pairs) {
    const l = n.toLowerCase();
    rawHeaders.push(n, v);
    if (l === 'set-cookie') (headers[l] ??= []).push(v);
    else headers[l] ??= v;
  }
  return { statusCode: status, statusMessage: 'Found', headers, rawHeaders };
}
