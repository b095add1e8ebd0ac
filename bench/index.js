// passreverse benchmarks: mitata measurements of the built dist/, side by side with hand-written
// floors and with the peers (http-proxy, http-proxy-3, httpxy), printed as one table.
//
//   node --expose-gc --min-semi-space-size=16 bench/index.js        full run (about two minutes)
//   node --expose-gc --min-semi-space-size=16 bench/index.js --md   the same, as Markdown
//   ... --only <regex>                       only the scenarios whose name matches
//   node bench/index.js --ci                 short mode: checks that every scenario runs and that
//                                            floors, peers and the library agree on their inputs;
//                                            never fails on timings
import os from 'node:os';
import v8 from 'node:v8';
import { do_not_optimize, measure } from 'mitata';
import * as lib from '../dist/index.js';
import {
  locationFloorIgnoreCase,
  locationFloorPassThrough,
  nginxResponseFloor,
  nginxSetCookieFloor,
  responseFloor,
  responseFloorScanned,
  responseFloorScannedDated,
  setCookieFloor,
} from './floors.js';
import {
  COOKIE_FLOOR,
  COOKIE_RULES,
  LOCATION_MISSES,
  NGINX_COOKIE_FLOOR,
  NGINX_COOKIE_RULES,
  NGINX_LOCATION_MISSES,
  PEER_CONFIG,
  PEER_COOKIES,
  PEER_LOCATIONS,
  PEER_OPTIONS,
  PEER_REQUEST,
  PUBLIC_ORIGIN,
  SET_COOKIES,
  locationHits,
  nginxLocationHits,
  nginxLocationTable,
  nginxRedirectConfig,
  nginxThousandLines,
  redirectResponse,
  serviceRequest,
  serviceTable,
  thousandLines,
} from './inputs.js';
import { fakeProxyResponse, fakeRequest, fakeResponse, loadPeers } from './peers.js';

const CI = process.argv.includes('--ci');
const MARKDOWN = process.argv.includes('--md');
const failures = [];

// ---------------------------------------------------------------------------------------------
// Setup: every table, exchange and input is built here, outside the measured functions.

const table10 = lib.compileApache(serviceTable(10, COOKIE_RULES));
const table10k = lib.compileApache(serviceTable(10_000));
const ex10 = lib.prepareApache(table10, serviceRequest(3));
const ex10k = lib.prepareApache(table10k, serviceRequest(3));

const hits10 = locationHits((i) => (i * 7) % 10);
const last10 = locationHits(() => 9);
const last10k = locationHits(() => 9_999);
const missFloor = { real: 'http://svc3.internal:8080/', public: `${PUBLIC_ORIGIN}/svc3/` };

const responses = [];
for (let i = 0; i < 8; i++) {
  const loc = i % 4 === 1 ? LOCATION_MISSES[i] : hits10[i].value;
  const hit = hits10[i];
  const cookies = [SET_COOKIES[i], SET_COOKIES[(i + 1) % 8], SET_COOKIES[(i + 2) % 8]];
  responses.push({ headers: redirectResponse(loc, cookies), real: hit.real, public: hit.public });
}

const peerConfig = lib.compileApache(PEER_CONFIG);
const peerExchange = lib.prepareApache(peerConfig, PEER_REQUEST);
const peers = await loadPeers();
const peerReq = fakeRequest('front.example:8443');
const peerResponses = PEER_LOCATIONS.map((loc, i) => redirectResponse(loc, PEER_COOKIES[i % PEER_COOKIES.length]));

const forwardTargets10 = Array.from({ length: 16 }, (_, i) => serviceRequest((i * 7) % 10));
const forwardTargets10k = Array.from({ length: 16 }, (_, i) => serviceRequest((i * 4_999 + 9_999) % 10_000));
const configText = thousandLines();

