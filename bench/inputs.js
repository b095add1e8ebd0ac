// Realistic inputs, built once before anything is timed. Every array has a power-of-two length so
// that a scenario rotates through it with `i = (i + 1) & mask`, mixing matching and non-matching
// values and keeping the JIT from folding one constant input.

/**
 * A flat copy of `s`, as Node's HTTP parser hands header values over (decoded from a buffer).
 * Strings built by concatenation are ropes, which every implementation would read more slowly.
 */
export function flat(s) {
  return Buffer.from(s, 'latin1').toString('latin1');
}

/** `n` services, one ProxyPass / ProxyPassReverse pair each: `/svcK/` <-> `http://svcK.internal:8080/`. */
export function serviceTable(n, extra = '') {
  const lines = [];
  for (let k = 0; k < n; k++) {
    lines.push(`ProxyPass        /svc${k}/ http://svc${k}.internal:8080/`);
    lines.push(`ProxyPassReverse /svc${k}/ http://svc${k}.internal:8080/`);
  }
  return lines.join('\n') + '\n' + extra;
}

export const PUBLIC_ORIGIN = 'https://www.example.com';

/** The client request every service-table exchange is prepared with. */
export function serviceRequest(k) {
  return { target: `/svc${k}/login`, scheme: 'https', headers: [['Host', 'www.example.com']] };
}

const PATHS = [
  'login?next=%2Fhome',
  'account/settings',
  '',
  'orders/2026/10/21?page=3&sort=desc',
  'static/app.9f1c2b.js',
  'auth/callback?code=8c1a0f&state=xyz',
  'index.html',
  'a/b/c/d/e/f',
];

/**
 * Location values that match rule `k` of a service table, each paired with what the floor needs to
 * know: the lower-cased backend prefix and the public prefix. Host case varies as real backends do.
 */
export function locationHits(rulesOf) {
  const out = [];
  for (let i = 0; i < 16; i++) {
    const k = rulesOf(i);
    const real = `http://svc${k}.internal:8080/`;
    const value = (i % 4 === 3 ? `http://SVC${k}.Internal:8080/` : real) + PATHS[i % PATHS.length];
    out.push({ value: flat(value), real: flat(real), public: flat(`${PUBLIC_ORIGIN}/svc${k}/`) });
  }
  return out;
}

/** Location values no rule of a service table matches (already public, relative, foreign, near miss). */
export const LOCATION_MISSES = /** @type {string[]} */ ([
  'https://www.example.com/svc3/login',
  '/relative/login?next=%2F',
  'http://cdn.example.net/assets/app.js',
  'http://svc3.internal:9090/other-port',
  'https://accounts.example.org/o/oauth2/auth?client_id=abc&redirect_uri=https%3A%2F%2Fwww.example.com',
  'http://svc.internal:8080/no-number',
  'login.html',
  'http://svc12.internal:8080/not-in-a-10-table',
]).map(flat);

/** Cookie rules and values for the one-Set-Cookie scenario (rule set of service 3). */
export const COOKIE_RULES = 'ProxyPassReverseCookiePath / /svc3/\nProxyPassReverseCookieDomain svc3.internal www.example.com\n';
export const COOKIE_FLOOR = { path: '/', pathTo: '/svc3/', domain: 'svc3.internal', domainTo: 'www.example.com' };
export const SET_COOKIES = /** @type {string[]} */ ([
  'sid=8c1a0f2e9d; Path=/; Domain=svc3.internal; HttpOnly; Secure; SameSite=Lax',
  'theme=dark; Path=/prefs; Max-Age=31536000',
  'csrf=Zm9vYmFy; Domain=svc3.internal; Path=/; Secure',
  'tracking=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
  'lang=en-GB; Path=/; Max-Age=86400; SameSite=Strict',
  'session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc; Path=/; HttpOnly',
  'a=1',
  'remember=yes; Domain=other.example; Path=/; Max-Age=2592000',
]).map(flat);

