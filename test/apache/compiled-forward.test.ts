// The compiled ProxyPass index and the worker index against the rule-by-rule scans: on generated
// configurations and request targets, forwarding through the index gives exactly the ForwardOutcome
// of trying every rule in order (compileForwardIndex with `scan`), and the worker lookup gives the
// worker of trying every worker (an index whose every position is always tried).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileForwardIndex, firstSegment } from '../../src/apache/compiled-forward.js';
import { compileApache } from '../../src/apache/config.js';
import { forwardRequest } from '../../src/apache/forward.js';
import { prepareApache } from '../../src/apache/index.js';
import { loadApacheTable } from '../../src/apache/table.js';
import type { ApacheConfig } from '../../src/apache/types.js';
import { findWorker, indexWorkers, type ProxyWorker, type WorkerList } from '../../src/apache/worker.js';
import { serializeTable } from '../../src/core/table.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 600);
const B = 'http://127.0.0.1:29181';

/** Every worker tried, in order: the scan `findWorker` made before the index. */
function scanWorkers(workers: readonly ProxyWorker[]): WorkerList {
  return Object.defineProperty([...workers], 'index', { value: new Map([[null, workers.map((_, i) => i)]]) });
}

/** The same table, forwarding by trying every rule of a phase in order, and every worker. */
function scanOf(config: ApacheConfig): ApacheConfig {
  const copy = { ...config, workers: scanWorkers(config.workers) };
  return Object.defineProperty(copy, 'forwardIndex', { value: compileForwardIndex(config, true) });
}

// Small alphabets, so that first segments are shared, prefixes collide and runs of `/` appear.
const fakeSeg = fc.constantFrom('a', 'b', 'ab', 'A', 'é', 'É', 'a%2Fb', '%C3%A9', '.', '..', 'a;p', '$', '${SEG}');
const seg = fc.oneof(fakeSeg, fc.constantFrom('x y', 'a%2fb', '%c3%a9', 'AB'));
const slashes = fc.constantFrom('/', '/', '/', '//');
const path = fc
  .tuple(slashes, fc.array(fc.tuple(fakeSeg, slashes), { maxLength: 3 }), fakeSeg, fc.constantFrom('', '/', '//'))
  .map(([lead, mid, last, tail]) => lead + mid.map(([s, sl]) => s + sl).join('') + last + tail);
const fake = fc.oneof({ weight: 6, arbitrary: path }, { weight: 1, arbitrary: fc.constantFrom('/', '//', 'a', 'a/b', '"a b"', '/${SEG}/', '/a${SEG}') });
const real = fc.constantFrom(`${B}/x/`, `${B}/`, B, `${B}/y`, '!', '!', 'balancer://bal/', 'balancer://bal', 'http://H.test:8080/p/', `${B}/\${SEG}/`, 'ajp://a.test/', 'http://é.test/');
const params = fc.subarray(['nocanon', 'interpolate', 'noquery', 'mapping=encoded', 'mapping=servlet', 'disablereuse=On'], { maxLength: 2 });
/** ProxyPass words; a balancer takes no worker parameter. */
const words = (...w: (string | string[])[]) => {
  const all = w.flat();
  return (all.some((x) => x.startsWith('balancer:')) ? all.filter((x) => !x.startsWith('disablereuse')) : all).join(' ');
};
const regex = fc.constantFrom('^/a/(.*)$', '/b', '^/(a|é)', '(?i)^/A', '\\.x$', '^//', '^/[^/]+/x', '^/ab');
const section = fc.constantFrom('/a', '/a/', '/ab', '/b/', '/é/', '/a*');

