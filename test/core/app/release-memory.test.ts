// Once a burst of work is over, the releaser runs one full collection: memory the burst left
// behind goes back without waiting for more allocation to trigger a collection.
import { describe, expect, it } from 'vitest';
import { createMemoryReleaser } from '../../../main/core/app/release-memory.js';

describe('createMemoryReleaser', () => {
  it('collects what is unreachable once things stay quiet, and not before', async () => {
    const released = createMemoryReleaser(50);
    try {
      const garbage = new WeakRef({ rows: Array.from({ length: 1000 }, (_, index) => ({ index })) });
      // A WeakRef target stays alive until the job that created it ends.
      await new Promise((resolve) => setTimeout(resolve, 0));
      released.settled();
      released.settled(); // a second burst end restarts the quiet period; still one collection
      expect(garbage.deref()).toBeDefined();
      await expect.poll(() => garbage.deref() === undefined, { timeout: 5_000, interval: 20 }).toBe(true);
    } finally {
      released.close();
    }
  });

  it('gives the pages of a collected heap back at once', async () => {
    const released = createMemoryReleaser(10);
    try {
      // Tens of megabytes that survive young collections, then become garbage.
      let ballast: Array<{ index: number; text: string }> | null = Array.from({ length: 400_000 }, (_, index) => ({ index, text: `row ${index}` }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      const grown = process.memoryUsage().heapTotal;
      expect(ballast.length).toBe(400_000);
      ballast = null;
      released.settled();
      await expect.poll(() => process.memoryUsage().heapTotal < grown - 20 * 1024 * 1024, { timeout: 5_000, interval: 20 }).toBe(true);
    } finally {
      released.close();
    }
  });
});
