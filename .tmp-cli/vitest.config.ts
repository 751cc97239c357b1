import { defineConfig } from 'vitest/config';
export default defineConfig({
  resolve: { alias: [{ find: /^\.\/injection-classifier\.js$/, replacement: '/work/main/.tmp-cli/stub-ic.ts' }] },
  test: { root: '/work/main', include: ['test/**/*.test.ts', 'src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' },
});
