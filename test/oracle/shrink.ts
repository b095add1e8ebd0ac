// Shrinking against the live server: try removing one configuration unit (a line, or a whole
// section/block, or one line inside it), one request header, one backend line, one piece of the
// target at a time; keep the first candidate that still diverges the same way; repeat. All the
// candidates of a round run in one server start.

import type { OracleCase, Recording } from './case.js';
import { type Simulate, type Verdict, check } from './check.js';
import { recordBatch } from './run.js';

/** Configuration units: top-level lines, and blocks (`<X>`..`</X>`, `... {`..`}`) as one unit. */
export function configUnits(config: string): string[][] {
  const units: string[][] = [];
  let cur: string[] | null = null;
  let depth = 0;
  for (const line of config.split('\n')) {
    const opens = (line.match(/^\s*<[A-Za-z]/) ? 1 : 0) + (line.match(/\{/g)?.length ?? 0);
    const closes = (line.match(/^\s*<\//) ? 1 : 0) + (line.match(/\}/g)?.length ?? 0);
    if (depth === 0) cur = [];
    cur!.push(line);
    depth += opens - closes;
    if (depth <= 0) {
      depth = 0;
      units.push(cur!);
      cur = null;
    }
  }
  if (cur) units.push(cur);
  return units;
}

function candidates(c: OracleCase): OracleCase[] {
  const out: OracleCase[] = [];
  const units = configUnits(c.config);
  units.forEach((_, i) => out.push({ ...c, config: units.filter((_, k) => k !== i).flat().join('\n') }));
  units.forEach((u, i) => {
    if (u.length < 3) return;
    for (let j = 1; j < u.length - 1; j++) {
      const nu = units.map((x, k) => (k === i ? x.filter((_, m) => m !== j) : x));
      out.push({ ...c, config: nu.flat().join('\n') });
    }
  });
  c.request.headers.forEach((_, i) => out.push({ ...c, request: { ...c.request, headers: c.request.headers.filter((_, k) => k !== i) } }));
  // A folded continuation never becomes the first line: the backend could not send that as a
  // header (Apache reads it as a line without a colon, 502), and simulate cannot be told.
  const folded = (l: OracleCase['response']['lines'][number] | undefined) => l !== undefined && !Array.isArray(l) && /^[ \t]/.test(l.raw);
  c.response.lines.forEach((_, i) => {
    const lines = c.response.lines.filter((_, k) => k !== i);
    if (!folded(lines[0])) out.push({ ...c, response: { ...c.response, lines } });
  });
  const t = c.request.target;
  const q = t.indexOf('?');
  if (q >= 0) out.push({ ...c, request: { ...c.request, target: t.slice(0, q) } });
  const path = q >= 0 ? t.slice(0, q) : t;
  const cut = path.lastIndexOf('/');
  if (cut > 0) out.push({ ...c, request: { ...c.request, target: path.slice(0, cut + 1) + (q >= 0 ? t.slice(q) : '') } });
  if (c.request.method !== 'GET') out.push({ ...c, request: { ...c.request, method: 'GET' } });
  if (c.response.status !== 302) out.push({ ...c, response: { ...c.response, status: 302 } });
  return out;
}

/**
 * Shrink a diverging case against the live server. `kind` is the divergence kind to keep.
 * Returns the smallest case found, with its recording and verdict.
 */
export async function shrink(
  simulate: Simulate,
  start: OracleCase,
  startRec: Recording,
  kind: string,
  maxRounds = 25,
): Promise<{ case: OracleCase; recording: Recording; verdict: Verdict; rounds: number }> {
  let best = start;
  let bestRec = startRec;
  let bestVerdict = check(simulate, start, startRec);
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const cands = candidates(best);
    if (cands.length === 0) break;
    const { recordings } = await recordBatch(best.dialect, cands);
    let found = false;
    for (let i = 0; i < cands.length; i++) {
      const v = check(simulate, cands[i], recordings[i]);
      if (v.divergences.some((d) => d.kind === kind)) {
        best = cands[i];
        bestRec = recordings[i];
        bestVerdict = v;
        found = true;
        break;
      }
    }
    if (!found) break;
  }
  return { case: best, recording: bestRec, verdict: bestVerdict, rounds };
}
