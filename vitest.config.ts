import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Files that check what a fresh process has loaded (tokenizers, warm-up): each gets a process of its own. */
const FRESH_PROCESS = ['test/warm-up.test.ts'];
const common = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    // Vitest's default (cores - 1) is one worker on a 2-core CI host; many files wait on processes, sockets and
    // databases, so at least two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          ...common,
          name: 'shared-modules',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: FRESH_PROCESS,
          // Each file re-importing the whole runtime (detector lexicons, models) cost ~5 s a file, more than the
          // tests themselves; sharing the module cache per worker halved the suite. Files must not rely on fresh
          // module state: those that do are listed in FRESH_PROCESS.
          isolate: false,
        },
      },
      { test: { ...common, name: 'fresh-process', include: FRESH_PROCESS, isolate: true } },
    ],
  },
});
