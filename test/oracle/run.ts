// Record a batch of cases against the live server: one backend port and one listening port per
// case, one server start per batch, requests in parallel with a small concurrency.

import fs from 'node:fs';
import type { DialectName } from '../../src/core/types.js';
import {
  type OracleCase,
  type Recording,
  type Substitution,
  fill,
  lineText,
  unfillRecording,
} from './case.js';
import { findRefused, startServer, tempDir, type BatchItem } from './servers.js';
import { freePorts, sendRequest, startBackend, type Backend } from './wire.js';

/** Cases per server start. */
export const BATCH = 400;
/** Requests in flight at once. */
export const CONCURRENCY = 24;

/** A fresh upstream name, unlikely to occur in any generated text. */
function upstreamName(i: number): string {
  return `upq${Math.random().toString(36).slice(2, 7)}x${i}`;
}

export interface BatchResult {
  recordings: Recording[];
  /** Milliseconds for the whole batch (start, requests, stop). */
  ms: number;
}

/**
 * Run `cases` (all of one dialect) against the real server and return one normalised recording
 * per case, in order. The server and every backend are stopped also when something throws.
 */
export async function recordBatch(dialect: DialectName, cases: readonly OracleCase[]): Promise<BatchResult> {
  // The free ports are probed, then bound by the server: another process (a concurrent live run)
  // may take one in between. The server then refuses to start; the batch is run again on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordBatchOnce(dialect, cases);
    } catch (e) {
      if (attempt >= 3 || !/Address already in use|EADDRINUSE/.test(String((e as Error)?.message ?? e))) throw e;
    }
  }
}

async function recordBatchOnce(dialect: DialectName, cases: readonly OracleCase[]): Promise<BatchResult> {
  const t0 = Date.now();
  const dir = tempDir(dialect);
  const ports = await freePorts(cases.length);
  const backends: Backend[] = [];
  try {
    for (let i = 0; i < cases.length; i++) backends.push(await startBackend());
    const subs: Substitution[] = cases.map((_, i) => ({
      PORT: ports[i],
      BACKEND_PORT: backends[i].port,
      UP: upstreamName(i),
    }));
    cases.forEach((c, i) => backends[i].respond(c.response.status, c.response.lines.map((l) => fill(lineText(l), subs[i]))));
    const items: BatchItem[] = cases.map((c, i) => ({ port: ports[i], config: fill(c.config, subs[i]) }));
    const refused = findRefused(dialect, dir, items);
    const recordings: Recording[] = cases.map(() => ({ client: null, backend: null }));
    for (const [i, message] of refused) recordings[i] = { configError: message, client: null, backend: null };
    const liveIdx = cases.map((_, i) => i).filter((i) => !refused.has(i));
    if (liveIdx.length > 0) {
      const server = await startServer(dialect, dir, liveIdx.map((i) => items[i]));
      try {
        let next = 0;
        const worker = async () => {
          while (next < liveIdx.length) {
            const i = liveIdx[next++];
            const c = cases[i];
            const sub = subs[i];
            const client = await sendRequest(
              sub.PORT,
              c.request.method,
              fill(c.request.target, sub),
              c.request.headers.map(([n, v]) => [fill(n, sub), fill(v, sub)] as [string, string]),
              c.request.httpVersion ?? '1.1',
              10_000,
              dialect === 'nginx',
            );
            const got = backends[i].received[0];
            recordings[i] = {
              client,
              backend: got ? { method: got.method, target: got.target, version: got.version, headers: got.headers } : null,
            };
          }
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, liveIdx.length) }, worker));
      } finally {
        await server.stop();
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return { recordings: recordings.map((r, i) => serverDate(unfillRecording(r, subs[i]))), ms: Date.now() - t0 };
  } finally {
    await Promise.all(backends.map((b) => b.close()));
  }
}

/**
 * The server's own Date (the clock at run time) becomes `{{SERVER_DATE}}`: a Date line within a day
 * of now can only have been written by the server (backend dates in the cases are all older).
 */
function serverDate(r: Recording): Recording {
  if (!r.client) return r;
  const now = Date.now();
  const headers = r.client.headers.map(([n, v]): [string, string] => {
    const t = Date.parse(v);
    return n.toLowerCase() === 'date' && Math.abs(t - now) < 86_400_000 ? [n, '{{SERVER_DATE}}'] : [n, v];
  });
  return { ...r, client: { status: r.client.status, headers } };
}

/** Run any number of cases in batches of `BATCH`. */
export async function recordAll(
  dialect: DialectName,
  cases: readonly OracleCase[],
  onBatch?: (done: number, total: number) => void,
): Promise<BatchResult> {
  const t0 = Date.now();
  const recordings: Recording[] = [];
  for (let k = 0; k < cases.length; k += BATCH) {
    const r = await recordBatch(dialect, cases.slice(k, k + BATCH));
    recordings.push(...r.recordings);
    onBatch?.(recordings.length, cases.length);
  }
  return { recordings, ms: Date.now() - t0 };
}
