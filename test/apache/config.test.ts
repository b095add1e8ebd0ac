// What `apache2 -t` says of each configuration (checked on Apache httpd 2.4.71, Debian bookworm,
// with the text inside a <VirtualHost>): `null` when it is accepted, else the message after AH00526.
import { describe, expect, test } from 'vitest';
import { compileApache, hasGlob, normalizeWorkerName } from '../../src/apache/config.js';
import { ConfigError } from '../../src/core/errors.js';

const CHECKS: [config: string, refused: string | null][] = [
  ['ProxyPass /a/ http://b/', null],
  ['ProxyPass /a/ http://b/ mapping=odd', 'unknown mapping'],
  ['ProxyPass /a/', 'ProxyPass|ProxyPassMatch needs a path when not defined in a location'],
  ['ProxyPass /a/ http://b/ foo', "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."],
  ['ProxyPass /a/ http://b/ timeout=5 bogus=1', 'ProxyPass unknown Worker parameter'],
  ['ProxyPass /a/ relative/', 'ProxyPass URL must be absolute!: relative/'],
  ['ProxyPass /a/ http://${BACK}/ interpolate', null],
  ['ProxyPass /a/ http://b:99999/', null],
  ['ProxyPassReverse /a/', 'ProxyPassReverse needs a path when not defined in a location'],
  ['ProxyPassReverse /a/ interpolate', 'ProxyPassReverse needs a path when not defined in a location'],
  ['ProxyPassReverseCookiePath /a/', 'ProxyPassReverseCookiePath takes two or three arguments, Path rewrite rule for proxying cookies'],
  ['ServerName https://x.test:0', 'The port number "https://x.test:0" is outside the appropriate range (i.e., 1..65535).'],
  ['ServerName x.test:abc', 'The port number "x.test:abc" is outside the appropriate range (i.e., 1..65535).'],
  ['Frobnicate on', "Invalid command 'Frobnicate', perhaps misspelled or defined by a module not included in the server configuration"],
  ['ProxyPassMatch ~ ^/x http://b/', "ProxyPassMatch invalid syntax ('~' usage)."],
  ['<Location /x>\nProxyPass /y http://b/\n</Location>', 'ProxyPass|ProxyPassMatch can not have a path when defined in a location.'],
  ['<Location /x>\nProxyPassReverse /y http://b/\n</Location>', 'ProxyPassReverse can not have a path when defined in a location'],
  ['<Location /x>\nServerName foo\n</Location>', 'ServerName not allowed in <Location> context'],
  ['ProxyPass /a/ unix:/tmp/x.sock', 'ProxyPass URL must be absolute!: unix:/tmp/x.sock'],
  ['UseCanonicalName maybe', "parameter must be 'on', 'off', or 'dns'"],
  ['ProxyPassMatch ^/(a http://b/', 'Regular expression could not be compiled.'],
  ['ProxyPass /a/ http://b/ nocanon interpolate noquery mapping=ENCODED', null],
  ['ProxyPass /a/ http://b/ retry=abc', null],
  ['ProxyPass /a/ http://b/ lbmethod=x', 'ProxyPass unknown Worker parameter'],
  ['ProxyPass /a/ balancer://x/ timeout=3', null],
  ['ProxyPassMatch ^/(.*)$ http://b:$1/', null],
  ['ProxyPass /a/ http://[::1/', 'ProxyPass Unable to parse URL: http://[::1/'],
  ['ProxyPass /a/ http:///x', 'ProxyPass URL must be absolute!: http:///x'],
  ['ProxyPass /a/ http://b/x#frag', null],
  ['ProxyPass /a/ http://b:/x', null],
  ['ProxyPass /a/ http://user:pw@b/x', null],
  ['ProxyPass /a/ HTTP://B:80/x', null],
  ['ProxyPass /a/ foo:bar', 'ProxyPass URL must be absolute!: foo:bar'],
  ['ProxyPass /a/ http:/x', 'ProxyPass URL must be absolute!: http:/x'],
  ['ProxyPass /a/ http://b:abc/', 'ProxyPass Unable to parse URL: http://b:abc/'],
  ['ProxyPass /a/ http://[::1]:8080/x', null],
  ['ProxyPass /a/ unix:/tmp/x.sock|http://localhost/', null],
  ['ProxyPass /a/ unix:/tmp/x.sock|http:', null],
  ['ProxyPass /a/ http://b', null],
  ['ProxyPass /a/ http://b?q', null],
  ['ProxyPass /a/ "http://b/x y"', null],
  ['ProxyPassReverse /a/ http://b/ x y', 'ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour'],
  ['ProxyPassReverseCookieDomain a b c d', 'ProxyPassReverseCookieDomain takes two or three arguments, Domain rewrite rule for proxying cookies'],
  ['ProxyPass /a/ !', null],
  ['ProxyPass /a/ ! foo', "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."],
  ['ProxyPass /a/ ! timeout=3', null],
  ['BalancerMember http://b/', 'BalancerMember must define remote proxy server'],
  ['BalancerMember balancer://x http://b/', null],
  ['<Proxy balancer://c>\nBalancerMember http://b/ lbmethod=x\n</Proxy>', 'BalancerMember unknown Worker parameter'],
  ['<Proxy balancer://c>\nBalancerMember http://b/ route=1 loadfactor=3\n</Proxy>', null],
  ['ProxyPreserveHost maybe', 'ProxyPreserveHost must be On or Off'],
  ['ProxyVia sometimes', 'ProxyVia must be one of: off | on | full | block'],
  ['AllowEncodedSlashes maybe', 'AllowEncodedSlashes must be On, Off, or NoDecode'],
  ['ProxyPass /a/ http://b/ noquery=1', 'ProxyPass unknown Worker parameter'],
  ['ProxyPass /a/ http://b/ =x', 'ProxyPass unknown Worker parameter'],
  ['<LocationMatch "^/x(">\n</LocationMatch>', 'Regex could not be compiled'],
  ['<Location /x>\nProxyPass\n</Location>', 'ProxyPass|ProxyPassMatch needs a path when not defined in a location'],
  ['<Location /x>\nProxyPass http://b/ foo\n</Location>', "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."],
  ['ServerName [::1]:80', 'Invalid ServerName "[::1]:80" use ServerAlias to set multiple server names.'],
  ['ServerName a*b', 'Invalid ServerName "a*b" use ServerAlias to set multiple server names.'],
  ['ServerName x.test:65536', 'The port number "x.test:65536" is outside the appropriate range (i.e., 1..65535).'],
  ['ServerName x.test:8080abc', null],
];

