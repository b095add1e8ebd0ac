import { describe, expect, test } from 'vitest';
import { compileApache } from '../../src/apache/config.js';
import { clientContext, constructUrl, isContextError } from '../../src/apache/context.js';
import { effectiveSettings, walkLocations } from '../../src/apache/sections.js';
import type { ClientRequest } from '../../src/core/types.js';

/** The absolute URL of `/app/x` built for the request, or the refusal status. */
function build(config: string, req: Partial<ClientRequest> & { host?: string | null }, path = '/app/x'): string {
  const c = compileApache(config);
  const target = req.target ?? path;
  const settings = effectiveSettings(c, walkLocations(c, path));
  const headers = req.headers ?? (req.host === null || req.host === undefined ? [] : ([['Host', req.host]] as [string, string][]));
  const ctx = clientContext(c, settings, { ...req, target, headers });
  return isContextError(ctx) ? String(ctx.status) : constructUrl(ctx, path);
}

type Row = [config: string, host: string | null, expected: string, extra?: Partial<ClientRequest>];

const rows: Row[] = [
  // §5 construct-url table (✔ rows)
  ['ServerName rev.test', 'rev.test:29180', 'http://rev.test:29180/app/x'],
  ['ServerName rev.test', 'rev.test', 'http://rev.test/app/x', { port: 29180 }],
  ['ServerName rev.test', 'REV.Test:29180', 'http://rev.test:29180/app/x'],
  ['ServerName rev.test', 'rev.test.:29180', 'http://rev.test:29180/app/x'],
  ['ServerName rev.test', 'rev.test:80', 'http://rev.test/app/x'],
  ['ServerName rev.test', 'rev.test:0080', 'http://rev.test/app/x'],
  ['ServerName rev.test', 'rev.test:443', 'http://rev.test:443/app/x'],
  ['ServerName rev.test', '[::1]:29180', 'http://[::1]:29180/app/x'],
  ['ServerName rev.test', '[::1]', 'http://[::1]/app/x'],
  ['ServerName rev.test', 'unknown.example:29180', 'http://unknown.example:29180/app/x'],
  ['ServerName rev.test', null, 'http://rev.test/app/x', { httpVersion: '1.0', port: 29180 }],
  ['ServerName rev.test', '', 'http://rev.test/app/x', { httpVersion: '1.0', port: 29180 }],
  ['ServerName rev.test', 'h.test:55', 'http://other.test:1234/app/x', { target: 'http://other.test:1234/p/x' }],
  ['UseCanonicalName On\nServerName ucn.test:8443', 'ucn-alias.test:29180', 'http://ucn.test:8443/app/x'],
  ['UseCanonicalName On\nServerName UcnNoPort.Test', 'ucnnp-alias.test:29180', 'http://UcnNoPort.Test/app/x'],
  ['ServerName https://secure.test', 'secure.test:29180', 'https://secure.test:29180/app/x'],
  ['ServerName https://secure.test', 'secure-alias.test', 'https://secure-alias.test/app/x'],
  ['ServerName https://secure.test', 'secure-alias.test:443', 'https://secure-alias.test/app/x'],
  ['ServerName https://secure.test', 'secure-alias.test:80', 'https://secure-alias.test:80/app/x'],
  ['ServerName https://secure.test\n<Location /app>\nUseCanonicalName On\n</Location>', 'any.test:29180', 'https://secure.test/app/x'],
  ['UseCanonicalName DNS\nServerName dns.test', 'dns.test:29180', 'http://localhost:29180/app/x'],
  ['UseCanonicalName DNS\nServerName dns.test', 'dns.test', 'http://localhost/app/x'],
  ['UseCanonicalPhysicalPort On\nServerName phys.test', 'phys.test', 'http://phys.test:29195/app/x', { port: 29195 }],
  ['UseCanonicalPhysicalPort On\nServerName phys.test', 'phys.test:1234', 'http://phys.test:1234/app/x', { port: 29195 }],
  ['UseCanonicalName On\nUseCanonicalPhysicalPort On\nServerName physon.test', 'physon.test:1234', 'http://physon.test:29195/app/x', { port: 29195 }],
  ['ServerName vport2.test:8000', 'vport2.test', 'http://vport2.test:8000/app/x'],
  ['ServerName vport2.test:8000', 'vport2.test:9999', 'http://vport2.test:9999/app/x'],
  // Host validation, observed on 2.4.71 (HttpProtocolOptions Strict)
  ['ServerName fwd.test', 'A.TEST.', 'http://a.test/app/x'],
  ['ServerName fwd.test', 'a.test..', '400'],
  ['ServerName fwd.test', 'a..test', '400'],
  ['ServerName fwd.test', 'a.test:', '400'],
  ['ServerName fwd.test', 'a.test:65535', 'http://a.test:65535/app/x'],
  ['ServerName fwd.test', 'a.test:65536', '400'],
  ['ServerName fwd.test', 'a.test:x', '400'],
  ['ServerName fwd.test', 'a.test:-1', '400'],
  ['ServerName fwd.test', '[::1]:81', 'http://[::1]:81/app/x'],
  ['ServerName fwd.test', '[::1', '400'],
  ['ServerName fwd.test', '[::1]x', '400'],
  ['ServerName fwd.test', '[fe80::1%25eth0]', '400'],
  ['ServerName fwd.test', '::1', '400'],
  ['ServerName fwd.test', '1.2.3.4', 'http://1.2.3.4/app/x'],
  ['ServerName fwd.test', '1.2.3', '400'],
  ['ServerName fwd.test', '01.2.3.4', '400'],
  ['ServerName fwd.test', '1.2.3.4.5', '400'],
  ['ServerName fwd.test', '123', '400'],
  ['ServerName fwd.test', '1a.test', 'http://1a.test/app/x'],
  ['ServerName fwd.test', 'a.1test', '400'],
  ['ServerName fwd.test', 'a.test1', 'http://a.test1/app/x'],
  ['ServerName fwd.test', 'a_b.test', 'http://a_b.test/app/x'],
  ['ServerName fwd.test', 'a~b.test', '400'],
  ['ServerName fwd.test', 'a b', '400'],
  ['ServerName fwd.test', 'a/b', '400'],
  ['ServerName fwd.test', 'a\\b', '400'],
  ['ServerName fwd.test', '.a.test', 'http://.a.test/app/x'],
  ['ServerName fwd.test', '.', '400'],
  ['ServerName fwd.test', 'a.test, b.test', '400'],
  ['ServerName fwd.test', '-a.test', 'http://-a.test/app/x'],
  ['ServerName fwd.test', '256.1.1.1', 'http://256.1.1.1/app/x'],
  ['ServerName fwd.test', '1.2.3.4.', 'http://1.2.3.4/app/x'],
  ['ServerName fwd.test', 'a.1', '400'],
  ['ServerName fwd.test', 'a.-b', '400'],
  ['ServerName fwd.test', 'é.test', '400'],
  ['ServerName fwd.test', ':80', '400'],
  ['ServerName fwd.test', 'a.test:80:80', '400'],
  ['ServerName fwd.test', '', '400'],
  ['ServerName fwd.test', null, '400'],
  ['ServerName fwd.test', null, '400', { headers: [['Host', 'a.test'], ['Host', 'b.test']] }],
  ['ServerName fwd.test', null, '400', { httpVersion: '1.0', headers: [['Host', 'a.test'], ['Host', 'b.test']] }],
  ['ServerName fwd.test', null, '400', { target: 'http://other.test/p/x' }],
  ['ServerName fwd.test', 'h', '400', { target: 'HTTP://u:p@Other.Test.:81/p/x?q' }],
  ['ServerName fwd.test', 'h', '400', { target: 'http://o..test/p/x' }],
  ['ServerName fwd.test', 'h', 'http://h/app/x', { target: 'https://o.test/p/x' }],
  ['ServerName fwd.test', 'h', '417', { headers: [['Host', 'h'], ['Expect', 'foo']] }],
  // hunt3 (observed live on 2.4.71): strict header parsing, trimmed Host, http(s) only
  ['ServerName rev.test', 'rev.test:29180  ', 'http://rev.test:29180/app/x'],
  ['ServerName rev.test', null, '400', { headers: [['Host', 'rev.test'], ['X@Y', '1']] }],
  ['ServerName rev.test', null, '400', { headers: [['Host', 'rev.test'], ['X{Y', '1']] }],
  ['ServerName rev.test', null, '400', { headers: [['Host', 'rev.test'], ['X-C', 'a\u0001b']] }],
  ['ServerName rev.test', null, '400', { headers: [['Host', 'rev.test'], ['X-C', 'a\u007fb']] }],
  ['ServerName rev.test', 'rev.test:29180', 'http://rev.test:29180/app/x', { target: 'HTTPS://rev.test/a' }],
  ['ServerName rev.test', 'rev.test:29180', '400', { target: 'httpx://rev.test/a' }],
  ['ServerName rev.test', 'rev.test:29180', '400', { target: 'ftp://rev.test/a' }],
  ['ServerName rev.test', 'rev.test:29180', '400', { target: 'ws://rev.test/a' }],
  ['ServerName rev.test', 'rev.test:29180', '400', { target: 'ftp:/a' }],
  ['ServerName rev.test', null, '417', { target: 'ftp://rev.test/a', headers: [['Host', 'rev.test'], ['Expect', 'x']] }],
  // an empty port in an absolute-form target is the scheme's port (observed: Location http://rev.test/z)
  ['ServerName rev.test:8080', 'rev.test:29180', 'http://rev.test/app/x', { target: 'http://rev.test:/a' }],
  ['ServerName rev.test:8080', 'rev.test', 'http://rev.test:8080/app/x', { target: 'http://rev.test/a' }],
];

describe('clientContext + constructUrl', () => {
  for (const [config, host, expected, extra] of rows) {
    test(`${config.replace(/\n/g, ' | ')} :: Host ${JSON.stringify(host)} ${extra ? JSON.stringify(extra) : ''}`, () => {
      expect(build(config, { host, ...extra })).toBe(expected);
    });
  }
});
