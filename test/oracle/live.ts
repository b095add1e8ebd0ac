// The live differential run shared by apache.live.test.ts and nginx.live.test.ts: fresh random
// cases against the real server, compared with `simulate`; divergences are shrunk against the live
// server and printed as rows ready to paste into test/oracle/pinned.ts.

import type { DialectName } from '../../src/core/types.js';
import type { OracleCase, Recording } from './case.js';
import { type Simulate, check, report, tableRow } from './check.js';
import { DEVIATIONS } from './deviations.js';
import { sampleCases } from './generators.js';
import { BATCH, recordBatch } from './run.js';
import { shrink } from './shrink.js';

export interface LiveSummary {
  dialect: DialectName;
  seed: number;
  cases: number;
  refused: number;
  proxied: number;
  seconds: number;
  casesPerSecond: number;
  explained: Record<string, number>;
  /** Divergences by kind: count, and the shrunk first example as a report and a pasteable row. */
  divergences: Record<string, { count: number; report: string; row: string }>;
}

/** Number of cases and seed from PASSREVERSE_LIVE_CASES / PASSREVERSE_LIVE_SEED. */
export function liveSettings(): { cases: number; seed: number } {
  const cases = Number(process.env.PASSREVERSE_LIVE_CASES ?? 10_000);
  const seed = process.env.PASSREVERSE_LIVE_SEED ? Number(process.env.PASSREVERSE_LIVE_SEED) : Math.floor(Math.random() * 2 ** 31);
  return { cases, seed };
}

export function printDeviations(dialect: DialectName): void {
  const list = DEVIATIONS.filter((d) => d.dialect === dialect || d.dialect === 'both');
  console.log(`[oracle] ${dialect}: ${list.length} declared deviation(s)`);
  for (const d of list) console.log(`  - ${d.id}: ${d.reason}`);
}

export async function liveRun(dialect: DialectName, simulate: Simulate, n: number, seed: number, maxShrinks = 4): Promise<LiveSummary> {
  const t0 = Date.now();
  const firsts = new Map<string, { c: OracleCase; rec: Recording; count: number }>();
  const explained: Record<string, number> = {};
  let refused = 0;
  let proxied = 0;
  let recordMs = 0;
  for (let k = 0; k < n; k += BATCH) {
    // Each batch draws its own cases from seed + batch index, so any batch can be re-run alone.
    const cases = sampleCases(dialect, Math.min(BATCH, n - k), seed + k);
    const { recordings, ms } = await recordBatch(dialect, cases);
    recordMs += ms;
    cases.forEach((c, i) => {
      const rec = recordings[i];
      if (rec.configError !== undefined) refused++;
      if (rec.backend) proxied++;
      const v = check(simulate, c, rec);
      for (const e of v.explained) explained[e.deviation.id] = (explained[e.deviation.id] ?? 0) + 1;
      for (const d of v.divergences) {
        const f = firsts.get(d.kind);
        if (f) f.count++;
        else firsts.set(d.kind, { c, rec, count: 1 });
      }
    });
  }
  const seconds = (Date.now() - t0) / 1000;
  const divergences: LiveSummary['divergences'] = {};
  let shrinks = 0;
  for (const [kind, f] of firsts) {
    let c = f.c;
    let rec = f.rec;
    if (shrinks++ < maxShrinks) {
      const s = await shrink(simulate, f.c, f.rec, kind);
      c = s.case;
      rec = s.recording;
    }
    divergences[kind] = { count: f.count, report: report(c, check(simulate, c, rec)), row: tableRow({ case: c, recording: rec }) };
  }
  return {
    dialect, seed, cases: n, refused, proxied, seconds,
    casesPerSecond: Math.round(n / (recordMs / 1000)),
    explained, divergences,
  };
}

export function printSummary(s: LiveSummary): void {
  console.log(
    `[oracle] ${s.dialect}: ${s.cases} cases (seed ${s.seed}; ${s.refused} refused by the server, ${s.proxied} proxied) in ${s.seconds.toFixed(1)} s; recording at ${s.casesPerSecond} cases/s`,
  );
  for (const [id, n] of Object.entries(s.explained)) console.log(`  explained by ${id}: ${n}`);
  for (const [kind, d] of Object.entries(s.divergences)) {
    console.log(`\n[oracle] DIVERGENCE ${kind} (${d.count} cases), shrunk:\n${d.report}\n  row for test/oracle/pinned.ts:\n${d.row}`);
  }
}
