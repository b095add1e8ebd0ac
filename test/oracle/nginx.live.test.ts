// Live differential run for nginx: PASSREVERSE_LIVE_CASES fresh random cases (default 10,000) with
// seed PASSREVERSE_LIVE_SEED (default random, printed) against the real server on 127.0.0.1,
// compared with `simulate`. Any divergence outside test/oracle/deviations.ts fails, printed shrunk.

import { expect, test } from 'vitest';
import { loadSimulate } from './check.js';
import { liveRun, liveSettings, printDeviations, printSummary } from './live.js';

test('nginx: random cases against the live server match simulate', async () => {
  const { cases, seed } = liveSettings();
  console.log(`[oracle] nginx: ${cases} cases, seed ${seed} (PASSREVERSE_LIVE_SEED=${seed} to repeat)`);
  printDeviations('nginx');
  const simulate = await loadSimulate();
  const summary = await liveRun('nginx', simulate, cases, seed);
  printSummary(summary);
  expect(Object.keys(summary.divergences), 'divergences outside the declared deviations (see the log)').toEqual([]);
});
