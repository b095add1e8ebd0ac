import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { forwardRequest } from '../../src/apache/forward.js';
import { prepareApache } from '../../src/apache/index.js';
import type { ClientRequest } from '../../src/core/types.js';

const B = 'http://127.0.0.1:29181';

/** What the backend got: the path+query of the URL, `local`, or the status. */
function run(config: string, target: string, extra: Partial<ClientRequest> = {}, env: Record<string, string> = {}): string {
  const c = compileApache(config);
  const out = forwardRequest(c, { target, headers: [['Host', 'h.test']], ...extra }, env);
  const r = out.result;
  if (r.kind === 'proxy') return r.url.startsWith(B) ? r.url.slice(B.length) : r.url;
  if (r.kind === 'local') return 'local';
  return String(r.status);
}

type Row = [config: string, target: string, expected: string];

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    for (const [config, target, expected] of rows) {
      test(`${config.replace(/\n/g, ' | ')} :: ${target}`, () => expect(run(config, target)).toBe(expected));
    }
  });
}

// Observed live (2026-11-28, seed 2027 and probes): a ':' with nothing after it in the backend's
// authority is no port: the whole authority is looked up as a name, and that fails (500).
table('a trailing colon in the backend authority', [
  [`ProxyPassMatch /private ${B} nocanon`, 'http://other.test/app/a.gif/private/', '500'],
  [`ProxyPassMatch /private ${B}`, 'http://other.test/app/a.gif/private/', '/app/a.gif/private/'],
  ['ProxyPass /a/ http://127.0.0.1:/x/', '/a/q', '500'],
  [`ProxyPassMatch ^/a/(.*)$ ${B}$1`, '/a/:', '500'],
  [`ProxyPassMatch ^/a/(.*)$ ${B}$1`, '/a/x:', '500'],
]);

// Observed live (2026-11-28, seed 35 and probes): mapping=servlet drops nocanon's note but still cuts
// the remainder from the raw URI, query included, so the query goes twice.
table('mapping=servlet with nocanon', [
  [`ProxyPass /c/ ${B}/t?a=1 mapping=Servlet NOCANON`, '/c/?next=http://backend.test/app/x', '/t?a=1?next=http://backend.test/app/x?next=http://backend.test/app/x'],
  [`ProxyPass /c/ ${B}/t/ mapping=servlet nocanon`, '/c/x%41;p=1/y?q=1', '/t/x%41;p=1/y?q=1?q=1'],
  [`ProxyPass /c/ ${B}/t/ mapping=servlet`, '/c/x%41;p=1/y?q=1', '/t/xA;p=1/y?q=1'],
  [`ProxyPass /c/ ${B}/t/ mapping=servlet nocanon`, '/c/./x/../y?q=1', '/t/./x/../y?q=1?q=1'],
]);

