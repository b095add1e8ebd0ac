// What `apache2 -t` says of each configuration (checked on Apache httpd 2.4.71, Debian bookworm,
// with the text inside a <VirtualHost>): `null` when it is accepted, else the message after AH00526.
import { describe, expect, test } from 'vitest';
import { compileApache, hasGlob, normalizeWorkerName } from '../../src/apache/config.js';
import { ConfigError } from '../../src/core/errors.js';

/** What compileApache throws for `config` (or undefined when it accepts it). */
function refusal(config: string): unknown {
  try {
    compileApache(config);
  } catch (e) {
    return e;
  }
  return undefined;
}

const CHECKS: [config: string, refused: string | null, line?: number][] = [
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
  // hunt4: empty quoted words (TAKE123 / TAKE23 refuse an empty first, or first two, argument)
  ['ProxyPassReverseCookiePath /x/ ""', 'ProxyPassReverseCookiePath takes two or three arguments, Path rewrite rule for proxying cookies'],
  ['ProxyPassReverseCookiePath "" /x/', 'ProxyPassReverseCookiePath takes two or three arguments, Path rewrite rule for proxying cookies'],
  ['ProxyPassReverseCookieDomain a ""', 'ProxyPassReverseCookieDomain takes two or three arguments, Domain rewrite rule for proxying cookies'],
  ['ProxyPassReverseCookieDomain a b ""', null],
  ['ProxyPassReverse "" http://b/', 'ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour'],
  ['ProxyPassReverse /a/ ""', null],
  ['ProxyPassReverse /a/ http://b/ ""', null],
  ['<Location /x>\nProxyPassReverse ""\n</Location>', 'ProxyPassReverse takes one, two or three arguments, a virtual path and a URL for reverse proxy behaviour'],
  ['ServerName ""', 'ServerName takes one argument, The hostname and port of the server'],
  ['ServerName a b', 'ServerName takes one argument, The hostname and port of the server'],
  // FLAG directives read the first word only
  ['ProxyPreserveHost On extra', null],
  ['MergeSlashes On x', null],
  ['ProxyPreserveHost', 'ProxyPreserveHost must be On or Off'],
  // hunt4: set_worker_param on a new worker (httpd's message after "ProxyPass ")
  ['ProxyPass /a/ http://b/ keepalive=maybe', 'ProxyPass KeepAlive must be On|Off'],
  ['ProxyPass /a/ http://b/ keepalive=', 'ProxyPass KeepAlive must be On|Off'],
  ['ProxyPass /a/ http://b/ disablereuse=bogus', 'ProxyPass DisableReuse must be On|Off'],
  ['ProxyPass /a/ http://b/ enablereuse=x', 'ProxyPass EnableReuse must be On|Off'],
  ['ProxyPass /a/ http://b/ timeout=abc', 'ProxyPass Timeout must be at least one second'],
  ['ProxyPass /a/ http://b/ timeout=5x', null],
  ['ProxyPass /a/ http://b/ ttl=0', 'ProxyPass TTL must be at least one second'],
  ['ProxyPass /a/ http://b/ max=-1', 'ProxyPass Max must be a positive number'],
  ['ProxyPass /a/ http://b/ max=99999999999', null],
  ['ProxyPass /a/ http://b/ min=-1', 'ProxyPass Min must be a positive number'],
  ['ProxyPass /a/ http://b/ smax=-1', 'ProxyPass Smax must be a positive number'],
  ['ProxyPass /a/ http://b/ retry=-1', 'ProxyPass Retry must be a positive value'],
  ['ProxyPass /a/ http://b/ loadfactor=0', 'ProxyPass LoadFactor must be a number between 1..100'],
  ['ProxyPass /a/ http://b/ loadfactor=101', 'ProxyPass LoadFactor must be a number between 1..100'],
  ['ProxyPass /a/ http://b/ loadfactor=0.999', 'ProxyPass LoadFactor must be a number between 1..100'],
  ['ProxyPass /a/ http://b/ loadfactor=1.5', null],
  ['ProxyPass /a/ http://b/ acquire=abc', 'ProxyPass Acquire timeout has wrong format'],
  ['ProxyPass /a/ http://b/ acquire=0', 'ProxyPass Acquire must be at least one millisecond'],
  ['ProxyPass /a/ http://b/ acquire=', 'ProxyPass Acquire must be at least one millisecond'],
  ['ProxyPass /a/ http://b/ acquire=1', null],
  ['ProxyPass /a/ http://b/ acquire=1s', null],
  ['ProxyPass /a/ http://b/ iobuffersize=100', 'ProxyPass IOBufferSize must be >= 512 bytes, or 0 for system default.'],
  ['ProxyPass /a/ http://b/ iobuffersize=0', null],
  ['ProxyPass /a/ http://b/ receivebuffersize=511', 'ProxyPass ReceiveBufferSize must be >= 512 bytes, or 0 for system default.'],
  ['ProxyPass /a/ http://b/ addressttl=-1', null],
  ['ProxyPass /a/ http://b/ addressttl=2000ms', null],
  ['ProxyPass /a/ http://b/ addressttl=abc', 'ProxyPass AddressTTL must be -1 or a number of seconds not exceeding (2147483647)'],
  ['ProxyPass /a/ http://b/ addressttl=500ms', 'ProxyPass AddressTTL must be -1 or a number of seconds not exceeding (2147483647)'],
  ['ProxyPass /a/ http://b/ addressttl=-2', 'ProxyPass AddressTTL must be -1 or a number of seconds not exceeding (2147483647)'],
  ['ProxyPass /a/ http://b/ flushpackets=maybe', 'ProxyPass flushpackets must be on|off|auto'],
  ['ProxyPass /a/ http://b/ flushpackets=AUTO', null],
  ['ProxyPass /a/ http://b/ ping=abc', 'ProxyPass Ping/Pong timeout has wrong format'],
  ['ProxyPass /a/ http://b/ ping=5m', 'ProxyPass Ping/Pong timeout has wrong format'],
  ['ProxyPass /a/ http://b/ ping=0', 'ProxyPass Ping/Pong timeout must be at least one millisecond'],
  ['ProxyPass /a/ http://b/ ping=1ms', null],
  ['ProxyPass /a/ http://b/ connectiontimeout=abc', 'ProxyPass Connectiontimeout has wrong format'],
  ['ProxyPass /a/ http://b/ connectiontimeout=0', 'ProxyPass Connectiontimeout must be at least one millisecond.'],
  ['ProxyPass /a/ http://b/ connectiontimeout=1h', null],
  ['ProxyPass /a/ http://b/ responsefieldsize=-1', 'ProxyPass ResponseFieldSize must be greater than 0 bytes, or 0 for system default.'],
  ['ProxyPass /a/ http://b/ responsefieldsize=abc', null],
  ['ProxyPass /a/ http://b/ upgrade=ANY', null],
  ['ProxyPass /a/ http://b/ status=+H', null],
  // apache5: the checks set_worker_param makes that were left out (apache2 -t, 2.4.71)
  ['ProxyPass /a/ http://b/ status=X', 'ProxyPass Unknown status parameter option'],
  ['ProxyPass /a/ http://b/ status=h', null],
  ['ProxyPass /a/ http://b/ status=-D+e', null],
  ['ProxyPass /a/ http://b/ status=IOngudserhfc', null],
  ['ProxyPass /a/ http://b/ status=', null],
  ['ProxyPass /a/ http://b/ status=+', 'ProxyPass Unknown status parameter option'],
  ['ProxyPass /a/ http://b/ status=++H', 'ProxyPass Unknown status parameter option'],
  ['ProxyPass /a/ http://b/ status=H-', 'ProxyPass Unknown status parameter option'],
  ['ProxyPass /a/ http://b/ status=Hx', 'ProxyPass Unknown status parameter option'],
  ['ProxyPass /a/ http://b/ flushwait=1001', 'ProxyPass flushwait must be <= 1000, or 0 for system default of 10 millseconds.'],
  ['ProxyPass /a/ http://b/ flushwait=-1', 'ProxyPass flushwait must be <= 1000, or 0 for system default of 10 millseconds.'],
  ['ProxyPass /a/ http://b/ flushwait=1000', null],
  ['ProxyPass /a/ http://b/ flushwait=abc', null],
  ['ProxyPass /a/ http://b/ lbset=100', 'ProxyPass lbset must be between 0 and 99'],
  ['ProxyPass /a/ http://b/ lbset=-1', 'ProxyPass lbset must be between 0 and 99'],
  ['ProxyPass /a/ http://b/ lbset=99', null],
  [`ProxyPass /a/ http://b/ route=${'r'.repeat(64)}`, 'ProxyPass Route length must be < 64 characters'],
  [`ProxyPass /a/ http://b/ route=${'r'.repeat(63)}`, null],
  [`ProxyPass /a/ http://b/ route=${'é'.repeat(32)}`, 'ProxyPass Route length must be < 64 characters'],
  [`ProxyPass /a/ http://b/ redirect=${'r'.repeat(64)}`, 'ProxyPass Redirect length must be < 64 characters'],
  [`ProxyPass /a/ http://b/ secret=${'s'.repeat(64)}`, 'ProxyPass Secret length must be < 64 characters'],
  [`ProxyPass /a/ http://b/ secret=${'s'.repeat(63)}`, null],
  [`ProxyPass /a/ http://b/ flusher=${'f'.repeat(16)}`, 'ProxyPass flusher name length must be < 16 characters'],
  [`ProxyPass /a/ http://b/ flusher=${'f'.repeat(15)}`, null],
  [`ProxyPass /a/ http://b/ upgrade=${'u'.repeat(16)}`, 'ProxyPass upgrade protocol length must be < 16 characters'],
  [`ProxyPass /a/ http://b/ upgrade=${'u'.repeat(15)}`, null],
  ['<Proxy balancer://c>\nBalancerMember http://b/ status=Z\n</Proxy>', 'BalancerMember Unknown status parameter option'],
  ['<Proxy balancer://c>\nBalancerMember http://b/ lbset=100\n</Proxy>', 'BalancerMember lbset must be between 0 and 99'],
  // set_balancer_param: a ProxyPass to a balancer, checked on every such line
  ['ProxyPass /a/ balancer://x/ nofailover=maybe', 'ProxyPass failover must be On|Off'],
  ['ProxyPass /a/ balancer://x/ nofailover=ON', null],
  ['ProxyPass /a/ balancer://x/ growth=0', 'ProxyPass growth must be between 1 and 100'],
  ['ProxyPass /a/ balancer://x/ growth=101', 'ProxyPass growth must be between 1 and 100'],
  ['ProxyPass /a/ balancer://x/ growth=100', null],
  ['ProxyPass /a/ balancer://x/ lbmethod=bogus', 'ProxyPass unknown lbmethod'],
  ['ProxyPass /a/ balancer://x/ lbmethod=BYREQUESTS', 'ProxyPass unknown lbmethod'],
  ['ProxyPass /a/ balancer://x/ lbmethod=', 'ProxyPass unknown lbmethod'],
  ['ProxyPass /a/ balancer://x/ lbmethod=byrequests', null],
  ['ProxyPass /a/ balancer://x/ timeout=0', 'ProxyPass timeout must be at least one second'],
  ['ProxyPass /a/ balancer://x/ timeout=abc', 'ProxyPass timeout must be at least one second'],
  ['ProxyPass /a/ balancer://x/ maxattempts=-1', 'ProxyPass maximum number of attempts must be a positive number'],
  ['ProxyPass /a/ balancer://x/ maxattempts=0', null],
  ['ProxyPass /a/ balancer://x/ maxattempts=abc', null],
  [`ProxyPass /a/ balancer://x/ stickysession=${'j'.repeat(80)}`, null],
  ['ProxyPass /a/ balancer://x/ stickysession=JSESSIONID|jsessionid', null],
  ['ProxyPass /a/ balancer://x/ stickysessionsep=ab', 'ProxyPass stickysessionsep must be a single character or Off'],
  ['ProxyPass /a/ balancer://x/ stickysessionsep=', 'ProxyPass stickysessionsep must be a single character or Off'],
  ['ProxyPass /a/ balancer://x/ stickysessionsep=é', 'ProxyPass stickysessionsep must be a single character or Off'],
  ['ProxyPass /a/ balancer://x/ stickysessionsep=OFF', null],
  ['ProxyPass /a/ balancer://x/ stickysessionsep=.', null],
  ['ProxyPass /a/ balancer://x/ scolonpathdelim=x', 'ProxyPass scolonpathdelim must be On|Off'],
  ['ProxyPass /a/ balancer://x/ failonstatus=600', 'ProxyPass failonstatus must be one or more HTTP response codes'],
  ['ProxyPass /a/ balancer://x/ failonstatus=99', 'ProxyPass failonstatus must be one or more HTTP response codes'],
  ['ProxyPass /a/ balancer://x/ failonstatus=500,abc', 'ProxyPass failonstatus must be one or more HTTP response codes'],
  ['ProxyPass /a/ balancer://x/ failonstatus=500,503', null],
  ['ProxyPass /a/ balancer://x/ failonstatus=500,,503', null],
  ['ProxyPass /a/ balancer://x/ failonstatus=', null],
  ['ProxyPass /a/ balancer://x/ failonstatus=599x', null],
  ['ProxyPass /a/ balancer://x/ failontimeout=maybe', 'ProxyPass failontimeout must be On|Off'],
  ['ProxyPass /a/ balancer://x/ forcerecovery=maybe', 'ProxyPass forcerecovery must be On|Off'],
  ['ProxyPass /a/ balancer://x/ nonce=None', null],
  [`ProxyPass /a/ balancer://x/ nonce=${'n'.repeat(37)}`, 'ProxyPass Provided nonce is too large'],
  [`ProxyPass /a/ balancer://x/ nonce=${'n'.repeat(36)}`, null],
  ['ProxyPass /a/ balancer://x/ growth=0 bogus=1', 'ProxyPass growth must be between 1 and 100'],
  ['ProxyPass /a/ balancer://x/ bogus=1 growth=0', 'ProxyPass unknown Balancer parameter'],
  ['ProxyPass /b/ balancer://x/\nProxyPass /a/ balancer://x/ growth=0', 'ProxyPass growth must be between 1 and 100', 2],
  ['ProxyPass /b/ balancer://x/\nProxyPass /a/ balancer://x/ LBMETHOD=byrequests Growth=5', null],
  ['ProxyPass /a/ http://b/ hcmethod=GET', 'ProxyPass unknown Worker parameter'],
  // the table keeps one value per key (the last) in the first one's place, checked in that order
  ['ProxyPass /a/ http://b/ timeout=3 timeout=abc', 'ProxyPass Timeout must be at least one second'],
  ['ProxyPass /a/ http://b/ timeout=abc timeout=3', null],
  ['ProxyPass /a/ http://b/ max=-1 ttl=0', 'ProxyPass Max must be a positive number'],
  ['ProxyPass /a/ http://b/ ttl=0 max=-1', 'ProxyPass TTL must be at least one second'],
  ['ProxyPass /a/ http://b/ bogus=1 max=-1', 'ProxyPass unknown Worker parameter'],
  // a worker shared with an earlier rule reads no parameter at all (AH01146)
  ['ProxyPass /b http://b\nProxyPass /x/ http://b/mem hcmethod=GET', null],
  ['ProxyPass /b http://b\nProxyPass /x/ http://b/mem max=-1 =x', null],
  ['<Proxy balancer://c>\nBalancerMember http://b/ max=-1\n</Proxy>', 'BalancerMember Max must be a positive number'],
  ['<Proxy balancer://c>\nBalancerMember http://b/\nBalancerMember http://b/ max=-1\n</Proxy>', null],
  ['<Proxy balancer://c>\nBalancerMember http://b/x\nBalancerMember http://b/ max=-1\n</Proxy>', 'BalancerMember Max must be a positive number', 3],
  ['<Proxy balancer://c>\nBalancerMember http://b/ addressttl=0\n</Proxy>', null],
  // add_member: key=value words anywhere; a third plain word
  ['BalancerMember balancer://x route=1 http://b/', null],
  ['BalancerMember route=1 balancer://x http://b/', null],
  ['BalancerMember balancer://x http://b/ route=1 Route=2', null],
  ['BalancerMember balancer://x', 'BalancerMember must define remote proxy server'],
  ["BalancerMember balancer://x http://b/ foo", "Invalid BalancerMember parameter. Parameter must be in the form 'key=value'"],
  ['<Proxy balancer://c>\nBalancerMember http://b/ foo\n</Proxy>', 'BalancerMember can not have a balancer name when defined in a location'],
  ['<Location /x>\nBalancerMember http://b/\n</Location>', 'BalancerMember Bad syntax for a balancer name (/x)'],
  // apache5: a balancer name need not be balancer:// (ap_proxy_define_balancer wants `scheme://x`)
  ['BalancerMember http://b/ http://c/', null],
  ['BalancerMember HTTP://B/x http://c/', null],
  ['BalancerMember http://b/ http://c/ max=-1', 'BalancerMember Max must be a positive number'],
  ['BalancerMember http://b/ http://c/\nBalancerMember http://b/ http://c/ max=-1', null],
  ['BalancerMember http://b/ http://c/ lbmethod=byrequests', 'BalancerMember unknown Worker parameter'],
  ['BalancerMember http://b/ unix:/tmp/s', 'BalancerMember URL must be absolute!: unix:/tmp/s'],
  ['BalancerMember balancer:///x http://c/', null],
  ['BalancerMember http:// http://c/', 'BalancerMember Bad syntax for a balancer name (http://)'],
  ['BalancerMember http:/b http://c/', 'BalancerMember Bad syntax for a balancer name (http:/b)'],
  ['BalancerMember foo http://c/', 'BalancerMember Bad syntax for a balancer name (foo)'],
  ['<Proxy http://b/>\nBalancerMember http://c/\n</Proxy>', null],
  ['<Proxy http://b/>\nBalancerMember http://c/ max=-1\n</Proxy>', 'BalancerMember Max must be a positive number'],
  ['<Proxy proxy:balancer://x>\nBalancerMember http://c/ max=-1\n</Proxy>', 'BalancerMember Max must be a positive number'],
  ['<ProxyMatch ^http://b/>\nBalancerMember http://c/\n</ProxyMatch>', null],
  ['<Location http://b/>\nBalancerMember http://c/\n</Location>', null],
  // messages name the directive as httpd spells it; SetEnvIf reads words up to an empty one
  ['proxypreservehost maybe', 'ProxyPreserveHost must be On or Off'],
  ['mergeslashes', 'MergeSlashes must be On or Off'],
  ['proxypassreversecookiepath /a/', 'ProxyPassReverseCookiePath takes two or three arguments, Path rewrite rule for proxying cookies'],
  ['SetEnvIf', 'Missing header-field name for SetEnvIf'],
  ['SetEnvIf a', 'Missing regular expression for SetEnvIf'],
  ['SetEnvIf Request_URI ^/x', 'Missing envariable expression for SetEnvIf'],
  ['setenvifnocase Request_URI', 'Missing regular expression for SetEnvIfNoCase'],
  ['SetEnvIf "" a b', 'Missing header-field name for SetEnvIf'],
  ['SetEnvIf a "" b', 'Missing regular expression for SetEnvIf'],
  ['SetEnvIf Request_URI x ""', 'Missing envariable expression for SetEnvIf'],
  ['SetEnvIf Request_URI x A "" B', null],
];

