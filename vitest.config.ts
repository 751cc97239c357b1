import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file re-importing the whole runtime (detector lexicons, models) cost ~5 s a file, more than the tests
    // themselves; sharing the module cache per worker halved the suite. Files must not rely on fresh module state.
    isolate: false,
    // Vitest's default (cores - 1) is one worker on a 2-core CI host; many files wait on processes, sockets and
    // databases, so at least two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