// §8.2, catch-all `ProxyPass / B/root/` last.
const CATCH = `\nProxyPass / ${B}/root/`;
table('§8.2 prefix rules (alias_match)', [
  [`ProxyPass /a/ ${B}/x/${CATCH}`, '/a/foo', '/x/foo'],
  [`ProxyPass /a/ ${B}/x/${CATCH}`, '/a/', '/x/'],
  [`ProxyPass /a/ ${B}/x/${CATCH}`, '/a', '/root/a'],
  [`ProxyPass /b ${B}/y/${CATCH}`, '/b/foo', '/y//foo'],
  [`ProxyPass /b ${B}/y/${CATCH}`, '/b', '/y/'],
  [`ProxyPass /b ${B}/y/${CATCH}`, '/b/', '/y//'],
  [`ProxyPass /b ${B}/y/${CATCH}`, '/bar', '/root/bar'],
  [`ProxyPass /c/ ${B}/z${CATCH}`, '/c/foo', '/zfoo'],
  [`ProxyPass /c/ ${B}/z${CATCH}`, '/c/', '/z'],
  [`ProxyPass /d ${B}/w${CATCH}`, '/d/foo', '/w/foo'],
  [`ProxyPass /d ${B}/w${CATCH}`, '/d', '/w'],
  [`ProxyPass /d ${B}/w${CATCH}`, '/dx', '/root/dx'],
  [`ProxyPass /app/ ${B}${CATCH}`, '/app/x', '500'],
  [`ProxyPass /app/ ${B}${CATCH}`, '/app/', '/'],
  [`ProxyPass /h/ http://localhost${CATCH}`, '/h/x', '500'],
  [`ProxyPass //dbl/ ${B}/dbl/${CATCH}`, '/dbl/x', '/dbl/x'],
  [`ProxyPass /CaSe/ ${B}/c/${CATCH}`, '/case/x', '/root/case/x'],
  [`ProxyPass /excl/no !\nProxyPass /excl ${B}/ex`, '/excl/no', 'local'],
  [`ProxyPass /excl/no !\nProxyPass /excl ${B}/ex`, '/excl/no/x', 'local'],
  [`ProxyPass /excl/no !\nProxyPass /excl ${B}/ex`, '/excl/nox', '/ex/nox'],
  [`ProxyPass /order ${B}/first\nProxyPass /order/sub ${B}/second`, '/order/sub/x', '/first/sub/x'],
  [`ProxyPass /order ${B}/first\nProxyPass /order/sub ${B}/second`, '/order/subx', '/first/subx'],
  [`ProxyPass /a/ ${B}/x/`, '//a//foo', '/x/foo'],
  [`ProxyPass /a/ ${B}/x/`, '/a/./foo', '/x/foo'],
  [`ProxyPass /a/ ${B}/x/`, '/a/../a/foo', '/x/foo'],
  [`ProxyPass /a/ ${B}/x/`, '/x/../a/foo', '/x/foo'],
  [`ProxyPass /a/ ${B}/x/`, '/../a/foo', '400'],
  [`ProxyPass /shared/ ${B}/main/\nProxyPass /shared/ ${B}/vhost/`, '/shared/x', '/main/x'],
]);

table('§8.3 ProxyPassMatch', [
  [`ProxyPassMatch ^/m/(.*)\\.gif$ ${B}/img/$1.png`, '/m/a/b.gif?q=1', '/img/a/b.png?q=1'],
  [`ProxyPassMatch ^/m/(.*)\\.gif$ ${B}/img/$1.png`, '/m/pic.gifx', 'local'],
  [`ProxyPassMatch ^/nosub/.*\\.txt$ ${B}/t`, '/nosub/a.txt?q', '/t/nosub/a.txt?q'],
  [`ProxyPassMatch ^/q/(.*)$ ${B}/qq?x=$1`, '/q/foo?orig=1', '/qq%3Fx=foo?orig=1'],
  [`ProxyPassMatch ^/pm/(.*)$ ${B}/pm/$1 nocanon`, '/pm/a%20b;c?x=%20', '/pm/a%20b;c?x=%20'],
  [`ProxyPassMatch ^/pm/(.*)$ ${B}/pm/$1 nocanon`, '/pm/a/../b', '/pm/a/../b'],
  [`ProxyPassMatch ^/ten/(.*)$ ${B}/ten/$10`, '/ten/a', '/ten/a0'],
  [`ProxyPassMatch ^/esc/(.*)$ ${B}/esc/\\$1`, '/esc/a', '/esc/$1'],
  [`ProxyPassMatch ^/reverse-slash(/.*)?$ ${B}$1`, '/reverse-slash', '/'],
  [`ProxyPassMatch ^/reverse-slash(/.*)?$ ${B}$1`, '/reverse-slash/index.html', '/index.html'],
  [`<Location /lwild/*>\nProxyPass ${B}/LW\n</Location>`, '/lwild/abc', '/LW/lwild/abc'],
]);

