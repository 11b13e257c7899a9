// Runs the preload exactly as it ships — dist/preload/index.cjs, the one CommonJS file
// scripts/build.js makes — in a fresh V8 context whose `require` knows only 'electron', which
// is all a sandboxed preload gets.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import vm from 'node:vm';
import path from 'node:path';
import { distDir, repoRoot } from '../helpers/repo.js';
import { OPERATION_NAMES, STATE_CHANNEL, STATE_REQUEST_CHANNEL, operationChannel } from '../../main/app/ipc-channels.js';
import { T0, snapshot } from './state-fixtures.js';

const preloadDir = path.join(distDir, 'preload');
const preloadFile = path.join(preloadDir, 'index.cjs');
let bundle: string;

beforeAll(() => {
  // `npm test` builds first; a targeted run builds the preload once if it is missing.
  if (!existsSync(preloadFile)) execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.js'), 'preload'], { cwd: repoRoot, stdio: 'ignore' });
  bundle = readFileSync(preloadFile, 'utf8');
}, 60_000);

type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

function loadPreload(invoke: Invoke) {
  const exposed = new Map<string, Record<string, unknown>>();
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return invoke(channel, ...args);
      },
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
    },
  };
  const required: string[] = [];
  const module = { exports: {} };
  const sandbox = {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
  };
  vm.runInNewContext(bundle, sandbox, { filename: preloadFile });
  const api = exposed.get('eksSso')!;
  const push = (state: unknown) => listeners.get(STATE_CHANNEL)!({}, state);
  return { api, exposed, required, invoked, push };
}

describe('the preload', () => {
  it('ships as one file (and its source map): a sandboxed preload cannot load a second one', () => {
    expect(readdirSync(preloadDir).sort()).toEqual(['index.cjs', 'index.cjs.map']);
  });

  it('needs nothing but electron and exposes one frozen object: every operation, onState, host', () => {
    const { api, exposed, required } = loadPreload(async () => null);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['eksSso']);
    expect(Object.keys(api).sort()).toEqual([...OPERATION_NAMES, 'host', 'onState'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(api.host).toBe('electron');
    expect(bundle).not.toMatch(/require\("zod"\)|ZodError/);
  });

  it('sends each call on its own channel and unwraps the result', async () => {
    const { api, invoked } = loadPreload(async (channel) => (channel === operationChannel('useContext') ? { ok: true, value: { currentContext: 'a/b/c' } } : null));
    const useContext = api.useContext as (input: unknown) => Promise<unknown>;
    await expect(useContext({ contextName: 'a/b/c' })).resolves.toEqual({ currentContext: 'a/b/c' });
    expect(invoked).toEqual([{ channel: 'eks-sso:call:useContext', args: [{ contextName: 'a/b/c' }] }]);
  });

  it('rejects with the error fields intact (the bridge would strip them from an Error)', async () => {
    const { api } = loadPreload(async () => ({ ok: false, error: { code: 'not-found', message: 'no context named "x"', hint: 'Refresh the list', retryable: false } }));
    const failure = await (api.useContext as (input: unknown) => Promise<unknown>)({ contextName: 'x' }).catch((error: unknown) => error);
    expect(failure).toEqual({ name: 'EksSsoError', code: 'not-found', message: 'no context named "x"', hint: 'Refresh the list', retryable: false });
  });

  it('onState: the latest snapshot at once, every push after, until unsubscribed', async () => {
    const first = snapshot();
    const { api, push, invoked } = loadPreload(async (channel) => (channel === STATE_REQUEST_CHANNEL ? first : null));
    const onState = api.onState as (callback: (state: unknown) => void) => () => void;
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    const stopA = onState((state) => seenA.push(state));
    await new Promise((resolve) => setImmediate(resolve));
    expect(invoked.map((call) => call.channel)).toEqual([STATE_REQUEST_CHANNEL]);
    expect(seenA).toEqual([first]);
    // A second subscriber gets the cached snapshot without another round trip.
    onState((state) => seenB.push(state));
    expect(seenB).toEqual([first]);
    const second = snapshot({ now: T0 + 1000 });
    push(second);
    expect(seenA).toEqual([first, second]);
    stopA();
    push(snapshot({ now: T0 + 2000 }));
    expect(seenA).toHaveLength(2);
    expect(seenB).toHaveLength(3);
    expect(invoked).toHaveLength(1);
  });
});
