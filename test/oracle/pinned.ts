// Counterexamples found by the live run, pasted here as rows (the live run prints them in this
// shape, placeholders in). They are replayed by replay.test.ts with the recorded corpus.

import type { CorpusEntry } from './case.js';

export const PINNED: CorpusEntry[] = [];