const SV = `ProxyPass /sv ${B}/servlet mapping=servlet${CATCH}`;
table('§8.4 mapping=servlet', [
  ...(
    [
      ['/sv/x', '/servlet/x'],
      ['/sv', '/servlet'],
      ['/sv/', '/servlet/'],
      ['/sv;jsessionid=1/x', '/servlet;jsessionid=1/x'],
      ['/sv;x;y/z', '/servlet;x;y/z'],
      ['/sv;/x', '/servlet;/x'],
      ['/sv;a/', '/servlet/'],
      ['/sv;a', '/servlet'],
      ['/sv;a?q=1', '/servlet?q=1'],
      ['/sv/x;p=1/y', '/servlet/x;p=1/y'],
      ['/sv/;x/z', '/servlet/;x/z'],
      ['/foo/..;/sv/x', '/servlet/x'],
      ['/sv/..;/sv/x', '/servlet/x'],
      ['/sv/x/..;/y', '/servlet/y'],
      ['/sv/.;/x', '/servlet/.;/x'],
      ['/svx', '/root/svx'],
      ['/s;x/v', '/root/s;x/v'],
      ['/sv%3Bx/y', '/root/sv;x/y'],
      ['/sv/a%3Bb', '/servlet/a%3Bb'],
      ['/sv/a%3fb', '/servlet/a%3fb'],
      ['/sv/a%20b', '/servlet/a%20b'],
      ['/sv/a%7e', '/servlet/a~'],
      ['/sv/%C3%A9?x=%20', '/servlet/%C3%A9?x=%20'],
      ['/sv/a%2Fb', '/servlet/a%2Fb'],
    ] as const
  ).map(([t, e]): Row => [SV, t, e]),
  [`ProxyPass /z/ ${B}/plain/\nProxyPass /z/ ${B}/servlet/ mapping=servlet`, '/z/x', '/servlet/x'],
  [`ProxyPass /mapping ${B}/servlet mapping=servlet`, '/notexisting/../mapping/mapping.html', '/servlet/mapping.html'],
  [`ProxyPass /mapping ${B}/servlet mapping=servlet`, '/notexisting/..;/mapping/mapping.html', '/servlet/mapping.html'],
  [`ProxyPass /mapping ${B}/servlet mapping=servlet`, '/mapping/mapping.html', '/servlet/mapping.html'],
]);

table('§8.4 mapping=encoded', [
  [`ProxyPass /en%3Fc/ ${B}/E/ mapping=encoded${CATCH}`, '/en%3Fc/a%20b', '/E/a%20b'],
  [`ProxyPass /en%3Fc/ ${B}/E/ mapping=encoded`, '/en%3fc/a', 'local'],
  [`ProxyPass /en%3Fc/ ${B}/E/ mapping=encoded`, '/en%3Fc/a%2Fb', '/E/a%2Fb'],
]);

const NC = `ProxyPass /nc/ ${B}/n/ nocanon`;
table('§8.5 nocanon / noquery', [
  [NC, '/nc/a%20b?q=1%202', '/n/a%20b?q=1%202'],
  [NC, '/nc/a%3Bb', '/n/a%3Bb'],
  [NC, '/nc/a%7e', '/n/a%7e'],
  [NC, '/nc/./x', '/n/./x'],
  [NC, '/nc//x', '/n/x'],
  [`ProxyPass /nq/ ${B}/nq/ noquery`, '/nq/x?a=1', '/nq/x?a=1'],
]);