/** A whole 302 from the backend: 10 header lines, three of them Set-Cookie. */
export function redirectResponse(location, cookies) {
  const pairs = [
    ['Date', 'Wed, 21 Oct 2026 07:28:00 GMT'],
    ['Server', 'nginx/1.22.1'],
    ['Content-Type', 'text/html; charset=utf-8'],
    ['Content-Length', '0'],
    ['Location', location],
    ['Cache-Control', 'no-store'],
    ['Connection', 'keep-alive'],
    ['Set-Cookie', cookies[0]],
    ['Set-Cookie', cookies[1]],
    ['Set-Cookie', cookies[2]],
  ];
  return pairs.map(([n, v]) => [flat(n), flat(v)]);
}

// Like-for-like with the peers: one backend, host/scheme swap of Location, exact Domain/Path.
export const PEER_CONFIG = `ProxyPass / http://backend.internal:8080/
ProxyPassReverse / http://backend.internal:8080/
ProxyPassReverseCookieDomain backend.internal front.example
ProxyPassReverseCookiePath /app /
`;
export const PEER_REQUEST = { target: '/app/x', scheme: 'https', port: 8443, headers: [['Host', 'front.example:8443']] };
export const PEER_OPTIONS = {
  target: 'http://backend.internal:8080',
  autoRewrite: true,
  protocolRewrite: 'https',
  cookieDomainRewrite: { 'backend.internal': 'front.example' },
  cookiePathRewrite: { '/app': '/' },
};
export const PEER_LOCATIONS = /** @type {string[]} */ ([
  'http://backend.internal:8080/app/a?x=1',
  'http://backend.internal:8080/login?next=%2Fapp%2F',
  'https://elsewhere.example/x',
  'http://backend.internal:8080/',
  'http://backend.internal:8080/app/orders/2026/10/21?page=3',
  'http://cdn.example.net/app.js',
  'http://backend.internal:8080/app/b#frag',
  'https://front.example:8443/app/already',
]).map(flat);
export const PEER_COOKIES = [
  ['sid=8c1a0f2e9d; Path=/app; Domain=backend.internal; HttpOnly', 'pref=dark; Path=/app; Max-Age=3600', 'csrf=Zm9v; Domain=backend.internal; Secure'],
  ['a=1; Path=/app', 'b=2; Domain=other.example', 'c=3'],
].map((list) => list.map(flat));

