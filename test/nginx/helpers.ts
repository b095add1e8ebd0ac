import { nginxDialect } from '../../src/nginx/index.js';
import { expect } from 'vitest';
import type { SimulateResult } from '../../src/core/types.js';

/** The backend of the reference runs: nginx on 127.0.0.1:18080, backend on 127.0.0.1:18081. */
export const B = '127.0.0.1:18081';

/** The explicit proxy_redirect rules of reference §2.2 (R-rows), shared by the exchange and the per-value tests. */
export const REXPL_LOCATION = `location /rexpl/ { proxy_pass http://${B}/zz/;
  proxy_redirect http://${B}/zz/ /mapped/;
  proxy_redirect ~^http://other(:\\d+)?/(.*)$ /other/$2;
  proxy_redirect ~*UPPER /upper-replaced;
  proxy_redirect / /; }`;

/** One exchange through `nginxDialect` (listening port 18080 unless given). */
export function run(
  config: string,
  target: string,
  opts: {
    host?: string | null;
    headers?: [string, string][];
    method?: string;
    port?: number;
    httpVersion?: '1.0' | '1.1';
    response?: { status: number; headers: [string, string][] };
  } = {},
): SimulateResult {
  const compiled = nginxDialect.compile(config);
  const headers: [string, string][] = [];
  if (opts.host !== null) headers.push(['Host', opts.host ?? 'localhost']);
  headers.push(...(opts.headers ?? []));
  return nginxDialect.exchange(
    compiled,
    { target, headers, method: opts.method, port: opts.port ?? 18080, httpVersion: opts.httpVersion ?? (opts.host === null ? '1.0' : '1.1') },
    opts.response,
  );
}

/** The request-target the backend received. */
export function targetOf(r: SimulateResult): string | null {
  return r.forward ? r.forward.url.replace(/^https?:\/\/[^/?]*/, '') : null;
}

/** Every value of a response header (exact name match). */
export function header(r: SimulateResult, name: string): string[] {
  return (r.response?.headers ?? []).filter(([n]) => n === name).map(([, v]) => v);
}

/** What a live-hunt row expects: fields recorded from the real server (absent ones are not checked). */
export interface HuntExpect {
  status?: number;
  /** The request-target the backend received. */
  target?: string;
  /** Location lines of nginx's own answer. */
  location?: string[];
  /** Response lines as compared by the oracle (nginx's own Server/Date/framing left out). */
  headers?: [string, string][];
  /** How many Expires lines (an X-Accel-Redirect cycle copies them on every turn). */
  expires?: number;
  /** Date lines of the answer. */
  date?: string[];
  /** nginx served the request itself from its (empty) root: the live status, `simulate` gives no response. */
  local?: number;
}

/** One live-hunt row: name, configuration, target, `run` options, expected values. */
export type HuntRow = [name: string, config: string, target: string, opts: Parameters<typeof run>[2], expected: HuntExpect];

/** Assert a live-hunt row's recorded values against an exchange. */
export function checkHuntRow(r: SimulateResult, e: HuntExpect): void {
  const got: HuntExpect = {};
  if (e.status !== undefined) got.status = r.response?.status;
  if (e.target !== undefined) got.target = targetOf(r) ?? undefined;
  if (e.location !== undefined) got.location = (r.response?.headers ?? []).filter(([n]) => n.toLowerCase() === 'location').map(([, v]) => v);
  if (e.headers !== undefined) got.headers = r.response?.headers as [string, string][] | undefined;
  if (e.expires !== undefined) got.expires = header(r, 'Expires').length;
  if (e.date !== undefined) got.date = header(r, 'Date');
  if (e.local !== undefined && r.forward === null && r.response === null) got.local = e.local;
  if (!Object.keys(e).length) throw new Error('a hunt row needs an expected value');
  expect(got).toEqual(e);
}