const ENC = `ProxyPass /enc/ ${B}/e/`;
table('§8.6 canonicalisation', [
  [ENC, '/enc/a%20b', '/e/a%20b'],
  [ENC, '/enc/a%3Bb', '/e/a;b'],
  [ENC, '/enc/a%3bb', '/e/a;b'],
  [ENC, '/enc/a%3fb', '/e/a%3Fb'],
  [ENC, '/enc/%7e%7E', '/e/~~'],
  [ENC, '/enc/a+b', '/e/a+b'],
  [ENC, '/enc/a%2Bb', '/e/a+b'],
  [ENC, '/enc/a%25b', '/e/a%25b'],
  [ENC, '/enc/%C3%A9', '/e/%C3%A9'],
  [ENC, '/enc/é', '/e/%C3%A9'],
  [ENC, '/enc/a%26b%3D%40%3A%24%2C%21%2A%27%28%29', "/e/a&b=@:$,!*'()"],
  [ENC, '/enc/a%23b', '/e/a%23b'],
  [ENC, '/enc/a%22b%3Cc%3E%5B%5D%7B%7D%7C%5C%5E%60', '/e/a%22b%3Cc%3E%5B%5D%7B%7D%7C%5C%5E%60'],
  [ENC, '/enc/a;b=c/d', '/e/a;b=c/d'],
  [ENC, '/enc/a%2Fb', '404'],
  [ENC, '/enc/a%zzb', '400'],
  [ENC, '/enc/a%00b', '404'],
  [ENC, '/enc/q?', '/e/q?'],
  [ENC, '/enc/x?x=a%20b&y=%zz&z=a+b', '/e/x?x=a%20b&y=%zz&z=a+b'],
  [`ProxyPass /pct/ ${B}/p%20q/`, '/pct/x', '/p%2520q/x'],
  [`ProxyPass /tq ${B}/t?a=1`, '/tq', '/t%3Fa=1'],
  [`ProxyPass /f/ ${B}/f#frag/`, '/f/x', '/f%23frag/x'],
  [`ProxyPass /u/ http://user:pw@127.0.0.1:29181/u/`, '/u/x', '/u/x'],
  [`ProxyPass /L/ http://LOCALHOST:29181/l/`, '/L/x', 'http://localhost:29181/l/x'],
  [`ProxyPass /p80/ http://h.test:0080/p/`, '/p80/x', 'http://h.test/p/x'],
  [`ProxyPass /s443/ https://h.test:443/p/`, '/s443/x', 'https://h.test/p/x'],
  [`ProxyPass /v6/ http://[::1]:29181/v/`, '/v6/x', 'http://[::1]:29181/v/x'],
  [`ProxyPass /ws/ WS://h.test:80/w/`, '/ws/x', 'ws://h.test/w/x'],
]);

table('§8.6 AllowEncodedSlashes', [
  [`ProxyPass /p/ ${B}/`, '/p/a%2Fb', '404'],
  [`ProxyPass /p/ ${B}/`, '/p/a%2fb%20c', '404'],
  [`ProxyPass /nc/ ${B}/ nocanon`, '/nc/a%2Fb', '404'],
  [`AllowEncodedSlashes On\nProxyPass /p/ ${B}/`, '/p/a%2Fb', '/a/b'],
  [`AllowEncodedSlashes On\nProxyPass /p/ ${B}/`, '/p/a%2fb%20c', '/a/b%20c'],
  [`AllowEncodedSlashes On\nProxyPass /nc/ ${B}/ nocanon`, '/nc/a%2Fb', '/a%2Fb'],
  [`AllowEncodedSlashes NoDecode\nProxyPass /p/ ${B}/`, '/p/a%2Fb', '/a%2Fb'],
  [`AllowEncodedSlashes NoDecode\nProxyPass /p/ ${B}/`, '/p/a%2fb%20c', '/a%2fb%20c'],
  [`AllowEncodedSlashes NoDecode\nProxyPass /nc/ ${B}/ nocanon`, '/nc/a%2Fb', '/a%2Fb'],
  [`AllowEncodedSlashes NoDecode\nProxyPass /p/ ${B}/\n<Location />\n</Location>`, '/p/a%2Fb', '/a%252Fb'],
  [`AllowEncodedSlashes NoDecode\nProxyPass /p/ ${B}/`, '/p/a%25%32%46', '/a%2F'],
  [`AllowEncodedSlashes NoDecode\nProxyPass /p/ ${B}/`, '/p/a%25zz', '400'],
]);

