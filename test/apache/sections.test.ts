import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { prepareApache } from '../../src/apache/index.js';
import { effectiveSettings, walkLocations } from '../../src/apache/sections.js';

// Observed on 2.4.71 with <Location /loc> ProxyPass .../L: /loc, /loc/x, /loc//x match; /locx does not.
const walkRows: [config: string, uri: string, matches: number][] = [
  ['<Location /loc>\n</Location>', '/loc', 1],
  ['<Location /loc>\n</Location>', '/loc/x', 1],
  ['<Location /loc>\n</Location>', '/loc//x', 1],
  ['<Location /loc>\n</Location>', '/locx', 0],
  ['<Location /app/>\n</Location>', '/app', 0],
  ['<Location />\n</Location>', '/anything', 1],
  ['<Location /lwild/*>\n</Location>', '/lwild/abc', 1],
  ['<LocationMatch "^/lm/(.*)$">\n</LocationMatch>', '/lm/x', 1],
  ['<LocationMatch "^/lm/(.*)$">\n</LocationMatch>', '/other', 0],
  ['<Location />\n</Location>\n<Location /a>\n</Location>', '/a/b', 2],
];

describe('walkLocations', () => {
  for (const [config, uri, n] of walkRows) {
    test(`${config.replace(/\n/g, ' | ')} :: ${uri}`, () => expect(walkLocations(compileApache(config), uri).length).toBe(n));
  }
});

describe('effectiveSettings', () => {
  test('AllowEncodedSlashes NoDecode is reset by a matching <Location> (quirk 21)', () => {
    const c = compileApache('AllowEncodedSlashes NoDecode\n<Location />\n</Location>');
    expect(effectiveSettings(c, walkLocations(c, '/p/a%2Fb')).allowEncodedSlashes).toBe('Off');
  });
  test('AllowEncodedSlashes NoDecode stays without a matching section', () => {
    const c = compileApache('AllowEncodedSlashes NoDecode\n<Location /other>\n</Location>');
    expect(effectiveSettings(c, walkLocations(c, '/p/a%2Fb')).allowEncodedSlashes).toBe('NoDecode');
  });
  test('a <Location> UseCanonicalName On overrides the vhost (§5 ✔ https vhost row)', () => {
    const c = compileApache('ServerName https://secure.test\n<Location /app>\nUseCanonicalName On\n</Location>');
    expect(effectiveSettings(c, walkLocations(c, '/app/x')).useCanonicalName).toBe('On');
  });
  test('defaults: UseCanonicalName Off, ProxyAddHeaders On, ProxyPreserveHost Off', () => {
    const s = effectiveSettings(compileApache(''), []);
    expect([s.useCanonicalName, s.proxyAddHeaders, s.proxyPreserveHost]).toEqual(['Off', true, false]);
  });
});

// ap_location_walk reuses its last result for the same slash-merged URI, while <LocationMatch>
// tests r->uri as it is: with MergeSlashes Off, a servlet mapping that only merged the slashes of
// r->uri leaves the sections of the first walk (observed on 2.4.71, Host: rev.test:8080).
describe('the location walk cache', () => {
  const B = 'http://127.0.0.1:29181';
  const cfg = (ms: string) => `${ms}ProxyPass /app/ ${B}/s/ mapping=servlet\n<LocationMatch "^/app">\n  ProxyPreserveHost On\n</LocationMatch>`;
  const rows: [config: string, target: string, host: string][] = [
    [cfg('MergeSlashes Off\n'), 'http://rev.test//app/', '127.0.0.1:29181'],
    [cfg('MergeSlashes Off\n'), 'http://rev.test.//app/', '127.0.0.1:29181'],
    [cfg(''), 'http://rev.test//app/', 'rev.test'],
    [cfg('MergeSlashes Off\n'), '//app/', 'rev.test:8080'],
    [cfg('MergeSlashes Off\n'), '/app//x', 'rev.test:8080'],
  ];
  for (const [config, target, host] of rows) {
    test(`${config.replace(/\n/g, ' | ')} :: ${target}`, () => {
      const x = prepareApache(compileApache(config), { target, headers: [['Host', 'rev.test:8080']], port: 8080 });
      expect(x.forward?.headers.find(([n]) => n === 'Host')?.[1]).toBe(host);
    });
  }
});
