// The comparison between a recording of the real server and `simulate`, with the normalisation
// rules stated once here (and in the corpus header, and in docs/oracle.md).

import type { DialectName, HeaderList, SimulateResult } from '../../src/core/types.js';
import { type OracleCase, type Recording } from './case.js';

/** Response headers the server writes itself, whatever the backend sent: dropped from the recording. */
export const ALWAYS_DROPPED: Record<DialectName, readonly string[]> = {
  // Apache frames the body itself (the backend sends none: empty body ended by close) and owns the
  // client connection. Date and Server: see BACKEND_OR_SERVER.
  apache: ['Content-Length', 'Transfer-Encoding', 'Connection', 'Keep-Alive'],
  // nginx hides the backend's Date and Server (proxy_hide_header default) and writes its own:
  // see SERVER_OWN (a backend's line passed by proxy_pass_header is compared).
  nginx: ['Content-Length', 'Transfer-Encoding', 'Connection', 'Keep-Alive'],
};

/**
 * Lines the server writes from its own state, recognised by name and value: nginx's `Server`
 * (server_tokens on) and its `Date` (normalised to {{SERVER_DATE}}). A `Date` or `Server` the
 * backend sent, passed by `proxy_pass_header`, has another value and is compared.
 */
export const SERVER_OWN: Record<DialectName, readonly (readonly [string, string])[]> = {
  // Apache writes its own Date / Server also when the backend's were removed (named in Connection).
  apache: [['server', 'Apache/2.4.71 (Debian)'], ['date', '{{SERVER_DATE}}']],
  nginx: [['server', 'nginx/1.22.1'], ['date', '{{SERVER_DATE}}']],
};

/** Apache keeps the backend's Date/Server when it sent one, and writes its own otherwise. */
export const BACKEND_OR_SERVER: Record<DialectName, readonly string[]> = { apache: ['Date', 'Server'], nginx: [] };

/**
 * nginx writes Content-Length itself, from the number it parsed out of the backend's last
 * Content-Length line: compared (not dropped) when the backend sent such a line.
 */
export const FROM_BACKEND_LENGTH: Record<DialectName, readonly string[]> = { apache: [], nginx: ['Content-Length'] };

/** The normalisation rules, as written into the corpus header. */
export function normalisationRules(dialect: DialectName): { normalisation: string[]; dropped: string[] } {
  return {
    normalisation: [
      'Per-run values are stored as placeholders: {{PORT}} (the port the server listened on for the case), {{BACKEND_PORT}} (the case\'s own backend port), {{UP}} (nginx upstream name, unique per case in a batch). Replay fills them with PORT=18080, BACKEND_PORT=18081, UP=upstream_a in both the case and the recording.',
      "The server's own Date line (written from its clock) is stored as {{SERVER_DATE}}.",
      'Header lines are split at the first colon; the name is kept byte for byte, the value is the rest minus the one SP the servers write after the colon (other blanks are kept). Text is UTF-8 on the wire both ways (a raw non-ASCII character in a case is sent as its UTF-8 bytes).',
      'The response body is never recorded (the backend sends an empty body ended by closing the connection).',
      ...(dialect === 'nginx'
        ? [
            'The backend answers TLS too (proxy_pass https://...: a throw-away self-signed certificate; nginx does not verify it), with the same lines.',
            "The client skips nginx's own leading bare 'HTTP/1.1 100 Continue' block (its interim answer to Expect: 100-continue, never with header lines) and records the final response.",
          ]
        : []),
    ],
    dropped: [
      `Client response, always dropped: ${ALWAYS_DROPPED[dialect].join(', ')}.`,
      ...(dialect === 'nginx' ? ['Client response: the server\'s own Server (nginx/1.22.1) and Date ({{SERVER_DATE}}) lines are dropped; a backend Date or Server line passed by proxy_pass_header is compared.'] : []),
      ...(dialect === 'apache'
        ? [
            'Client response: Date and Server are dropped when the backend response had no line of that name (Apache then writes its own); otherwise the backend\'s (canonicalised) line is compared.',
            "simulate's response: the backend's Content-Length / Transfer-Encoding lines it passes on are not compared (framing, like the server's own).",
            "When simulate says Apache answers the backend's response itself ({ status >= 500, headers: [] }: a non-token header name, an unreadable Content-Length, a line over 8 KiB, a 1xx the client is not sent), only the status is compared.",
          ]
        : [
            'Client response: Content-Length is compared, not dropped, when the backend response had a Content-Length line (nginx writes it from the number it parsed there).',
            'A backend line that starts with SP/HT is given to simulate as a line of its own (nginx knows no obs-fold), not appended to the previous value.',
            'nginx\'s own page (an error such as the 502 for an invalid backend line, or an answer reached through X-Accel-Redirect) carries Content-Type: text/html (text/plain for `return 200 text`) and its own Content-Length, which simulate does not invent: when simulate answers with a status other than the backend\'s, after an X-Accel-Redirect line or with a bare 5xx, and gives no Content-Type, those two recorded lines are dropped.',
          ]),
      'When the request did not reach the backend, only the status and any Location line of the server\'s own answer are compared.',
    ],
  };
}