// nginx: one `location /` with 10 or 10,000 proxy_redirect lines, the same request.
const ngx10 = lib.compileNginx(nginxRedirectConfig(10, NGINX_COOKIE_RULES));
const ngx10k = lib.compileNginx(nginxRedirectConfig(10_000));
const ngxEx10 = lib.prepareNginx(ngx10, serviceRequest(3));
const ngxEx10k = lib.prepareNginx(ngx10k, serviceRequest(3));
const ngxHits10 = nginxLocationHits((i) => (i * 7) % 10);
const ngxLast10 = nginxLocationHits(() => 9);
const ngxLast10k = nginxLocationHits(() => 9_999);
const ngxResponses = [];
for (let i = 0; i < 8; i++) {
  const hit = ngxHits10[i];
  const loc = i % 4 === 1 ? NGINX_LOCATION_MISSES[i] : hit.value;
  const cookies = [SET_COOKIES[i], SET_COOKIES[(i + 1) % 8], SET_COOKIES[(i + 2) % 8]];
  ngxResponses.push({ headers: redirectResponse(loc, cookies), real: hit.real, public: hit.public });
}
const ngxLocations10 = lib.compileNginx(nginxLocationTable(10));
const ngxLocations10k = lib.compileNginx(nginxLocationTable(10_000));
const ngxConfigText = nginxThousandLines();

// ---------------------------------------------------------------------------------------------
// Agreement: the floors and the peers must produce what the library produces on these inputs,
// or the comparison would not be like for like.

function agree(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) failures.push(`${what}\n    got      ${a}\n    expected ${e}`);
}

for (const h of hits10) agree(`floor Location ${h.value}`, locationFloorIgnoreCase(h.value, h.real, h.public), ex10.mapLocation(h.value));
for (const v of LOCATION_MISSES) {
  agree(`floor miss ${v}`, locationFloorPassThrough(v, missFloor.real, missFloor.public), ex10.mapLocation(v));
  if (ex10.mapLocation(v) !== v) failures.push(`unchanged Location not returned as the same string: ${v}`);
}
for (const h of last10k) agree(`10k Location ${h.value}`, locationFloorIgnoreCase(h.value, h.real, h.public), ex10k.mapLocation(h.value));
for (const c of SET_COOKIES) agree(`floor Set-Cookie ${c}`, setCookieFloor(c, COOKIE_FLOOR), ex10.mapSetCookie(c));
for (const r of responses) {
  agree(`floor response ${r.headers[4][1]}`, responseFloor(r.headers, r.real, r.public, COOKIE_FLOOR), ex10.rewriteResponse({ status: 302, headers: r.headers }).headers);
  agree(`scanned floor response ${r.headers[4][1]}`, responseFloorScannedDated(r.headers, r.real, r.public, COOKIE_FLOOR), ex10.rewriteResponse({ status: 302, headers: r.headers }).headers);
}
// nginx: the floors against the per-value maps and the whole response.
for (const h of [...ngxHits10, ...ngxLast10]) agree(`nginx floor Location ${h.value}`, locationFloorPassThrough(h.value, h.real, h.public), ngxEx10.mapLocation(h.value));
for (const h of ngxLast10k) agree(`nginx 10k Location ${h.value}`, locationFloorPassThrough(h.value, h.real, h.public), ngxEx10k.mapLocation(h.value));
for (const v of NGINX_LOCATION_MISSES) {
  agree(`nginx floor miss ${v}`, locationFloorPassThrough(v, missFloor.real, missFloor.public), ngxEx10.mapLocation(v));
  if (ngxEx10.mapLocation(v) !== v) failures.push(`nginx: unchanged Location not returned as the same string: ${v}`);
}
for (const c of SET_COOKIES) agree(`nginx floor Set-Cookie ${c}`, nginxSetCookieFloor(c, NGINX_COOKIE_FLOOR), ngxEx10.mapSetCookie(c));
for (const r of ngxResponses) {
  agree(`nginx floor response ${r.headers[4][1]}`, nginxResponseFloor(r.headers, r.real, r.public, NGINX_COOKIE_FLOOR), ngxEx10.rewriteResponse({ status: 302, headers: r.headers }).headers);
}
for (let k = 0; k < 10; k++) {
  const url = `http://svc${k}.internal:8080/login`;
  agree(`nginx forward /svc${k}/login`, lib.prepareNginx(ngxLocations10, serviceRequest(k)).forward?.url, url);
}
agree('nginx forward /svc9999/login (10,000 locations)', lib.prepareNginx(ngxLocations10k, serviceRequest(9_999)).forward?.url, 'http://svc9999.internal:8080/login');
agree('compileNginx, 1,000 lines', ngxConfigText.split('\n').length, 1000);

