// Cross-process locking the way client-go does it for kubeconfig: `<file>.lock` created
// exclusively (O_EXCL), removed when done. Waiters retry until a timeout; a lock older than
// `staleMs` whose owner is gone is taken over, so a crashed writer cannot block everyone.
import { open, readFile, rm, stat } from 'node:fs/promises';
import { CoreError } from '../errors.js';
import { systemClock, type Clock } from '../context.js';

export interface LockOptions {
  /** How long to wait for the lock, default 10 s. */
  timeoutMs?: number;
  /** A lock file older than this is presumed abandoned, default 30 s. */
  staleMs?: number;
  /** Poll interval while waiting, default 25 ms. */
  retryMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string, staleMs: number, now: number): Promise<boolean> {
  try {
    const [info, content] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    const pid = Number.parseInt(content.trim(), 10);
    // client-go writes an empty lock file; only trust the pid we wrote ourselves.
    if (Number.isInteger(pid) && pid > 0 && !processIsAlive(pid)) return true;
    return now - info.mtimeMs > staleMs;
  } catch {
    return false; // gone already: the next attempt will simply take it
  }
}

export async function acquireLock(target: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const clock = options.clock ?? systemClock;
  const lockPath = `${target}.lock`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath, staleMs, Date.now())) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (clock.now() >= deadline) {
      throw new CoreError('locked', `${lockPath} is held by another program`, {
        hint: `If no other program is writing ${target}, delete ${lockPath} and try again`,
        retryable: true,
      });
    }
    await clock.sleep(options.retryMs ?? 25, options.signal);
  }
}

export async function withLock<T>(target: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(target, options);
  try {
    return await work();
  } finally {
    await release();
  }
}
