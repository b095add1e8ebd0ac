// Every configuration of the seed notes (examples/seed/), checked against the real Apache httpd
// 2.4.71: scripts/record-seed.ts recorded each scenario with the ProxyPass targets pointed at a
// loopback backend (the seed's backend names do not resolve here). The recorded exchanges replay
// through `simulate`; then the seed configuration as written must give the same response and the
// same backend path, only the backend's authority differing.
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { simulate } from '../../src/index.js';
import { CANONICAL, type CorpusEntry, fillCase, toBackendResponse, toClientRequest } from '../oracle/case.js';
import { check, report } from '../oracle/check.js';

const corpus = JSON.parse(fs.readFileSync('test/oracle/corpus/seed-apache.json', 'utf8')) as {
  entries: (CorpusEntry & { seedFile: string })[];
};
const seedFiles = fs.readdirSync('examples/seed').filter((f) => f.endsWith('.conf'));

test('every seed configuration has a recorded exchange', () => {
  expect(new Set(corpus.entries.map((e) => e.seedFile))).toEqual(new Set(seedFiles));
});

describe('seed configurations', () => {
  for (const [i, e] of corpus.entries.entries()) {
    const name = `${e.seedFile} ${e.case.request.method} ${e.case.request.target}`;
    test(`${name}: matches the recording`, () => {
      const v = check(simulate, e.case, e.recording);
      expect(v.divergences, report(e.case, v)).toEqual([]);
    });
    test(`${name}: as written, same answer (backend authority aside)`, () => {
      const original = fs.readFileSync(`examples/seed/${e.seedFile}`, 'utf8');
      const filled = fillCase(e.case, CANONICAL);
      const request = toClientRequest(e.case, CANONICAL);
      const response = toBackendResponse(e.case, CANONICAL);
      const loopback = simulate({ dialect: 'apache', config: filled.config, request, response });
      const written = simulate({ dialect: 'apache', config: original, request, response });
      expect(written.response).toEqual(loopback.response);
      expect(written.forward === null).toBe(loopback.forward === null);
      if (written.forward && loopback.forward) {
        const path = (u: string) => u.replace(/^[a-z]+:\/\/[^/]+/i, '');
        expect(path(written.forward.url)).toBe(path(loopback.forward.url));
        expect(written.forward.url).not.toContain('127.0.0.1');
      }
      expect(i).toBeGreaterThanOrEqual(0);
    });
  }
});
