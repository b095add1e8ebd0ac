// Records the seed scenarios (examples/seed/scenarios.json) on the real Apache httpd, for
// test/apache/seed.test.ts. The seed configurations name backends that do not resolve here
// (backend-server, api-cluster ...), so each ProxyPass target's authority is pointed at the
// recording backend on 127.0.0.1; everything else (ProxyPassReverse, cookie rules, the Host the
// client sends, the backend's answer) is kept as written.
//
//   npx tsx scripts/record-seed.ts        (needs apache2; writes test/oracle/corpus/seed-apache.json)

import fs from 'node:fs';
import path from 'node:path';
import type { OracleCase } from '../test/oracle/case.js';
import { recordBatch } from '../test/oracle/run.js';
import { serverVersion } from '../test/oracle/servers.js';

interface Scenario {
  name: string;
  configFile: string;
  exchanges: { request: { method?: string; target: string; headers?: [string, string][] }; response?: { status: number; headers: [string, string][] } }[];
}

const dir = 'examples/seed';
const scenarios = JSON.parse(fs.readFileSync(path.join(dir, 'scenarios.json'), 'utf8')) as Scenario[];

/** The ProxyPass targets' scheme://authority replaced by the recording backend. */
function toLoopback(config: string): string {
  return config.replace(/^(\s*ProxyPass(?:Match)?\b.*?\s)([a-z]+):\/\/[^/\s]+/gim, '$1$2://127.0.0.1:{{BACKEND_PORT}}');
}

const cases: OracleCase[] = [];
const names: string[] = [];
for (const s of scenarios) {
  const config = fs.readFileSync(path.join(dir, s.configFile), 'utf8');
  for (const e of s.exchanges) {
    cases.push({
      dialect: 'apache',
      config: toLoopback(config),
      request: { method: e.request.method ?? 'GET', target: e.request.target, headers: e.request.headers ?? [] },
      response: { status: e.response?.status ?? 200, lines: e.response?.headers ?? [] },
    });
    names.push(s.configFile);
  }
}
const { recordings } = await recordBatch('apache', cases);
const out = {
  header: {
    dialect: 'apache',
    server: serverVersion('apache'),
    recordedAt: new Date().toISOString().slice(0, 10),
    source: 'examples/seed/scenarios.json, ProxyPass targets pointed at the loopback backend',
  },
  entries: cases.map((c, i) => ({ seedFile: names[i], case: c, recording: recordings[i] })),
};
const lines = out.entries.map((e) => JSON.stringify(e));
fs.writeFileSync(
  'test/oracle/corpus/seed-apache.json',
  `{"header": ${JSON.stringify(out.header, null, 2)},\n"entries": [\n${lines.join(',\n')}\n]}\n`,
);
console.log(`recorded ${cases.length} seed exchanges`);