const proxyPass = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fake, real, params).map(([f, r, p]) => `ProxyPass ${words(f, r, p)}`) },
  { weight: 2, arbitrary: fc.tuple(regex, real, params).map(([x, r, p]) => `ProxyPassMatch ${words(x, r.replace(/\/$/, '/$1'), p)}`) },
  { weight: 1, arbitrary: fc.tuple(regex, real).map(([x, r]) => `ProxyPass ~ ${x} ${r}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('Location', 'LocationMatch'), section, real, params)
      .map(([kind, p, r, ps]) => `<${kind} ${kind === 'LocationMatch' ? '^' + p : p}>\nProxyPass ${words(r, ps)}\n</${kind}>`),
  },
);
const setting = fc.constantFrom(
  'ProxyPassInterpolateEnv On',
  'SetEnvIf Request_URI ^/(a|b)/ SEG=$1',
  'SetEnvIf Request_URI ^/ab no-proxy',
  'AllowEncodedSlashes On',
  'AllowEncodedSlashes NoDecode',
  '<Location /b/>\nProxyPassInterpolateEnv Off\n</Location>',
);
const BALANCER = '<Proxy balancer://bal>\nBalancerMember http://m1.test:8080/m\nBalancerMember http://m2.test\n</Proxy>';
const configText = fc
  .tuple(
    fc.array(proxyPass, { minLength: 1, maxLength: 12 }),
    fc.subarray(['ProxyPassInterpolateEnv On', 'SetEnvIf Request_URI ^/(a|b)/ SEG=$1', 'MergeSlashes Off']),
    fc.array(setting, { maxLength: 2 }),
  )
  .map(([rules, s1, s2]) => [BALANCER, ...s1, ...s2, ...rules].join('\n'));

/** Compiles, or null for what the compiler refuses (the generators make some of those). */
function compile(text: string): ApacheConfig | null {
  try {
    return compileApache(text);
  } catch {
    return null;
  }
}

/** Targets near the rules' own fakes (slash runs, case, a segment more or less), and random ones. */
function targetsFor(config: ApacheConfig, extra: readonly string[]): string[] {
  const out = [...extra];
  const rules = [...config.proxyPass, ...config.locations.flatMap((l) => (l.proxyPass ? [l.proxyPass] : []))];
  for (const r of rules) {
    const f = r.fake.startsWith('/') ? r.fake : '/' + r.fake;
    out.push(f, f + 'x', f + '/x?q=1', f.replace(/\//g, '//'), f.toUpperCase(), f.slice(0, -1), '/' + firstSegment(f) + '/', f + '/%2F/é', f + ';j/x');
  }
  return out;
}

const target = fc.tuple(slashes, fc.array(fc.tuple(seg, slashes), { maxLength: 3 }), fc.constantFrom('', 'x', '?q', '?a=%20')).map(([l, m, t]) => l + m.map(([s, sl]) => s + sl).join('') + t);

describe('compiled ProxyPass index = the rule-by-rule scan', () => {
  test('generated configurations and targets: the same ForwardOutcome and the same backend request', () => {
    let checked = 0;
    fc.assert(
      fc.property(configText, fc.array(target, { maxLength: 6 }), (text, extra) => {
        const config = compile(text);
        if (config === null) return;
        const scan = scanOf(config);
        for (const t of targetsFor(config, extra)) {
          const request = { target: t, headers: [['Host', 'h.test']] as [string, string][] };
          const env = { SEG: 'b' };
          expect(forwardRequest(config, request, env)).toEqual(forwardRequest(scan, request, env));
          const a = prepareApache(config, request);
          const b = prepareApache(scan, request);
          expect([a.forward, a.reason, a.status]).toEqual([b.forward, b.reason, b.status]);
          checked++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS);
  }, 120_000);

  test('a loaded table forwards as the compiled one (indexes rebuilt, not serialized)', () => {
    fc.assert(
      fc.property(configText, fc.array(target, { maxLength: 4 }), (text, extra) => {
        const config = compile(text);
        if (config === null) return;
        const json = serializeTable(config);
        expect(json).not.toContain('forwardIndex');
        expect(json).not.toContain('keyed');
        const loaded = loadApacheTable(json);
        expect(loaded.forwardIndex).toEqual(config.forwardIndex);
        expect(loaded.workers.index).toEqual(config.workers.index);
        for (const t of targetsFor(config, extra)) {
          const request = { target: t, headers: [['Host', 'h.test']] as [string, string][] };
          expect(forwardRequest(loaded, request)).toEqual(forwardRequest(config, request));
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  test('a table without an index (built by hand) forwards as the compiled one', () => {
    const config = compileApache(`ProxyPass /a/ ${B}/x/\nProxyPassMatch ^/a/b ${B}/m\nProxyPass /a/b/ ${B}/y/`);
    const { forwardIndex: _index, ...lists } = config;
    const plain: ApacheConfig = { ...lists, workers: [...config.workers] };
    expect(plain.forwardIndex).toBeUndefined();
    for (const t of ['/a/b/c', '/a/c', '/b']) {
      expect(forwardRequest(plain, { target: t, headers: [['Host', 'h']] })).toEqual(forwardRequest(config, { target: t, headers: [['Host', 'h']] }));
    }
  });
});

// Worker names: as the compiler makes them (from generated targets) and by hand (any case, no
// "://", `$N`, `\`, non-ASCII), plain or matchable.
const namePiece = fc.constantFrom('http://', 'HTTP://', 'https://', 'h', 'H', 'h.test', ':8080', ':80', '/', '//', 'x', 'X', '$1', '\\$', 'é', '?', '://', '');
const handWorker = fc
  .record({ parts: fc.array(namePiece, { maxLength: 6 }), matchable: fc.boolean(), disableReuse: fc.boolean() })
  .map(({ parts, matchable, disableReuse }): ProxyWorker => ({ name: parts.join(''), matchable, disableReuse, upgrade: '' }));
const workerUrl = fc.constantFrom('http://h.test', 'HTTP://H.test:8080', 'https://h', 'http://é.test', 'ws://h.test').chain((origin) =>
  fc.array(fc.constantFrom('/', 'x', 'X', '$1', 'é', '?', '//', 'y'), { maxLength: 4 }).map((p) => origin + p.join('')),
);

describe('worker index = the worker-by-worker scan', () => {
  test('compiled worker lists, generated backend URLs, every kind of lookup', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(workerUrl, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 10 }),
        fc.array(workerUrl, { maxLength: 6 }),
        (targets, urls) => {
          const lines = targets.map(([u, rx, reuse], i) =>
            rx ? `ProxyPassMatch ^/r${i}/(.*)$ ${u}$1${reuse ? '' : ' disablereuse=On'}` : `ProxyPass /p${i}/ ${u}${reuse ? '' : ' disablereuse=On'}`,
          );
          const config = compile(lines.join('\n'));
          if (config === null) return;
          const scan = scanWorkers(config.workers);
          const all = [...urls, ...config.workers.flatMap((w) => [w.name, w.name + 'x', w.name.toUpperCase() + '/q', w.name.slice(0, -1)])];
          for (const u of all) {
            for (const kind of [undefined, 'prefix', 'match'] as const) {
              expect(findWorker(config.workers, u, kind)).toBe(findWorker(scan, u, kind));
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('hand-made worker lists (names in any case, without "://", duplicates)', () => {
    fc.assert(
      fc.property(fc.array(handWorker, { maxLength: 12 }), fc.array(workerUrl, { maxLength: 6 }), (workers, urls) => {
        const indexed = indexWorkers([...workers]);
        const scan = scanWorkers(workers);
        const all = [...urls, ...workers.flatMap((w) => [w.name, w.name + '/x', w.name.toLowerCase() + 'x'])];
        for (const u of all) {
          for (const kind of [undefined, 'prefix', 'match'] as const) {
            expect(findWorker(indexed, u, kind)).toBe(findWorker(scan, u, kind));
            expect(findWorker([...workers], u, kind)).toBe(findWorker(scan, u, kind));
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