/** One difference between the server and `simulate`. */
export interface Divergence {
  /** A short machine-friendly kind, used to group and to shrink. */
  kind: string;
  expected: unknown;
  actual: unknown;
}

const lower = (s: string) => s.toLowerCase();

function hasLine(lines: OracleCase['response']['lines'], name: string): boolean {
  return lines.some((l) => {
    const n = Array.isArray(l) ? l[0] : l.raw.slice(0, Math.max(0, l.raw.indexOf(':')));
    return lower(n) === lower(name);
  });
}

/** The recorded client headers without those the server invents (see normalisationRules). */
export function comparableResponseHeaders(c: OracleCase, headers: HeaderList): HeaderList {
  const drop = new Set(ALWAYS_DROPPED[c.dialect].map(lower));
  for (const n of BACKEND_OR_SERVER[c.dialect]) if (!hasLine(c.response.lines, n)) drop.add(lower(n));
  for (const n of FROM_BACKEND_LENGTH[c.dialect]) if (hasLine(c.response.lines, n)) drop.delete(lower(n));
  const own = SERVER_OWN[c.dialect];
  return headers.filter(([n, v]) => !drop.has(lower(n)) && !own.some(([on, ov]) => on === lower(n) && ov === v));
}

/**
 * nginx's own page (an error such as the 502 for an invalid backend line, a `return` or local
 * content reached through X-Accel-Redirect) carries `Content-Type: text/html` and its own
 * Content-Length, which `simulate` does not invent. When `simulate` answers with a status other
 * than the backend's, or after an X-Accel-Redirect line, or with a bare 5xx, and gives no
 * Content-Type, those two recorded lines are dropped.
 */
// text/html for error pages, text/plain (default_type) for `return 200 text`
const OWN_PAGE_TYPE = /^text\/(html|plain)(; charset=.*)?$/;

export function withoutOwnPageType(c: OracleCase, simulated: { status: number; headers: HeaderList }, recorded: HeaderList): HeaderList {
  if (c.dialect !== 'nginx' || simulated.headers.some(([n]) => lower(n) === 'content-type')) return recorded;
  const own =
    simulated.status !== c.response.status ||
    hasLine(c.response.lines, 'x-accel-redirect') ||
    (simulated.headers.length === 0 && simulated.status >= 500);
  if (!own) return recorded;
  // (with a charset a backend Content-Type line left behind: `text/html; charset=utf-8`)
  const i = recorded.findIndex(([n, v]) => lower(n) === 'content-type' && OWN_PAGE_TYPE.test(v));
  if (i < 0) return recorded;
  return recorded.filter(([n], k) => k !== i && lower(n) !== 'content-length');
}

/**
 * `simulate`'s response headers without the backend's body framing (Content-Length,
 * Transfer-Encoding): the server writes its own framing for the client, which is dropped from the
 * recording, so the backend's lines that `simulate` passes on are not compared either.
 */
export function withoutFraming(c: OracleCase, headers: HeaderList): HeaderList {
  if (c.dialect !== 'apache') return headers;
  return headers.some(([n]) => FRAMING.has(lower(n))) ? headers.filter(([n]) => !FRAMING.has(lower(n))) : headers;
}
const FRAMING = new Set(['content-length', 'transfer-encoding']);

/** `scheme://authority` and `path?query` of an absolute URL (the path starts at the first `/` or `?`). */
export function splitUrl(url: string): { authority: string; pathQuery: string } {
  const s = url.indexOf('://');
  const start = s < 0 ? 0 : s + 3;
  let end = start;
  while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
  return { authority: url.slice(start, end), pathQuery: url.slice(end) };
}