// Peers: Location host/scheme swap and exact Domain/Path; they keep `Connection` (Apache drops it,
// it is hop-by-hop), so that header is left out of the comparison.
for (const peer of peers) {
  for (const headers of peerResponses) {
    const proxyRes = fakeProxyResponse(302, headers);
    const res = fakeResponse();
    peer.response(peerReq, res, proxyRes, PEER_OPTIONS);
    const mine = {};
    for (const [n, v] of peerExchange.rewriteResponse({ status: 302, headers }).headers) {
      const l = n.toLowerCase();
      if (l === 'set-cookie') (mine[l] ??= []).push(v);
      else mine[l] = v;
    }
    const theirs = { ...res.headers };
    delete theirs.connection;
    const sort = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
    agree(`${peer.name} response with Location ${headers[4][1]}`, sort(theirs), sort(mine));
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement.

const gc = globalThis.gc;
if (!gc && !CI) console.warn('run with node --expose-gc: allocation figures need it');

/** Rotates through `items`, calling `f` on each; the result is consumed by mitata. */
function rotate(items, f) {
  const mask = items.length - 1;
  if ((items.length & mask) !== 0) throw new Error('input arrays must have a power-of-two length');
  let i = 0;
  return () => f(items[(i = (i + 1) & mask)]);
}

let sink;
/**
 * Median bytes allocated per call: heap growth over a window of calls after a full GC, 15 trials.
 * The window is about 0.2 ms of work (1,000 calls at most), so that no scavenge falls inside it
 * (run with --min-semi-space-size=16: a 16 MB young generation).
 */
function bytesPerOp(fn, ns) {
  if (!gc || CI) return NaN;
  const trials = [];
  const n = Math.max(3, Math.min(1000, Math.round(2e5 / ns)));
  for (let t = 0; t < 15; t++) {
    gc();
    const h0 = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < n; i++) sink = fn();
    const h1 = v8.getHeapStatistics().used_heap_size;
    if (h1 >= h0) trials.push((h1 - h0) / n); // a scavenge in between spoils the trial
  }
  trials.sort((a, b) => a - b);
  // The heap statistics object itself costs a few bytes over 1,000 calls: below 2 B/op is 0.
  const m = trials.length ? trials[trials.length >> 1] : NaN;
  return m < 2 ? 0 : m;
}

const ONLY = process.argv.includes('--only') ? new RegExp(process.argv[process.argv.indexOf('--only') + 1], 'i') : null;
const rows = [];
async function row(group, impl, fn, extra = {}) {
  if (ONLY && !ONLY.test(group) && group !== 'sanity') return { p50: NaN, impl };
  const stats = await measure(() => do_not_optimize(fn()), CI ? { min_cpu_time: 5e6, max_samples: 200 } : {});
  const bytes = bytesPerOp(fn, stats.p50);
  const r = { group, impl, avg: stats.avg, p50: stats.p50, bytes, ...extra };
  rows.push(r);
  if (!MARKDOWN && !CI) process.stderr.write(`  ${group} | ${impl}: ${stats.p50.toFixed(1)} ns\n`);
  return r;
}

const harness = rotate(hits10, (h) => h.value);
await row('sanity', 'empty harness (rotate + consume)', harness);

let g = 'Location, 10 rules, matching';
const f1 = await row(g, 'floor: case-insensitive prefix + slice + concat', rotate(hits10, (h) => locationFloorIgnoreCase(h.value, h.real, h.public)));
await row(g, 'passreverse', rotate(hits10, (h) => ex10.mapLocation(h.value)), { vs: f1, target: 1.5 });

g = 'Location, 10 rules, no match';
const missItems = LOCATION_MISSES;
const f2 = await row(g, 'floor: pass-through (startsWith)', rotate(missItems, (v) => locationFloorPassThrough(v, missFloor.real, missFloor.public)));
await row(g, 'passreverse', rotate(missItems, (v) => ex10.mapLocation(v)), { vs: f2, target: 1.5, zeroAlloc: true });

g = 'Set-Cookie, Path + Domain rules';
const f3 = await row(g, 'floor: index scan for "; Path=" / "; Domain="', rotate(SET_COOKIES, (c) => setCookieFloor(c, COOKIE_FLOOR)));
await row(g, 'passreverse', rotate(SET_COOKIES, (c) => ex10.mapSetCookie(c)), { vs: f3, target: 1.5 });

g = '302 response, 10 headers, 3 Set-Cookie';
const f4 = await row(g, 'floor: one pass, same order rules', rotate(responses, (r) => responseFloor(r.headers, r.real, r.public, COOKIE_FLOOR)));
await row(g, 'passreverse', rotate(responses, (r) => ex10.rewriteResponse({ status: 302, headers: r.headers })), { vs: f4, target: 1.5 });
// Reference points, not targets: the floor plus only the work Apache mandates on any input.
await row(g, 'reference: floor + check_headers byte scan', rotate(responses, (r) => responseFloorScanned(r.headers, r.real, r.public, COOKIE_FLOOR)), { vs: f4 });
await row(g, 'reference: floor + byte scan + Date form test', rotate(responses, (r) => responseFloorScannedDated(r.headers, r.real, r.public, COOKIE_FLOOR)), { vs: f4 });

g = 'Location matching the last rule';
const t10 = await row(g, 'passreverse, 10 rules', rotate(last10, (h) => ex10.mapLocation(h.value)));
await row(g, 'passreverse, 10,000 rules', rotate(last10k, (h) => ex10k.mapLocation(h.value)), { vs: t10, target: 1.3 });
const scanRules = table10k.reverse;
await row(g, "rule-by-rule scan (Apache's order), 10,000 rules", rotate(last10k, (h) => lib.proxyPassReverse(h.value, scanRules, table10k.balancers, (p) => PUBLIC_ORIGIN + p)), { vs: t10 });

g = 'peers: Location host/scheme swap';
const p1 = await row(g, 'passreverse', rotate(PEER_LOCATIONS, (v) => peerExchange.mapLocation(v)));
for (const peer of peers) {
  const items = PEER_LOCATIONS.map((loc) => fakeProxyResponse(302, [['Location', loc]]));
  await row(g, peer.name, rotate(items, (proxyRes) => {
    const before = proxyRes.headers.location;
    peer.location(peerReq, null, proxyRes, PEER_OPTIONS);
    const after = proxyRes.headers.location;
    proxyRes.headers.location = before; // the pass rewrites in place: restore for the next turn
    return after;
  }), { vs: p1, target: 5, peer: true });
}

g = 'peers: whole 302 response (10 headers, 3 Set-Cookie)';
const p2 = await row(g, 'passreverse', rotate(peerResponses, (headers) => peerExchange.rewriteResponse({ status: 302, headers })));
for (const peer of peers) {
  const items = peerResponses.map((headers) => fakeProxyResponse(302, headers));
  await row(g, peer.name, rotate(items, (proxyRes) => {
    const before = proxyRes.headers.location;
    const res = fakeResponse();
    peer.response(peerReq, res, proxyRes, PEER_OPTIONS);
    proxyRes.headers.location = before;
    return res;
  }), { vs: p2, target: 5, peer: true });
}

g = 'forward a request (prepareApache)';
await row(g, 'passreverse, 10 ProxyPass rules', rotate(forwardTargets10, (r) => lib.prepareApache(table10, r)));
await row(g, 'passreverse, 10,000 ProxyPass rules', rotate(forwardTargets10k, (r) => lib.prepareApache(table10k, r)));

g = 'compile a configuration';
await row(g, 'compileApache, 1,000 lines', () => lib.compileApache(configText));

// nginx: the same scenarios through the nginx dialect (proxy_redirect, proxy_cookie_*).
g = 'nginx: Location, 10 proxy_redirect rules, matching';
const n1 = await row(g, 'floor: case-sensitive prefix + slice + concat', rotate(ngxHits10, (h) => locationFloorPassThrough(h.value, h.real, h.public)));
await row(g, 'passreverse', rotate(ngxHits10, (h) => ngxEx10.mapLocation(h.value)), { vs: n1, target: 1.5 });

g = 'nginx: Location, no match';
const n2 = await row(g, 'floor: pass-through (startsWith)', rotate(NGINX_LOCATION_MISSES, (v) => locationFloorPassThrough(v, missFloor.real, missFloor.public)));
await row(g, 'passreverse', rotate(NGINX_LOCATION_MISSES, (v) => ngxEx10.mapLocation(v)), { vs: n2, target: 1.5, zeroAlloc: true });

g = 'nginx: Set-Cookie, proxy_cookie_domain + proxy_cookie_path';
const n3 = await row(g, 'floor: index scan, path prefix / whole domain', rotate(SET_COOKIES, (c) => nginxSetCookieFloor(c, NGINX_COOKIE_FLOOR)));
await row(g, 'passreverse', rotate(SET_COOKIES, (c) => ngxEx10.mapSetCookie(c)), { vs: n3, target: 1.5 });

g = 'nginx: whole 302 response, 10 headers, 3 Set-Cookie';
const n4 = await row(g, 'floor: one pass, hidden and hop-by-hop lines dropped', rotate(ngxResponses, (r) => nginxResponseFloor(r.headers, r.real, r.public, NGINX_COOKIE_FLOOR)));
await row(g, 'passreverse', rotate(ngxResponses, (r) => ngxEx10.rewriteResponse({ status: 302, headers: r.headers })), { vs: n4, target: 1.5 });

g = 'nginx: Location matching the last proxy_redirect rule';
const n5 = await row(g, 'passreverse, 10 rules', rotate(ngxLast10, (h) => ngxEx10.mapLocation(h.value)));
await row(g, 'passreverse, 10,000 rules', rotate(ngxLast10k, (h) => ngxEx10k.mapLocation(h.value)), { vs: n5, target: 1.3 });

g = 'nginx: forward a request (prepareNginx)';
await row(g, 'passreverse, 10 prefix locations', rotate(forwardTargets10, (r) => lib.prepareNginx(ngxLocations10, r)));
await row(g, 'passreverse, 10,000 prefix locations', rotate(forwardTargets10k, (r) => lib.prepareNginx(ngxLocations10k, r)));

g = 'nginx: compile a configuration';
await row(g, 'compileNginx, 1,000 lines', () => lib.compileNginx(ngxConfigText));

// ---------------------------------------------------------------------------------------------
// Report.

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const lines = [];
const header = ['scenario', 'implementation', 'avg ns/op', 'p50 ns/op', 'ops/s', 'B/op', 'ratio (p50)', 'target'];
const body = rows.map((r) => {
  let ratio = '';
  let target = '';
  if (r.vs) {
    if (r.peer) {
      const x = r.p50 / r.vs.p50;
      ratio = `passreverse ${fmt(x)}× faster`;
      if (r.target) target = x >= r.target ? `≥ ${r.target}× ✔` : `≥ ${r.target}× ✘`;
    } else {
      const x = r.p50 / r.vs.p50;
      ratio = `${fmt(x, 2)}× ${r.vs.impl.startsWith('floor') ? 'floor' : r.vs.impl}`;
      if (r.target) {
        const ok = x <= r.target && (!r.zeroAlloc || r.bytes === 0);
        target = `≤ ${r.target}×${r.zeroAlloc ? ', 0 B' : ''} ${ok ? '✔' : '✘'}`;
      }
    }
  }
  return [r.group, r.impl, fmt(r.avg), fmt(r.p50), fmt(1e9 / r.avg, 0), Number.isFinite(r.bytes) ? fmt(r.bytes, 0) : '-', ratio, target];
});

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
const machine = `${cpu}, ${os.cpus().length} cores, ${os.platform()} ${os.arch()}, Node ${process.version}`;
if (MARKDOWN) {
  lines.push(`Machine: ${machine}. ${new Date().toISOString().slice(0, 10)}.`, '');
  lines.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i >= 2 && i <= 5 ? '---:' : '---')).join('|')}|`);
  for (const b of body) lines.push(`| ${b.join(' | ')} |`);
} else {
  lines.push(machine);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  lines.push(line(header), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) lines.push(line(b));
}
console.log(lines.join('\n'));
if (failures.length) {
  console.error(`\n${failures.length} disagreement(s) between the library and the floors or peers:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
} else if (CI) {
  console.log('\nbench --ci: every scenario ran; floors and peers agree with passreverse on every input.');
}
