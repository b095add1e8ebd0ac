// Record the oracle corpus from the live servers (apache2 2.4.71, nginx 1.22.1 on this machine):
//   npx tsx scripts/record-corpus.ts [apache|nginx|all] [--cases N] [--seed S]
// Writes test/oracle/corpus/<dialect>.json, which `npm test` replays with no server installed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../src/core/types.js';
import type { CorpusFile } from '../test/oracle/case.js';
import { normalisationRules } from '../test/oracle/compare.js';
import { sampleCases } from '../test/oracle/generators.js';
import { recordAll } from '../test/oracle/run.js';
import { serverVersion } from '../test/oracle/servers.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const which = args.find((a) => a === 'apache' || a === 'nginx' || a === 'all') ?? 'all';
const n = opt('--cases', 1300);
const seed = opt('--seed', 20260514);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function record(dialect: DialectName): Promise<void> {
  const cases = sampleCases(dialect, n, seed);
  const t0 = Date.now();
  const { recordings } = await recordAll(dialect, cases, (done, total) => process.stdout.write(`\r${dialect}: ${done}/${total}`));
  const secs = (Date.now() - t0) / 1000;
  const file: CorpusFile = {
    header: { dialect, server: serverVersion(dialect), recordedAt: new Date().toISOString().slice(0, 10), seed, ...normalisationRules(dialect) },
    entries: cases.map((c, i) => ({ case: c, recording: recordings[i] })),
  };
  const out = path.join(root, 'test/oracle/corpus', `${dialect}.json`);
  const body = file.entries.map((e) => JSON.stringify(e)).join(',\n');
  fs.writeFileSync(out, `{"header": ${JSON.stringify(file.header, null, 2)},\n"entries": [\n${body}\n]}\n`);
  const refused = recordings.filter((r) => r.configError !== undefined).length;
  const proxied = recordings.filter((r) => r.backend).length;
  console.log(`\n${dialect}: ${cases.length} cases (${refused} refused, ${proxied} proxied) in ${secs.toFixed(1)} s, ${(cases.length / secs).toFixed(0)} cases/s -> ${path.relative(root, out)}`);
}

for (const d of which === 'all' ? (['apache', 'nginx'] as const) : [which as DialectName]) await record(d);
