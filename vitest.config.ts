import { defineConfig } from 'vitest/config';

// `npm test`: everything that needs no server. The live differential runs have their own config.
export default defineConfig({
  test: {
    // A test that asserts nothing fails (the project's rule: no test without an assertion).
    expect: { requireAssertions: true },
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.live.test.ts', 'node_modules/**'],
  },
});
