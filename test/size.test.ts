// The size budget: what a bundler ships for each use of a dialect, minified and gzipped, is at most
// 8 KB (8,192 bytes). Each measure bundles (esbuild, minify, tree-shaking) a stdin entry that imports from the
// package root, as a user's bundler would:
//   runtime   what an edge function needs with a precompiled table: the loader, the exchange
//             (prepare + whole exchange) and the per-value maps
//   maps      the per-value maps alone (ProxyPassReverse and the cookie maps / proxy_redirect and
//             proxy_cookie_*)
//   whole     the whole dialect, its configuration compiler included
// A measure over the budget is declared below with its reason and held at a ceiling, so that it
// cannot grow unnoticed; once it fits, the declaration must go (the last test fails while it stays).
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { describe, expect, test } from 'vitest';

const BUDGET = 8 * 1024;

type Measure = 'runtime' | 'maps' | 'whole';

const ENTRIES: Record<string, Record<Measure, string[]>> = {
  apache: {
    runtime: ['loadApacheTable', 'prepareApache', 'apacheExchange', 'proxyPassReverse', 'proxyPassReverseCookie'],
    maps: ['proxyPassReverse', 'proxyPassReverseCookie'],
    whole: [
      'compileApache', 'serializeTable', 'apacheDialect', 'loadApacheTable', 'prepareApache', 'apacheExchange',
      'proxyPassReverse', 'proxyPassReverseCookie', 'apacheCanonicalDate',
    ],
  },
  nginx: {
    runtime: ['loadNginxTable', 'prepareNginx', 'nginxForward', 'nginxProxyRedirect', 'nginxProxyCookie'],
    maps: ['nginxProxyRedirect', 'nginxProxyCookie'],
    whole: [
      'compileNginx', 'serializeTable', 'nginxDialect', 'loadNginxTable', 'prepareNginx', 'nginxForward',
      'nginxProxyRedirect', 'nginxProxyCookie',
    ],
  },
};

const OVER_BUDGET: Record<string, { ceiling: number; reason: string }> = {
  'apache runtime': {
    ceiling: 16.5 * 1024,
    reason:
      'the request side is ~6 KB of it (forward.ts: ProxyPass/ProxyPassMatch matching, ap_normalize_path, ' +
      'AllowEncodedSlashes, the servlet mapping, interpolation, proxy_http_canon; context.ts: fix_hostname and ' +
      'the request checks httpd answers 400/414/417 for; sections.ts: the location walk) and the response side ' +
      '~3.8 KB (response.ts: the header pass, check_headers, Vary/Warning fixups; the date parser); then the ' +
      'ProxyPassReverse index (~1.3 KB), the backend request headers (~1.2 KB), the loader (~0.35 KB)',
  },
  'apache whole': {
    ceiling: 27.25 * 1024,
    reason:
      'the runtime, plus the configuration compiler (config.ts: every directive with its apachectl -t message, ' +
      'set_worker_param / set_balancer_param as a table of parameter checks, ~0.75 KB) and ' +
      'the PCRE2 translator shared with nginx (core/pcre.ts, ~4 KB: inline options, POSIX classes, byte classes, and ' +
      'the refusals that keep a pattern from matching differently in silence)',
  },
  'nginx whole': {
    ceiling: 18.5 * 1024,
    reason:
      'the runtime, plus the configuration parser and its nginx -t messages (config.ts, tokenizer.ts) and the ' +
      'PCRE2 translator shared with Apache (core/pcre.ts, ~4 KB)',
  },
};

function bundle(names: readonly string[]): { minified: number; gzipped: number } {
  const result = buildSync({
    stdin: { contents: `export { ${names.join(', ')} } from './src/index.ts';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const rows = Object.entries(ENTRIES).flatMap(([dialect, measures]) =>
  (Object.entries(measures) as [Measure, string[]][]).map(([measure, names]) => {
    const key = `${dialect} ${measure}`;
    return { key, names, over: OVER_BUDGET[key], ...bundle(names) };
  }),
);

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const bytes = (n: number) => `${n} B`.padStart(8);

describe('bundle size, minified + gzipped (budget 8 KB)', () => {
  test('the table', () => {
    const lines = rows.map(
      (r) =>
        `${r.key.padEnd(15)} ${kb(r.gzipped).padStart(9)} ${bytes(r.gzipped)} ${kb(r.minified).padStart(9)}   ` +
        (r.over ? `over the budget, held at ${kb(r.over.ceiling)}` : 'within the budget'),
    );
    console.log(['measure          gzipped (1 KB = 1024 B)  minified', ...lines].join('\n'));
    expect(rows).toHaveLength(6);
  });
  test.each(rows.map((r) => [r.key, r] as const))('%s', (_key, r) => {
    if (r.over) console.log(`${r.key}: ${kb(r.gzipped)} gz, over the budget: ${r.over.reason}`);
    expect(r.gzipped).toBeLessThanOrEqual(r.over ? r.over.ceiling : BUDGET);
  });
  test('every declared over-budget measure is still over the budget', () => {
    for (const key of Object.keys(OVER_BUDGET)) {
      const r = rows.find((x) => x.key === key);
      expect(r?.gzipped, key).toBeGreaterThan(BUDGET);
    }
  });
});