/** Whether the case keeps the client's Host (so the forward URL's authority is not what the backend sees as Host). */
function hostIsRewritten(c: OracleCase): boolean {
  return c.dialect === 'apache' ? /ProxyPreserveHost\s+On/i.test(c.config) : /proxy_set_header\s+Host\s/i.test(c.config) || /proxy_pass_request_headers/.test(c.config);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every difference between what the server did (`rec`, placeholders filled) and what `simulate`
 * answered for the same filled case (`result`, or the error it threw).
 */
export function compare(c: OracleCase, rec: Recording, result: SimulateResult | { error: unknown }): Divergence[] {
  const out: Divergence[] = [];
  if ('error' in result) {
    const e = result.error as { name?: string; message?: string };
    const isConfigError = e?.name === 'ConfigError';
    if (rec.configError !== undefined && isConfigError) return out;
    if (rec.configError !== undefined) return [{ kind: 'config-error-other-throw', expected: rec.configError, actual: String(e?.message ?? e) }];
    return [{ kind: isConfigError ? 'config-rejected-but-server-accepts' : 'simulate-threw', expected: 'accepted', actual: String(e?.message ?? e) }];
  }
  if (rec.configError !== undefined) return [{ kind: 'config-accepted-but-server-refuses', expected: rec.configError, actual: 'accepted' }];
  if (rec.client === null) out.push({ kind: 'no-response-from-server', expected: null, actual: result.response });

  if (rec.backend) {
    if (!result.forward) {
      out.push({ kind: 'forward-null-but-proxied', expected: rec.backend.target, actual: result.reason ?? null });
    } else {
      const { authority, pathQuery } = splitUrl(result.forward.url);
      if (pathQuery !== rec.backend.target) out.push({ kind: 'forward-target', expected: rec.backend.target, actual: pathQuery });
      if (result.forward.method !== rec.backend.method) out.push({ kind: 'forward-method', expected: rec.backend.method, actual: result.forward.method });
      if (!hostIsRewritten(c)) {
        const host = rec.backend.headers.find(([n]) => lower(n) === 'host')?.[1];
        if (host !== undefined && lower(host) !== lower(authority)) out.push({ kind: 'forward-authority', expected: host, actual: authority });
      }
      if (!same(result.forward.headers, rec.backend.headers)) out.push({ kind: 'forward-headers', expected: rec.backend.headers, actual: result.forward.headers });
    }
    if (rec.client) {
      if (!result.response) out.push({ kind: 'response-null', expected: rec.client.status, actual: null });
      else if (result.response.headers.length === 0 && result.response.status >= 500 && c.dialect === 'apache') {
        // The server's own error answer to a backend response it cannot pass on (Apache: a header
        // name that is not a token, 500; nginx: an invalid header line, 502): its error document's
        // lines are the server's, only the status counts.
        if (result.response.status !== rec.client.status) out.push({ kind: 'response-status', expected: rec.client.status, actual: result.response.status });
      } else {
        if (result.response.status !== rec.client.status) out.push({ kind: 'response-status', expected: rec.client.status, actual: result.response.status });
        const exp = withoutOwnPageType(c, result.response, comparableResponseHeaders(c, rec.client.headers));
        const act = withoutFraming(c, result.response.headers);
        if (!same(act, exp)) out.push({ kind: 'response-headers', expected: exp, actual: act });
      }
    }
    return out;
  }

  // Nothing reached the backend: the server answered itself (or served local content).
  if (!rec.client) return out;
  const status = rec.client.status;
  if (result.forward) {
    out.push({ kind: 'forward-but-not-proxied', expected: status, actual: result.forward.url });
    return out;
  }
  if (result.response === null) {
    // The empty document root: 404/403/405; Apache's core answers OPTIONS itself with 200 + Allow.
    const local = status === 404 || status === 403 || status === 405 || (status === 200 && c.request.method === 'OPTIONS');
    if (!local) out.push({ kind: 'local-content-status', expected: status, actual: 'local content (404/403/405, 200 for OPTIONS)' });
    return out;
  }
  if (result.response.status !== status) out.push({ kind: 'own-answer-status', expected: status, actual: result.response.status });
  const loc = (h: HeaderList) => h.filter(([n]) => lower(n) === 'location');
  if (!same(loc(result.response.headers), loc(rec.client.headers))) out.push({ kind: 'own-answer-location', expected: loc(rec.client.headers), actual: loc(result.response.headers) });
  return out;
}
