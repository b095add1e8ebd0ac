import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // One bundle per public entry point: '.', './fetch' (edge-safe), './node'.
    entry: { index: 'src/index.ts', fetch: 'src/adapters/fetch.ts', node: 'src/adapters/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'es2022',
    platform: 'neutral',
    sourcemap: false,
    clean: true,
    treeshake: true,
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    clean: false,
  },
]);