table('§2.5 / §10 sections, exclusions, no-proxy', [
  [`ProxyPass /lp/ !\n<Location /lp/>\nProxyPass ${B}/loc/\n</Location>`, '/lp/x', '/loc/x'],
  [`<Location /l/>\nProxyPass ${B}/first/\nProxyPass ${B}/second/\n</Location>`, '/l/x', '/second/x'],
  [
    `ProxyPass /reverse/notproxy/ !\nProxyPass /reverse/ ${B}/\n<Location /reverse/locproxy/>\nProxyPass ${B}/\n</Location>\nSetEnvIf Request_URI "^/reverse/locproxy/index.html$" no-proxy`,
    '/reverse/locproxy/index.html',
    'local',
  ],
  [
    `ProxyPass /reverse/notproxy/ !\nProxyPass /reverse/ ${B}/\n<Location /reverse/locproxy/>\nProxyPass ${B}/\n</Location>\nSetEnvIf Request_URI "^/reverse/locproxy/index.html$" no-proxy`,
    '/reverse/locproxy/',
    '/',
  ],
  [`ProxyPass /reverse/notproxy/ !\nProxyPass /reverse/ ${B}/`, '/reverse/notproxy/local.html', 'local'],
  [`ProxyPass /reverse/ ${B}/`, '/reverse/nonesuch/file%25', '/nonesuch/file%25'],
  [`ProxyPass /reverse/ ${B}/`, '/reverse/modules/cgi/env.pl?reverse-proxy', '/modules/cgi/env.pl?reverse-proxy'],
]);

describe('interpolation, balancers, targets', () => {
  test('ProxyPass interpolate with ProxyPassInterpolateEnv On and SetEnvIf', () => {
    const cfg = `ProxyPassInterpolateEnv On\nSetEnvIf Request_URI ^/ip/ BACK=iback\nProxyPass /ip/ ${B}/\${BACK}/ interpolate`;
    expect(run(cfg, '/ip/y')).toBe('/iback/y');
  });
  test('ProxyPass interpolate without ProxyPassInterpolateEnv keeps ${BACK} (encoded $ is allowed)', () => {
    const cfg = `SetEnvIf Request_URI ^/ip/ BACK=iback\nProxyPass /ip/ ${B}/\${BACK}/ interpolate`;
    expect(run(cfg, '/ip/y')).toBe('/$%7BBACK%7D/y');
  });
  test('interpolation uses the caller env too', () => {
    const cfg = `ProxyPassInterpolateEnv On\nProxyPass /ip/ ${B}/\${BACK}/ interpolate`;
    expect(run(cfg, '/ip/y', {}, { BACK: 'fromenv' })).toBe('/fromenv/y');
  });
  test('balancer: PR 45434 /pr45434/redirect-me -> first member + /alias/redirect-me', () => {
    const cfg = `<Proxy balancer://pr45434>\nBalancerMember ${B}/modules\n</Proxy>\nProxyPass /pr45434 balancer://pr45434/alias`;
    expect(run(cfg, '/pr45434/redirect-me')).toBe('/modules/alias/redirect-me');
  });
  test('balancer member path + path after balancer://name', () => {
    const cfg = `<Proxy balancer://bal1>\nBalancerMember http://h.test:80/mem\n</Proxy>\nProxyPass /bal/ balancer://bal1/sub/`;
    expect(run(cfg, '/bal/q')).toBe('http://h.test/mem/sub/q');
  });
  test('nocanon with a raw space from interpolation gives 403', () => {
    const cfg = `ProxyPassInterpolateEnv On\nProxyPass /sp/ "${B}/\${V}/" nocanon interpolate`;
    expect(run(cfg, '/sp/x', {}, { V: 'a b' })).toBe('403');
  });
  test('GET * is 400, OPTIONS * is answered locally', () => {
    expect(run(`ProxyPass / ${B}/`, '*')).toBe('400');
    expect(run(`ProxyPass / ${B}/`, '*', { method: 'OPTIONS' })).toBe('local');
  });
  test('absolute-form target: path used for matching', () => {
    expect(run(`ProxyPass /p/ ${B}/x/`, 'http://Other.Test:1234/p/x?q')).toBe('/x/x?q');
  });
  test('absolute-form https target on a plain connection: host ignored, path used', () => {
    expect(run(`ProxyPass /p/ ${B}/x/`, 'https://o.test/p/x')).toBe('/x/x');
  });
  test('relative target p/x is 400', () => {
    expect(run(`ProxyPass / ${B}/`, 'p/x')).toBe('400');
  });
});

