// Run `simulate` on a case and compare it with a recording; shared by the replay and the live run.

import type { Exchange, SimulateResult } from '../../src/core/types.js';
import {
  CANONICAL,
  type CorpusEntry,
  type OracleCase,
  type Recording,
  type Substitution,
  fillCase,
  fillRecording,
  toBackendResponse,
  toClientRequest,
} from './case.js';
import { type Divergence, compare } from './compare.js';
import { type Deviation, explain } from './deviations.js';

export type Simulate = (exchange: Exchange) => SimulateResult;

/**
 * Load `simulate` from the package root (or `src/simulate.ts` until `src/index.ts` exists).
 * Throws the import error when neither loads.
 */
export async function loadSimulate(): Promise<Simulate> {
  try {
    // @ts-ignore: src/index.ts is written by the lead; until then src/simulate.ts is used.
    return (await import('../../src/index.js')).simulate as Simulate;
  } catch (first) {
    try {
      return (await import('../../src/simulate.js')).simulate as Simulate;
    } catch {
      throw first;
    }
  }
}

export interface Verdict {
  divergences: Divergence[];
  explained: { divergence: Divergence; deviation: Deviation }[];
  actual: SimulateResult | { error: unknown };
}

/** Compare one recorded entry with `simulate`, placeholders filled with `sub`. */
export function check(simulate: Simulate, c: OracleCase, rec: Recording, sub: Substitution = CANONICAL): Verdict {
  const filled = fillCase(c, sub);
  const expected = fillRecording(rec, sub);
  let actual: SimulateResult | { error: unknown };
  try {
    actual = simulate({
      dialect: c.dialect,
      config: filled.config,
      request: toClientRequest(c, sub),
      response: toBackendResponse(c, sub),
    });
  } catch (error) {
    actual = { error };
  }
  const all = compare(filled, expected, actual);
  const verdict: Verdict = { divergences: [], explained: [], actual };
  for (const d of all) {
    const dev = explain(filled, expected, actual, d);
    if (dev) verdict.explained.push({ divergence: d, deviation: dev });
    else verdict.divergences.push(d);
  }
  return verdict;
}

/** A one-line name for a case: the request, then the configuration and the backend's answer. */
export function describeCase(c: OracleCase): string {
  const cfg = c.config.replace(/\s*\n\s*/g, ' ⏎ ');
  const resp = c.response.lines.map((l) => (Array.isArray(l) ? `${l[0]}: ${l[1]}` : l.raw)).join(' ⏎ ');
  const s = `${c.request.method} ${c.request.target} [${c.request.headers.map(([n, v]) => `${n}: ${v}`).join('; ')}] | ${cfg} | ${c.response.status} ${resp}`;
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

/** The entry as a row ready to paste into `PINNED` (test/oracle/pinned.ts). */
export function tableRow(e: CorpusEntry): string {
  return `  ${JSON.stringify(e)},`;
}

/** A readable report of one diverging case. */
export function report(c: OracleCase, v: Verdict): string {
  const out = [`case: ${describeCase(c)}`];
  for (const d of v.divergences) {
    out.push(`  ${d.kind}`, `    server:   ${JSON.stringify(d.expected)}`, `    simulate: ${JSON.stringify(d.actual)}`);
  }
  return out.join('\n');
}
