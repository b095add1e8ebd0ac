import { nginxDialect } from '../../src/nginx/index.js';
import type { SimulateResult } from '../../src/core/types.js';

/** The backend of the reference runs: nginx on 127.0.0.1:18080, backend on 127.0.0.1:18081. */
export const B = '127.0.0.1:18081';

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
