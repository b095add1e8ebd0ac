import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
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
