import { defineConfig } from 'vitest/config';

// `npm run test:live`: starts apache2 and nginx on 127.0.0.1 and compares them with `simulate`.
export default defineConfig({
  test: {
    // A test that asserts nothing fails (the project's rule: no test without an assertion).
    expect: { requireAssertions: true },
    include: ['test/**/*.live.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
