// The preload runs sandboxed: only `electron`'s renderer modules are available, and it must be
// a single CommonJS file. It exposes one function per contract operation plus onState, frozen;
// nothing else crosses the bridge (no ipcRenderer, no generic send). Payloads are validated in
// main, not here: zod cannot be loaded in a sandboxed preload.
import { contextBridge, ipcRenderer } from 'electron';
import type { Bridge, CallResult, OperationName, StateSnapshot } from '../main/contract.js';
import { OPERATION_NAMES, STATE_CHANNEL, STATE_REQUEST_CHANNEL, operationChannel } from '../main/app/ipc-channels.js';

/**
 * The contextBridge keeps only an Error's message, so a failure crosses as a plain object with
 * an Error's shape and the SerializedError fields the dashboard switches on.
 */
interface BridgeFailure {
  name: 'EksSsoError';
  message: string;
  code: string;
  hint?: string;
  retryable: boolean;
}

async function call(name: OperationName, input: unknown): Promise<unknown> {
  const result = (await ipcRenderer.invoke(operationChannel(name), input ?? {})) as CallResult<OperationName>;
  if (result.ok) return result.value;
  const failure: BridgeFailure = { name: 'EksSsoError', ...result.error };
  throw failure;
}

const listeners = new Set<(state: StateSnapshot) => void>();
let latest: StateSnapshot | null = null;

ipcRenderer.on(STATE_CHANNEL, (_event, state: StateSnapshot) => {
  latest = state;
  for (const listener of listeners) listener(state);
});

function onState(callback: (state: StateSnapshot) => void): () => void {
  listeners.add(callback);
  if (latest) callback(latest);
  else
    void ipcRenderer.invoke(STATE_REQUEST_CHANNEL).then((state: StateSnapshot | null) => {
      // A pushed snapshot may have arrived meanwhile; it is newer than this answer.
      if (state && !latest && listeners.has(callback)) {
        latest = state;
        callback(state);
      }
    });
  return () => {
    listeners.delete(callback);
  };
}

const operations = Object.fromEntries(OPERATION_NAMES.map((name) => [name, (input?: unknown) => call(name, input)]));

const api = Object.freeze({
  ...(operations as unknown as Omit<Bridge, 'onState'>),
  onState,
  /** Lets the dashboard tell the desktop app from the web mode. */
  host: 'electron' as const,
});

contextBridge.exposeInMainWorld('eksSso', api);