// Configuration words are separated by C isspace (ap_getword_conf), not only blanks (live, 2.4.71).
table('configuration white space', [
  [`ProxyPass /a/ ${B}/x/\u000b\nProxyPass /b/\u000b${B}/y/`, '/b/q', '/y/q'],
  [`ProxyPass /a/\f${B}/x/`, '/a/q', '/x/q'],
]);

// The compiled ProxyPass index (compiled-forward.ts) buckets plain prefixes by the first segment
// of `fake` and tries everything else for every URI: rows at its edges, each seen on the live
// Apache 2.4.71 (probe of 2026-11-28; `local` is the 404 of no local file).
table('first-match order across the index (alias_match edges)', [
  [`ProxyPassMatch ^/a/x ${B}/m\nProxyPass /a/ ${B}/p/`, '/a/x', '/m/a/x'],
  [`ProxyPassMatch ^/a/x ${B}/m\nProxyPass /a/ ${B}/p/`, '/a/y', '/p/y'],
  [`ProxyPass /a/ ${B}/p/\nProxyPassMatch ^/a/x ${B}/m`, '/a/x', '/p/x'],
  [`ProxyPass / ${B}/root/\nProxyPass /a/ ${B}/p/`, '/a/x', '/root/a/x'],
  [`ProxyPass /a/x !\nProxyPassMatch ^/a ${B}/m\nProxyPass /a/ ${B}/p/`, '/a/x', 'local'],
  [`ProxyPass /a/x !\nProxyPassMatch ^/a ${B}/m\nProxyPass /a/ ${B}/p/`, '/a/y', '/m/a/y'],
  [`ProxyPass /a/b/ ${B}/1/\nProxyPass /a/c/ ${B}/2/\nProxyPass /a/ ${B}/3/`, '/a/c/x', '/2/x'],
  [`ProxyPass /ab ${B}/p\nProxyPass /a ${B}/q`, '/ab/x', '/p/x'],
  [`ProxyPass /ab ${B}/p\nProxyPass /a ${B}/q`, '/abc', 'local'],
  [`ProxyPass /ab ${B}/p\nProxyPass /a ${B}/q`, '/a/b', '/q/b'],
  [`MergeSlashes Off\nProxyPass /a/b ${B}/p`, '//a//b/c', '/p/c'],
  [`MergeSlashes Off\nProxyPass //a//b ${B}/p`, '/a/b', '/p'],
  [`ProxyPass // ${B}/r/`, '/x', '/r/x'],
  [`ProxyPass a ${B}/p\nProxyPass / ${B}/root/`, '/a', '/root/a'],
  [`ProxyPass /é/ ${B}/p/`, '/%C3%A9/x', '/p/x'],
  [`ProxyPass /é/ ${B}/p/`, '/%c3%a9x', 'local'],
  [`ProxyPass /É/ ${B}/p/`, '/%C3%A9/x', 'local'],
  [`ProxyPass /a%2Fb/ ${B}/e/ mapping=encoded\nProxyPass /a/ ${B}/p/`, '/a%2Fb/x', '/e/x'],
  [`ProxyPass /a%2Fb/ ${B}/e/ mapping=encoded\nProxyPass /a/ ${B}/p/`, '/a/b/x', '/p/b/x'],
  [`ProxyPass /a/ ${B}/p/\nProxyPass /a/ ${B}/e/ mapping=encoded`, '/a/x', '/e/x'],
  [`ProxyPass /a/ ${B}/p/ mapping=servlet`, '/a;p/y', '/p/y'],
  [`ProxyPassInterpolateEnv On\nSetEnvIf Request_URI ^/(a|b)/ SEG=$1\nProxyPass /\${SEG}/ ${B}/i/ interpolate`, '/b/x', '/i/x'],
  [`ProxyPass /nc/ ${B}/n/ nocanon`, '//nc/x', '/n/x'],
]);

