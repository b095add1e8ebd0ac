// Non-ASCII configuration text: nginx compares it with the request as bytes (UTF-8), sends it as
// bytes, runs its regexes on bytes (PCRE without UTF) and rewrites responses with it as bytes. Every
// row was observed on the live nginx 1.22.1 (Debian); see fixtures/bytes-rows.ts for the format.
import { describe, expect, test } from 'vitest';
import { compileNginx, nginxForward } from '../../src/nginx/index.js';
import { serializeTable } from '../../src/core/table.js';
import { loadNginxTable } from '../../src/nginx/table.js';
import type { SimulateResult } from '../../src/core/types.js';
import {
  B,
  CASELESS_ROWS,
  LOCATION_ROWS,
  RESPONSE_ROWS,
  SCRIPT_ROWS,
  VARIABLE_ROWS,
  type Row,
  type RowOptions,
} from './fixtures/bytes-rows.js';

const CLIENT_LINES = /^(location|refresh|set-cookie)$/i;

/** The exchange summed up as the rows write it (see fixtures/bytes-rows.ts). */
function outcome(r: SimulateResult, o: RowOptions): string {
  const parts: string[] = [];
  if (!r.forward) {
    if (!r.response) return 'local';
    parts.push(String(r.response.status));
    for (const [n, v] of r.response.headers) if (/^location$/i.test(n)) parts.push(`${n}: ${v}`);
    return parts.join(' ');
  }
  parts.push(`→ ${r.forward.url.replace(/^https?:\/\/[^/?]*/, '')}`);
  const sent = new Set((o.headers ?? []).slice(1).map(([n, v]) => `${n}: ${v}`));
  for (const [n, v] of r.forward.headers) {
    if ((n === 'Host' && v === '127.0.0.1:18081') || (n === 'Connection' && v === 'close') || sent.has(`${n}: ${v}`)) continue;
    parts.push(`${n}: ${v}`);
  }
  if (o.response) {
    parts.push(`← ${r.response?.status}`);
    for (const [n, v] of r.response?.headers ?? []) if (CLIENT_LINES.test(n)) parts.push(`${n}: ${v}`);
  }
  return parts.join(' ');
}

function exchange(config: string, target: string, o: RowOptions = {}): string {
  const headers = o.headers ?? [['Host', 'rev.test:18080']];
  return outcome(nginxForward(compileNginx(config), { target, headers, port: 18080 }, o.response), o);
}

function name([config, target, , o]: Row): string {
  const extra = [o?.headers && JSON.stringify(o.headers), o?.response && `← ${JSON.stringify(o.response.headers)}`].filter(Boolean);
  return [config.replace(/\n/g, ' | ').replaceAll(B, 'B'), target, ...extra].join(' :: ');
}

function table(title: string, rows: Row[]): void {
  describe(title, () => {
    for (const row of rows) test(name(row), () => expect(exchange(row[0], row[1], row[3])).toBe(row[2]));
  });
}

table('locations: prefix, exact, ^~, nested and regex names compared as bytes', LOCATION_ROWS);
table('regexes with PCRE defaults; rewrite, return, if, set, proxy_set_header on bytes', SCRIPT_ROWS);
table('the response side: proxy_redirect, proxy_cookie_*, server_name and host bytes', RESPONSE_ROWS);
table('proxy_pass with variables, upstream names, X-Accel-Redirect, inherited proxy_pass', VARIABLE_ROWS);
table('caseless regexes fold ASCII letters only; anchors, escapes and slashes', CASELESS_ROWS);

describe('the table holds the byte forms; an ASCII configuration is compiled as before', () => {
  test('location /é/ { proxy_pass http://b/ë/; }', () => {
    const l = compileNginx('location /é/ { proxy_pass http://b/ë/; }').server.staticLocations[0];
    expect([l.name, l.locationName, l.proxyPass?.url, l.proxyPass?.uri]).toEqual(['/\u00c3\u00a9/', '/\u00c3\u00a9/', 'http://b/ë/', '/\u00c3\u00ab/']);
  });
  test('location ~* ^/X[é] { proxy_pass http://b; }', () => {
    const re = compileNginx('location ~* ^/X[é] { proxy_pass http://b; }').server.regexLocations[0].regex!;
    // ASCII letters folded by the pattern itself: JS's `i` would take 0xE3 for 0xC3
    expect([re.flags, re.test('/x\u00c3'), re.test('/X\u00a9'), re.test('/x\u00e3')]).toEqual(['', true, true, false]);
  });
  test('location ~* ^/api/ { proxy_pass http://b; }', () => {
    const re = compileNginx('location ~* ^/api/ { proxy_pass http://b; }').server.regexLocations[0].regex!;
    expect([re.source, re.flags]).toEqual(['^\\/api\\/', 'i']);
  });
  test('set $v é; proxy_set_header X-V "ü$v";', () => {
    const l = compileNginx('location / { set $v é; proxy_set_header X-V "ü$v"; proxy_pass http://b; }').server.staticLocations[0];
    const set = l.script[0];
    expect(set.op === 'set' && [set.value.source, set.value.literal]).toEqual(['é', '\u00c3\u00a9']);
    expect(l.setHeaders[0][1].parts).toEqual([{ kind: 'text', text: '\u00c3\u00bc' }, { kind: 'var', name: 'v' }]);
  });
  test('a serialized table keeps the bytes: location /é/ through serializeTable and loadNginxTable', () => {
    const config = loadNginxTable(serializeTable(compileNginx(`location /é/ { proxy_pass ${B}/ë/; }`)));
    const r = nginxForward(config, { target: '/%C3%A9/q', headers: [['Host', 'rev.test:18080']], port: 18080 });
    expect(r.forward?.url).toBe(`${B}/ë/q`);
  });
});
