// The precompiled table: serializeTable then loadApacheTable / loadNginxTable gives a table equal to
// the compiled one, and the same simulate-level answer, for every case of the recorded corpora
// (and the pinned rows), then for generated configurations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ConfigError,
  TABLE_VERSION,
  apacheDialect,
  compileApache,
  compileNginx,
  loadApacheTable,
  loadNginxTable,
  nginxDialect,
  serializeTable,
} from '../../src/index.js';
import type { Dialect, DialectName } from '../../src/core/types.js';
import { CANONICAL, type CorpusEntry, type OracleCase, fillCase, toBackendResponse, toClientRequest } from './case.js';
import { describeCase } from './check.js';
import { caseArbitrary } from './generators.js';
import { PINNED } from './pinned.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(here, 'corpus', file), 'utf8')) as { entries: CorpusEntry[] };

const DIALECTS = {
  apache: { dialect: apacheDialect as Dialect<unknown>, load: loadApacheTable as (json: string) => unknown },
  nginx: { dialect: nginxDialect as Dialect<unknown>, load: loadNginxTable as (json: string) => unknown },
};

/** The compiled table, or null when the configuration is refused (nothing to serialize). */
function compiled(c: OracleCase): unknown {
  try {
    return DIALECTS[c.dialect].dialect.compile(fillCase(c, CANONICAL).config);
  } catch (e) {
    if (e instanceof ConfigError) return null;
    throw e;
  }
}

/** Compiled and loaded tables are equal and answer the case alike. */
function roundTrip(c: OracleCase, table: unknown): void {
  const { dialect, load } = DIALECTS[c.dialect];
  const json = serializeTable(table as object);
  const loaded = load(json);
  expect(loaded).toEqual(table);
  // a bundler's JSON import hands the loader the parsed object
  expect(load(JSON.parse(json))).toEqual(table);
  const request = toClientRequest(c, CANONICAL);
  const response = toBackendResponse(c, CANONICAL);
  expect(dialect.exchange(loaded, request, response)).toEqual(dialect.exchange(table, request, response));
}

const corpora: [string, DialectName, CorpusEntry[]][] = [
  ['apache.json', 'apache', read('apache.json').entries],
  ['nginx.json', 'nginx', read('nginx.json').entries],
  ['seed-apache.json', 'apache', read('seed-apache.json').entries],
  ['pinned rows', 'apache', PINNED.filter((e) => e.case.dialect === 'apache')],
  ['pinned rows', 'nginx', PINNED.filter((e) => e.case.dialect === 'nginx')],
];

for (const [file, dialect, entries] of corpora) {
  const rows = entries.flatMap((e, i) => {
    const table = compiled(e.case);
    return table === null ? [] : [[`#${i} ${describeCase(e.case)}`, e.case, table] as const];
  });
  describe(`${dialect} ${file}: a loaded table answers as the compiled one (${rows.length} configurations accepted)`, () => {
    test.each(rows)('%s', (_name, c, table) => roundTrip(c, table));
  });
}

describe('generated configurations', () => {
  for (const dialect of ['apache', 'nginx'] as const) {
    test(`${dialect}: a loaded table answers as the compiled one`, () => {
      fc.assert(
        fc.property(caseArbitrary(dialect), (c) => {
          const table = compiled(c);
          fc.pre(table !== null);
          roundTrip(c, table);
        }),
        { numRuns: 150, seed: 20240611 },
      );
    });
  }
});

describe('the serialized form', () => {
  const apache = serializeTable(compileApache('ProxyPassMatch ^/a/(.*)$ http://b/$1\nProxyPassReverse /a/ http://b/'));
  const nginx = serializeTable(compileNginx('location ~* ^/x/ { proxy_pass http://b; proxy_hide_header X-A; }'));

  test('carries its dialect and format version', () => {
    expect([JSON.parse(apache), JSON.parse(nginx)].map((t) => [t.format, t.version, t.dialect])).toEqual([
      ['passreverse/table', TABLE_VERSION, 'apache'],
      ['passreverse/table', TABLE_VERSION, 'nginx'],
    ]);
  });
  test('RegExps as source and flags, Sets as arrays, the derived ProxyPassReverse index left out', () => {
    const a = JSON.parse(apache).table;
    const n = JSON.parse(nginx).table;
    // httpd's default DOTALL (and DOLLAR_ENDONLY): flag s
    expect(a.proxyPass[0].regex).toEqual({ $re: [/^\/a\/(.*)$/.source, 's'] });
    expect(n.server.regexLocations[0].regex).toEqual({ $re: ['^\\/x\\/', 'i'] });
    expect(n.server.regexLocations[0].hideHeaders.$set).toContain('x-a');
    expect(apache).not.toContain('reverseIndex');
  });
  test('the loaded table is frozen, its regexes are built', () => {
    const a = loadApacheTable(apache);
    const n = loadNginxTable(nginx);
    expect([Object.isFrozen(a), Object.isFrozen(a.proxyPass[0]), Object.isFrozen(a.reverseIndex)]).toEqual([true, true, true]);
    expect(a.proxyPass[0].regex).toBeInstanceOf(RegExp);
    expect([Object.isFrozen(n.server.regexLocations[0]), n.server.regexLocations[0].regex?.test('/X/y')]).toEqual([true, true]);
  });
  test('a ProxyPass parameter named like a tag stays a parameter', () => {
    const table = compileApache('ProxyPass /a/ ! $re=x');
    expect(loadApacheTable(serializeTable(table))).toEqual(table);
  });

  const refused: [string, () => unknown, string][] = [
    ['an nginx table given to loadApacheTable', () => loadApacheTable(nginx), 'nginx table, not apache'],
    ['an Apache table given to loadNginxTable', () => loadNginxTable(apache), 'apache table, not nginx'],
    [
      'another format version',
      () => loadApacheTable(apache.replace(`"version":${TABLE_VERSION}`, '"version":999')),
      `table format 999, not ${TABLE_VERSION}: compile the configuration again`,
    ],
    ['text that is not JSON', () => loadApacheTable('ProxyPass /a/ http://b/'), 'not a passreverse table'],
    ['JSON that is not a table', () => loadNginxTable('{"dialect":"nginx"}'), 'not a passreverse table'],
  ];
  test.each(refused)('refused: %s', (_name, load, reason) => {
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(reason);
  });
  test('serializeTable refuses what is not a compiled table', () => {
    expect(() => serializeTable({ a: 1 })).toThrow(TypeError);
  });
});
