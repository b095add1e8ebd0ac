// Known deviations: where passreverse deliberately differs from the real server, declared as data
// with the reason. The replay and the live run accept a divergence only when one of these matches
// it; the live run prints this list; docs/oracle.md repeats it.

import type { DialectName, SimulateResult } from '../../src/core/types.js';
import type { OracleCase, Recording } from './case.js';
import { type Divergence, splitUrl } from './compare.js';

export interface Deviation {
  id: string;
  dialect: DialectName | 'both';
  reason: string;
  /** Whether this deviation explains divergence `d` of case `c` (placeholders filled). */
  matches(c: OracleCase, expected: Recording, actual: SimulateResult | { error: unknown }, d: Divergence): boolean;
}

const isResult = (a: SimulateResult | { error: unknown }): a is SimulateResult => !('error' in a);

export const DEVIATIONS: readonly Deviation[] = [
  {
    id: 'backend-name-resolution',
    dialect: 'both',
    reason:
      'A forward URL whose host is not the literal loopback backend (e.g. ProxyPass /app/ http://127.0.0.1:P, which glues the rest of the path onto the port: host "127.0.0.1:Px") makes the server resolve a name and fail (Apache 500 AH00898, nginx 502/500). Name resolution depends on DNS, so simulate reports the URL it would contact instead of the error.',
    matches: (_c, expected, actual, d) =>
      d.kind === 'forward-but-not-proxied' &&
      isResult(actual) &&
      actual.forward !== null &&
      expected.backend === null &&
      (expected.client?.status ?? 0) >= 500 &&
      !/^127\.0\.0\.1:\d+$/.test(splitUrl(actual.forward.url).authority),
  },
  {
    id: 'apache-local-trace-unknown-method',
    dialect: 'apache',
    reason:
      "Local content (a request no rule proxies) is not modelled: simulate gives response: null, which the harness takes as the empty document root (404, 403, 405, or 200 for OPTIONS). Apache's core also answers a local TRACE itself (TraceEnable On: 200 with a message/http echo of the request) and a method it does not know (lower-case `get`: 501 Not Implemented). Proxied TRACE and unknown methods are compared as usual.",
    matches: (c, expected, actual, d) =>
      d.kind === 'local-content-status' &&
      isResult(actual) &&
      actual.forward === null &&
      actual.response === null &&
      ((c.request.method === 'TRACE' && expected.client?.status === 200) ||
        (!HTTPD_METHODS.has(c.request.method) && expected.client?.status === 501)),
  },
  {
    id: 'nginx-return-444',
    dialect: 'nginx',
    reason:
      '`return 444` makes nginx close the connection without an answer. simulate says so (forward: null, response: null, reason "return 444: nginx closes the connection"; or, when an X-Accel-Redirect from the backend ends at a `return 444`, forward set and response: null); the harness reports every request the server did not answer as no-response-from-server, with nothing to compare it to.',
    matches: (_c, expected, actual, d) =>
      d.kind === 'no-response-from-server' &&
      expected.client === null &&
      isResult(actual) &&
      actual.response === null &&
      (actual.forward === null ? expected.backend === null && (actual.reason ?? '').includes('444') : expected.backend !== null),
  },
];

/** The methods httpd registers (ap_method_number_of): any other one is M_INVALID. */
const HTTPD_METHODS = new Set(
  ('GET HEAD PUT POST DELETE CONNECT OPTIONS TRACE PATCH PROPFIND PROPPATCH MKCOL COPY MOVE LOCK UNLOCK ' +
    'VERSION-CONTROL CHECKOUT UNCHECKOUT CHECKIN UPDATE LABEL REPORT MKWORKSPACE MKACTIVITY BASELINE-CONTROL MERGE').split(' '),
);

/** The deviation that explains `d`, if any. */
export function explain(
  c: OracleCase,
  expected: Recording,
  actual: SimulateResult | { error: unknown },
  d: Divergence,
): Deviation | undefined {
  return DEVIATIONS.find((x) => (x.dialect === 'both' || x.dialect === c.dialect) && x.matches(c, expected, actual, d));
}