// ap_proxy_get_worker_ex through the worker index: the worker is found by the backend URL (not by
// the rule), the longest name fitting wins (a prefix, not at a segment boundary), a regex worker's
// `$1` counts in its length, a rule whose URL an earlier worker fits defines none (live, 2.4.71).
describe('worker lookup: the Connection header the backend sees', () => {
  const rows: [config: string, target: string, connection: string][] = [
    [`ProxyPass /a/ ${B}/x/ disablereuse=On\nProxyPass /b/ ${B}/`, '/b/x/q', 'close'],
    [`ProxyPass /a/ ${B}/x/ disablereuse=On\nProxyPass /b/ ${B}/`, '/b/q', 'Keep-Alive'],
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1\nProxyPass /a/ ${B}/`, '/a/x/q', 'Keep-Alive'],
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1\nProxyPass /a/ ${B}/`, '/a/q', 'Keep-Alive'],
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1\nProxyPass /a/ ${B}/`, '/a/x/qq', 'close'],
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1\nProxyPass /a/ ${B}/`, '/m/abc', 'close'],
    [`ProxyPass /a/ ${B}/X/ disablereuse=On\nProxyPass /b/ ${B}/`, '/b/x/q', 'Keep-Alive'],
    [`ProxyPass /a/ ${B}/X/ disablereuse=On\nProxyPass /b/ ${B}/`, '/b/X/q', 'close'],
    [`ProxyPass /a/ HTTP://127.0.0.1:29181/x/ disablereuse=On\nProxyPass /b/ ${B}/`, '/b/x/q', 'close'],
    [`ProxyPass /b/ ${B}/\nProxyPass /a/ ${B}/x/ disablereuse=On`, '/b/x/q', 'Keep-Alive'],
    [`ProxyPass /a/ ${B}/x disablereuse=On\nProxyPass /b/ ${B}/`, '/b/xy', 'close'],
    // hunt4 (live): a zero-padded port stays in the worker name, which never fits the canonical
    // URL; a rule for the plain port defines the worker that fits.
    ['ProxyPass /a/ http://127.0.0.1:029181/x/', '/a/q', 'close'],
    [`ProxyPass /b/ ${B}/x/\nProxyPass /a/ http://127.0.0.1:029181/x/`, '/a/q', 'Keep-Alive'],
    [`ProxyPass /a/ http://127.0.0.1:029181/x/\nProxyPass /b/ ${B}/x/`, '/b/q', 'Keep-Alive'],
    // addressttl=0 makes the address, and so the connections, not reusable, enablereuse or not.
    [`ProxyPass /a/ ${B}/x/ addressttl=0`, '/a/q', 'close'],
    [`ProxyPass /a/ ${B}/x/ addressttl=0 enablereuse=On`, '/a/q', 'close'],
    [`ProxyPass /a/ ${B}/x/ addressttl=1 disablereuse=On`, '/a/q', 'close'],
    // A `$1` worker reuses connections when told to (a capture long enough for the URL to fit it).
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1 enablereuse=On`, '/m/qqqq', 'Keep-Alive'],
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1 disablereuse=Off`, '/m/qqqq', 'Keep-Alive'],
    [`ProxyPassMatch ^/m/(.*)$ ${B}/x/$1`, '/m/qqqq', 'close'],
    // Balancer members keep their own reuse flags; a member URL an earlier member of the
    // balancer fits shares it, and its parameters are ignored.
    [`<Proxy balancer://z>\nBalancerMember ${B}/mem disablereuse=On\n</Proxy>\nProxyPass /z/ balancer://z/`, '/z/q', 'close'],
    [`<Proxy balancer://z>\nBalancerMember ${B}/mem enablereuse=Off\n</Proxy>\nProxyPass /z/ balancer://z/`, '/z/q', 'close'],
    [`<Proxy balancer://z>\nBalancerMember ${B}/mem enablereuse=On\n</Proxy>\nProxyPass /z/ balancer://z/`, '/z/q', 'Keep-Alive'],
    [`<Proxy balancer://z>\nBalancerMember ${B}/mem addressttl=0\n</Proxy>\nProxyPass /z/ balancer://z/`, '/z/q', 'close'],
    [`<Proxy balancer://z>\nBalancerMember ${B}/mem\nBalancerMember ${B}/mem/x disablereuse=On\n</Proxy>\nProxyPass /z/ balancer://z/`, '/z/q', 'Keep-Alive'],
    [`<Proxy balancer://z>\nBalancerMember ${B}/mem disablereuse=On\nBalancerMember ${B}/m2\n</Proxy>\nProxyPass /z/ balancer://z/`, '/z/q', 'close'],
    [`BalancerMember balancer://z ${B}/mem disablereuse=On\nProxyPass /z/ balancer://z/`, '/z/q', 'close'],
    ['<Proxy balancer://z>\nBalancerMember http://127.0.0.1:029181/m\n</Proxy>\nProxyPass /z/ balancer://z/', '/z/q', 'Keep-Alive'],
  ];
  for (const [config, target, connection] of rows) {
    test(`${config.replace(/\n/g, ' | ')} :: ${target}`, () => {
      const headers = prepareApache(compileApache(config), { target, headers: [['Host', 'h.test']] }).forward?.headers ?? [];
      expect(headers.filter(([n]) => n === 'Connection')).toEqual([['Connection', connection]]);
    });
  }
});