/** A 1,000-line configuration: sections, balancers, every directive family the compiler reads. */
export function thousandLines() {
  const lines = ['ServerName www.example.com', 'ProxyVia On', 'ProxyPreserveHost On'];
  let k = 0;
  while (lines.length < 994) {
    switch (k % 5) {
      case 0:
        lines.push(`ProxyPass /s${k}/ http://s${k}.internal:8080/ retry=0 timeout=5`, `ProxyPassReverse /s${k}/ http://s${k}.internal:8080/`);
        break;
      case 1:
        lines.push(`<Location /l${k}/>`, `ProxyPass http://l${k}.internal/`, `ProxyPassReverse http://l${k}.internal/`, `ProxyPassReverseCookiePath / /l${k}/`, '</Location>');
        break;
      case 2:
        lines.push(`ProxyPassMatch ^/m${k}/(.*\\.php)$ http://php${k}.internal:9000/$1`);
        break;
      case 3:
        lines.push(`<Proxy balancer://b${k}>`, `BalancerMember http://b${k}a.internal:8080`, `BalancerMember http://b${k}b.internal:8080`, '</Proxy>', `ProxyPass /b${k}/ balancer://b${k}/`, `ProxyPassReverse /b${k}/ balancer://b${k}/`);
        break;
      default:
        lines.push(`ProxyPassReverseCookieDomain s${k}.internal www.example.com`, `ProxyPass /x${k}/ !`);
    }
    k++;
  }
  while (lines.length < 1000) lines.push(`ProxyPassReverseCookiePath /p${lines.length}/ /`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// nginx: the same services behind one `location /`, proxy_redirect rules written out per service.

/**
 * One `location /` proxying to service 0, with `n` explicit `proxy_redirect http://svcK.internal:8080/
 * /svcK/;` lines (nginx compares their prefix case-sensitively, ngx_strncmp) and `extra` inside.
 */
export function nginxRedirectConfig(n, extra = '') {
  const lines = ['location / {', '    proxy_pass http://svc0.internal:8080;'];
  for (let k = 0; k < n; k++) lines.push(`    proxy_redirect http://svc${k}.internal:8080/ /svc${k}/;`);
  return lines.join('\n') + '\n' + extra + '}\n';
}

/** `n` prefix locations, one per service: `location /svcK/ { proxy_pass http://svcK.internal:8080/; }`. */
export function nginxLocationTable(n) {
  const lines = [];
  for (let k = 0; k < n; k++) lines.push(`location /svc${k}/ { proxy_pass http://svc${k}.internal:8080/; }`);
  return lines.join('\n');
}

/**
 * Location values matching rule `k` of an nginx redirect table byte for byte (a host in another case
 * is no match for nginx), with the backend prefix and the absolute public prefix nginx sends instead.
 */
export function nginxLocationHits(rulesOf) {
  const out = [];
  for (let i = 0; i < 16; i++) {
    const k = rulesOf(i);
    const real = `http://svc${k}.internal:8080/`;
    out.push({ value: flat(real + PATHS[i % PATHS.length]), real: flat(real), public: flat(`${PUBLIC_ORIGIN}/svc${k}/`) });
  }
  return out;
}

/** Location values no rule of a 10-rule nginx table matches: the Apache misses, a host in another case, no slash. */
export const NGINX_LOCATION_MISSES = /** @type {string[]} */ ([
  'https://www.example.com/svc3/login',
  '/relative/login?next=%2F',
  'http://SVC3.Internal:8080/login?next=%2Fhome',
  'http://svc3.internal:9090/other-port',
  'https://accounts.example.org/o/oauth2/auth?client_id=abc&redirect_uri=https%3A%2F%2Fwww.example.com',
  'http://svc3.internal:8080',
  'http://cdn.example.net/assets/app.js',
  'http://svc12.internal:8080/not-in-a-10-table',
]).map(flat);

/** Cookie rules of the nginx Set-Cookie scenario (service 3 mounted under /svc3/). */
export const NGINX_COOKIE_RULES = '    proxy_cookie_path / /svc3/;\n    proxy_cookie_domain svc3.internal www.example.com;\n';
/** What the nginx cookie floor is told: a path prefix replaced, a whole domain replaced. */
export const NGINX_COOKIE_FLOOR = { path: '/', pathTo: '/svc3/', domain: 'svc3.internal', domainTo: 'www.example.com' };

/** A 1,000-line `server { }` body: upstreams, prefix / exact / regex locations, every proxy_* family the compiler reads. */
export function nginxThousandLines() {
  const lines = ['server_name www.example.com example.com;', 'listen 443 ssl;', 'absolute_redirect on;'];
  let k = 0;
  while (lines.length < 994) {
    switch (k % 5) {
      case 0:
        lines.push(
          `location /s${k}/ {`,
          `    proxy_pass http://s${k}.internal:8080/;`,
          `    proxy_set_header Host $host;`,
          `    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`,
          '}',
        );
        break;
      case 1:
        lines.push(
          `upstream u${k} {`,
          `    server u${k}a.internal:8080;`,
          `    server u${k}b.internal:8080;`,
          '}',
          `location /u${k}/ {`,
          `    proxy_pass http://u${k};`,
          `    proxy_redirect http://u${k}/ /u${k}/;`,
          `    proxy_cookie_path / /u${k}/;`,
          `    proxy_cookie_domain u${k}.internal www.example.com;`,
          '}',
        );
        break;
      case 2:
        lines.push(`location ~ ^/m${k}/(.*\\.php)$ {`, `    proxy_pass http://php${k}.internal:9000;`, '}');
        break;
      case 3:
        lines.push(`location = /e${k} {`, `    proxy_pass http://e${k}.internal:8080/exact;`, `    proxy_hide_header X-Powered-By;`, '}');
        break;
      default:
        lines.push(`location /r${k}/ {`, `    rewrite ^/r${k}/(.*)$ /s${k - 4}/$1 last;`, '}');
    }
    k++;
  }
  while (lines.length < 1000) lines.push(`location = /p${lines.length} { return 204; }`);
  return lines.join('\n');
}