describe('apache2 -t', () => {
  for (const [config, refused] of CHECKS) {
    test(config.replace(/\n/g, ' | '), () => {
      if (refused === null) {
        expect(() => compileApache(config)).not.toThrow();
        return;
      }
      let error: unknown;
      try {
        compileApache(config);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as ConfigError).reason).toBe(refused);
      expect((error as ConfigError).line).toBe(config.split('\n').findIndex((l) => !l.startsWith('<')) + 1 || 1);
    });
  }
});

describe('what the parser keeps', () => {
  test('quoted words and backslash-quote inside them', () => {
    const c = compileApache('ProxyPass "/a b/" \'http://b/x\'\nCustomLog x "%h \\"%r\\" %>s"');
    expect(c.proxyPass[0].fake).toBe('/a b/');
    expect(c.proxyPass[0].real).toBe('http://b/x');
    expect(c.warnings.some((w) => w.includes('CustomLog'))).toBe(true);
  });
  test('a line ending in a backslash continues', () => {
    const c = compileApache('ProxyPass /a/ \\\n  http://b/');
    expect(c.proxyPass[0]).toMatchObject({ fake: '/a/', real: 'http://b/', line: 1 });
  });
  test('ProxyPassReverse: any third word sets interpolate', () => {
    expect(compileApache('ProxyPassReverse /x/ http://b/ foo').reverse[0].interpolate).toBe(true);
  });
  test('a second ProxyPass in one <Location> replaces the first', () => {
    const c = compileApache('<Location /l/>\nProxyPass http://b/first/\nProxyPass http://b/second/\n</Location>');
    expect(c.locations[0].proxyPass?.real).toBe('http://b/second/');
  });
  test('a glob <Location> turns its ProxyPass into a regex built from the glob text', () => {
    const c = compileApache('<Location /lwild/*>\nProxyPass http://B/LW\n</Location>');
    expect(c.locations[0].proxyPass?.regex?.source).toBe('\\/lwild\\/*');
  });
  test('<LocationMatch> without glob characters stays a literal prefix', () => {
    const c = compileApache('<LocationMatch "^/x$">\nProxyPass http://b/\n</LocationMatch>');
    expect(c.locations[0].proxyPass?.regex).toBeNull();
  });
  test('unix: targets keep only the URL after |', () => {
    expect(compileApache('ProxyPass /uds/ unix:/tmp/s.sock|http:').proxyPass[0].real).toBe('http:');
  });
  test('ServerName with scheme and port', () => {
    expect(compileApache('ServerName https://Secure.Test:8443').serverName).toEqual({ scheme: 'https', host: 'Secure.Test', port: 8443 });
  });
});

describe('BalancerMember names are normalised like worker names', () => {
  const rows: [string, string][] = [
    ['http://127.0.0.1:29181/mem', 'http://127.0.0.1:29181/mem'],
    ['http://Other.Test:8080/mem2/', 'http://other.test:8080/mem2/'],
    ['http://p80.test:80/x', 'http://p80.test/x'],
    ['HTTPS://H:443', 'https://h'],
    ['http://[::1]:8080/x', 'http://[::1]:8080/x'],
  ];
  for (const [input, expected] of rows) test(input, () => expect(normalizeWorkerName(input)).toBe(expected));
});

describe('apr_fnmatch_test', () => {
  const rows: [string, boolean][] = [
    ['/lwild/*', true],
    ['/a?b', true],
    ['/[ab]', true],
    ['/[ab', false],
    ['^/lm/(.*)$', true],
    ['^/x$', false],
    ['/plain/', false],
    ['/esc\\*', false],
  ];
  for (const [input, expected] of rows) test(input, () => expect(hasGlob(input)).toBe(expected));
});