// hunt4 (live): ap_parse_uri makes OPTIONS without a path (`*`, or an absolute-form target with
// none, query or not, whatever its scheme) r->uri "*", which no ProxyPass takes: the core answers
// it (200). Another method gets "/", and a path is proxied as usual.
describe('OPTIONS without a path', () => {
  const rows: [method: string, target: string, expected: string][] = [
    ['OPTIONS', 'http://rev.test:18080', 'local'],
    ['OPTIONS', 'http://rev.test:18080?x=1', 'local'],
    ['OPTIONS', 'https://rev.test:18080', 'local'],
    ['OPTIONS', '*', 'local'],
    ['OPTIONS', 'http://rev.test:18080/', '/'],
    ['GET', 'http://rev.test:18080', '/'],
  ];
  for (const [method, target, expected] of rows) {
    test(`ProxyPass / B/ :: ${method} ${target}`, () => expect(run(`ProxyPass / ${B}/`, target, { method, headers: [['Host', 'rev.test:18080']] })).toBe(expected));
  }
});

// hunt4 (live): the member and the Host of a balancer member named with a zero-padded port.
test('<Proxy balancer://z> BalancerMember http://127.0.0.1:029181/m :: /z/q goes to /m/q, Host 127.0.0.1:29181', () => {
  const out = prepareApache(compileApache('<Proxy balancer://z>\nBalancerMember http://127.0.0.1:029181/m\n</Proxy>\nProxyPass /z/ balancer://z/'), {
    target: '/z/q',
    headers: [['Host', 'rev.test:18080']],
  });
  expect([out.forward?.url, out.forward?.headers[0]]).toEqual(['http://127.0.0.1:29181/m/q', ['Host', '127.0.0.1:29181']]);
});
