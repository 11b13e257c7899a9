// Work that several callers in one process share: one token refresh per session, one accounts
// listing per session, one GetRoleCredentials per role. The work runs under its own
// AbortSignal, aborted only once every caller waiting for it has given up; each caller races
// its own signal. So one caller cancelling (a closed window, a Ctrl-C'd command) never fails
// the others, and its progress callback is not the only one that hears progress.
import { CoreError } from '../errors.js';

export type Progress = (done: number, total: number) => void;

interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
  listeners: Set<Progress>;
  /** The last progress reported, replayed to callers who join late. */
  last: { value?: [number, number] };
}

export interface JoinOptions {
  signal?: AbortSignal | undefined;
  onProgress?: Progress | undefined;
  /** Names the work in the "… was cancelled" error a caller gets when its own signal aborts. */
  what: string;
}

export class SharedWork<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** Joins the pending work for `key`, or starts `work` for it. */
  run(key: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>, options: JoinOptions): Promise<T> {
    if (options.signal?.aborted) return Promise.reject(cancelled(options.what));
    const entry = this.entries.get(key) ?? this.start(key, work);
    return this.join(key, entry, options);
  }

  private start(key: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>): Entry<T> {
    const controller = new AbortController();
    const listeners = new Set<Progress>();
    const last: Entry<T>['last'] = {};
    const progress: Progress = (done, total) => {
      last.value = [done, total];
      for (const listener of listeners) listener(done, total);
    };
    const promise = work(controller.signal, progress).finally(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    promise.catch(() => undefined); // each caller handles the outcome it awaits
    const entry: Entry<T> = { promise, controller, listeners, last, waiting: 0 };
    this.entries.set(key, entry);
    return entry;
  }

  private join(key: string, entry: Entry<T>, options: JoinOptions): Promise<T> {
    const { signal, onProgress } = options;
    entry.waiting++;
    if (onProgress) {
      entry.listeners.add(onProgress);
      if (entry.last.value) onProgress(...entry.last.value);
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const leave = () => {
        settled = true;
        entry.waiting--;
        if (onProgress) entry.listeners.delete(onProgress);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (settled) return;
        leave();
        if (entry.waiting === 0) {
          // Nobody wants the result any more: stop the work, and let the next caller start afresh.
          entry.controller.abort();
          if (this.entries.get(key) === entry) this.entries.delete(key);
        }
        reject(cancelled(options.what));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          if (settled) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          leave();
          reject(error);
        },
      );
    });
  }
}

function cancelled(what: string): CoreError {
  return new CoreError('cancelled', `${what} was cancelled`);
}
