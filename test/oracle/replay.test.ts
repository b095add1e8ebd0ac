// Replays the recorded corpus (test/oracle/corpus/<dialect>.json, recorded from the live servers by
// scripts/record-corpus.ts) and the pinned counterexamples against `simulate`. Needs no server.
//
// Until a dialect's engine exists: the nginx replay is skipped, with a message, only while
// src/nginx/index.ts (the dialect's entry point) does not exist; otherwise a missing or broken
// `simulate` fails every row. The Apache replay is never skipped.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { DialectName } from '../../src/core/types.js';
import type { CorpusEntry, CorpusFile } from './case.js';
import { type Simulate, check, describeCase, loadSimulate, report } from './check.js';
import { PINNED } from './pinned.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function corpus(dialect: DialectName): CorpusFile {
  return JSON.parse(fs.readFileSync(path.join(here, 'corpus', `${dialect}.json`), 'utf8')) as CorpusFile;
}

let simulate: Simulate | undefined;
let loadError: unknown;
try {
  simulate = await loadSimulate();
} catch (e) {
  loadError = e;
}

for (const dialect of ['apache', 'nginx'] as const) {
  const file = corpus(dialect);
  const entries: CorpusEntry[] = [...PINNED.filter((e) => e.case.dialect === dialect), ...file.entries];
  const engineMissing = dialect === 'nginx' && !fs.existsSync(path.join(root, 'src/nginx/index.ts'));
  describe.skipIf(engineMissing)(`${dialect} replay (${file.header.server}, ${entries.length} exchanges)`, () => {
    test('the corpus holds at least 1,000 exchanges the server accepted', () => {
      expect(file.entries.filter((e) => e.recording.configError === undefined).length).toBeGreaterThanOrEqual(1000);
    });
    test.each(entries.map((e, i) => [`#${i} ${describeCase(e.case)}`, e] as const))('%s', (_name, e) => {
      if (!simulate) throw loadError;
      const v = check(simulate, e.case, e.recording);
      expect(v.divergences, report(e.case, v)).toEqual([]);
    });
  });
  if (engineMissing) {
    test(`${dialect} replay skipped: src/nginx/index.ts does not exist yet`, () => {
      expect(fs.existsSync(path.join(root, 'src/nginx/index.ts'))).toBe(false);
    });
  }
}