// Refused by httpd with `<name> takes one argument, <the directive's help text>` (invoke_cmd),
// the name as the module spells it.
const ARITY: [config: string, refused: string][] = [
  ['AllowEncodedSlashes On x', "AllowEncodedSlashes takes one argument, Allow URLs containing '/' encoded as '%2F'"],
  ['AllowEncodedSlashes ""', "AllowEncodedSlashes takes one argument, Allow URLs containing '/' encoded as '%2F'"],
  ['UseCanonicalName On x', 'UseCanonicalName takes one argument, How to work out the ServerName : Port when constructing URLs'],
  ['UseCanonicalName ""', 'UseCanonicalName takes one argument, How to work out the ServerName : Port when constructing URLs'],
  ['ProxyVia ""', 'ProxyVia takes one argument, Configure Via: proxy header header to one of: on | off | block | full'],
  ['ProxyVia On Off', 'ProxyVia takes one argument, Configure Via: proxy header header to one of: on | off | block | full'],
  ['usecanonicalname On x', 'UseCanonicalName takes one argument, How to work out the ServerName : Port when constructing URLs'],
  ['proxyvia On x', 'ProxyVia takes one argument, Configure Via: proxy header header to one of: on | off | block | full'],
  ['allowencodedslashes On x', "AllowEncodedSlashes takes one argument, Allow URLs containing '/' encoded as '%2F'"],
];
describe('apache2 -t: TAKE1 arity', () => {
  for (const [config, refused] of ARITY) {
    test(config, () => {
      const error = refusal(config);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).reason).toBe(refused);
    });
  }
});

describe('apache2 -t', () => {
  for (const [config, refused, line] of CHECKS) {
    test(config.replace(/\n/g, ' | '), () => {
      if (refused === null) {
        expect(() => compileApache(config)).not.toThrow();
        return;
      }
      const error = refusal(config);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as ConfigError).reason).toBe(refused);
      expect((error as ConfigError).line).toBe(line ?? (config.split('\n').findIndex((l) => !l.startsWith('<')) + 1 || 1));
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
    // apr_uri_unparse keeps the port as written (hunt4, live: the worker never fits :29181)
    ['http://127.0.0.1:029181/x/', 'http://127.0.0.1:029181/x/'],
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
