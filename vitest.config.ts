import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Polls wait for something the product does in the background; on a busy shared machine
    // that can take seconds. A poll that never succeeds still fails, just later.
    expect: { poll: { timeout: 20_000 } },
    // Tests start real servers on random loopback ports and real child processes; two
    // workers match the two cores of the machines this runs on.
    pool: 'forks',
    maxWorkers: 2,
  },
});
