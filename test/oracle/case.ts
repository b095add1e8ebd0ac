// The oracle's data: a case (what to configure, send and answer) and a recording (what the real
// server did with it). Both are plain JSON so that the corpus files are diffable.
//
// Per-run values are written as placeholders in the case and in the stored recording:
//   {{PORT}}          the port the server listens on for this case (one vhost / server per case)
//   {{BACKEND_PORT}}  the port of this case's own node:net backend (one backend port per case, so
//                     the backend knows the case from the socket, and no marker header is needed)
//   {{UP}}            an nginx `upstream` name, unique per case in a batch (names are http-global)
// The live run substitutes real values; the recording is normalised back to the placeholders; the
// replay substitutes the fixed values of CANONICAL into both, so no test depends on a free port.

import type { ClientRequest, BackendResponse, DialectName, HeaderList } from '../../src/core/types.js';

/** One backend response header line: a `[name, value]` pair sent as `name: value`, or a raw line. */
export type ResponseLine = [name: string, value: string] | { raw: string };

/** A differential test case: pure data. */
export interface OracleCase {
  dialect: DialectName;
  /** Directive text inside `<VirtualHost>` / `server { }` (nginx: may hold `upstream` blocks). */
  config: string;
  request: {
    method: string;
    /** Raw request-target, sent byte for byte. */
    target: string;
    /** Sent in this order, as `name: value`. */
    headers: [string, string][];
    /** Only `http` is run live (no TLS listener); kept for the table format. */
    scheme?: 'http';
    httpVersion?: '1.0' | '1.1';
  };
  /** What the backend answers: status and header lines, exactly. The body is empty, ended by close. */
  response: { status: number; lines: ResponseLine[] };
}

/** What the real server did, normalised (placeholders back in, see above). */
export interface Recording {
  /** The server refused the configuration (`-t`): its message. */
  configError?: string;
  /** What the client received. `null` when the connection gave no HTTP response. */
  client: null | { status: number; headers: HeaderList };
  /** What the backend received, or `null` when nothing reached it. */
  backend: null | { method: string; target: string; version: string; headers: HeaderList };
}

export interface CorpusEntry {
  case: OracleCase;
  recording: Recording;
}

export interface CorpusFile {
  header: {
    dialect: DialectName;
    server: string;
    recordedAt: string;
    seed: number;
    normalisation: string[];
    dropped: string[];
  };
  entries: CorpusEntry[];
}

/** Values used for the placeholders when replaying (and in printed table rows). */
export const CANONICAL = { PORT: 18080, BACKEND_PORT: 18081, UP: 'upstream_a' } as const;

export interface Substitution {
  PORT: number;
  BACKEND_PORT: number;
  UP: string;
}

/** Replace the placeholders in `s` by the values of `sub`. */
export function fill(s: string, sub: Substitution): string {
  if (!s.includes('{{')) return s;
  return s
    .replaceAll('{{PORT}}', String(sub.PORT))
    .replaceAll('{{BACKEND_PORT}}', String(sub.BACKEND_PORT))
    .replaceAll('{{UP}}', sub.UP);
}

/** Put the placeholders back in place of the per-run values (the recording normalisation). */
export function unfill(s: string, sub: Substitution): string {
  return s
    .replaceAll(String(sub.BACKEND_PORT), '{{BACKEND_PORT}}')
    .replaceAll(String(sub.PORT), '{{PORT}}')
    .replaceAll(sub.UP, '{{UP}}');
}

/** The wire form of one response line. */
export function lineText(line: ResponseLine): string {
  return Array.isArray(line) ? `${line[0]}: ${line[1]}` : line.raw;
}

/**
 * The backend response as `simulate` takes it. Each line is split at its first `:` (a pair is
 * already split); the name is kept as written; the value loses the blanks its server's parser
 * skips after the colon (Apache: SP and HT; nginx 1.22.1: SP only, a leading TAB is part of the
 * value) and keeps its trailing bytes: which trailing blanks count is server behaviour (Apache
 * strips all whitespace, nginx strips spaces but keeps a trailing TAB), so it is left to the
 * dialect. A raw line that starts with SP/HT is an obs-fold continuation: it is appended to the
 * previous value, its own leading blanks kept (as Apache does); for nginx, which knows no folding,
 * it stays a line of its own, split at its first colon like any other.
 */
export function toBackendResponse(c: OracleCase, sub: Substitution): BackendResponse {
  const headers: HeaderList = [];
  const lead = c.dialect === 'nginx' ? /^ +/ : /^[ \t]+/;
  const trim = (v: string) => v.replace(lead, '');
  for (const line of c.response.lines) {
    if (Array.isArray(line)) {
      headers.push([fill(line[0], sub), trim(fill(line[1], sub))]);
      continue;
    }
    const raw = fill(line.raw, sub);
    // nginx has no obs-fold: a line starting with a blank is a header line of its own, whose
    // name starts with that blank (and which nginx refuses, 502)
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && headers.length > 0 && c.dialect !== 'nginx') {
      const last = headers[headers.length - 1];
      last[1] += raw;
      continue;
    }
    const colon = raw.indexOf(':');
    if (colon < 0) headers.push([raw, '']);
    else headers.push([raw.slice(0, colon), trim(raw.slice(colon + 1))]);
  }
  return { status: c.response.status, headers };
}

/** The client request as `simulate` takes it, for a case listening on `sub.PORT`. */
export function toClientRequest(c: OracleCase, sub: Substitution): ClientRequest {
  return {
    method: c.request.method,
    target: fill(c.request.target, sub),
    headers: c.request.headers.map(([n, v]) => [fill(n, sub), fill(v, sub)] as [string, string]),
    scheme: 'http',
    port: sub.PORT,
    remoteAddress: '127.0.0.1',
    httpVersion: c.request.httpVersion ?? '1.1',
  };
}

/** Fill every placeholder of a case. */
export function fillCase(c: OracleCase, sub: Substitution): OracleCase {
  return {
    ...c,
    config: fill(c.config, sub),
    request: {
      ...c.request,
      target: fill(c.request.target, sub),
      headers: c.request.headers.map(([n, v]) => [fill(n, sub), fill(v, sub)] as [string, string]),
    },
    response: {
      status: c.response.status,
      lines: c.response.lines.map((l) =>
        Array.isArray(l) ? ([fill(l[0], sub), fill(l[1], sub)] as [string, string]) : { raw: fill(l.raw, sub) },
      ),
    },
  };
}

/** Fill the placeholders of a stored recording. */
export function fillRecording(r: Recording, sub: Substitution): Recording {
  const h = (list: HeaderList): HeaderList => list.map(([n, v]) => [fill(n, sub), fill(v, sub)]);
  return {
    ...r,
    client: r.client && { status: r.client.status, headers: h(r.client.headers) },
    backend: r.backend && { ...r.backend, target: fill(r.backend.target, sub), headers: h(r.backend.headers) },
  };
}

/** Normalise a fresh recording: per-run values back to placeholders. */
export function unfillRecording(r: Recording, sub: Substitution): Recording {
  const h = (list: HeaderList): HeaderList => list.map(([n, v]) => [unfill(n, sub), unfill(v, sub)]);
  return {
    ...r,
    configError: r.configError === undefined ? undefined : unfill(r.configError, sub),
    client: r.client && { status: r.client.status, headers: h(r.client.headers) },
    backend: r.backend && { ...r.backend, target: unfill(r.backend.target, sub), headers: h(r.backend.headers) },
  };
}
