// A controller with state the test sets directly, recording every operation the shell calls.
// The shell's own behaviour is what is under test here; the real controller is covered in
// test/core/app and, wired to this shell, in shell-controller.test.ts.
import { operationNames, type OperationHandlers, type OperationName, type StateSnapshot } from '../../main/contract.js';
import type { CoreError } from '../../main/core/errors.js';
import type { ShellController } from '../../main/app/shell-controller.js';
import { snapshot } from './state-fixtures.js';

export class FakeController implements ShellController {
  readonly calls: { name: OperationName; input: unknown }[] = [];
  readonly listeners = new Set<(state: StateSnapshot) => void>();
  started = false;
  closed = false;
  /** Makes the next call of this operation fail with this error. */
  failNext: Partial<Record<OperationName, CoreError>> = {};
  readonly handlers: OperationHandlers;

  constructor(public state: StateSnapshot = snapshot()) {
    const record = (name: OperationName) => (input: unknown) => {
      this.calls.push({ name, input });
      const failure = this.failNext[name];
      if (failure) {
        delete this.failNext[name];
        return Promise.reject(failure);
      }
      return Promise.resolve(this.respond(name, input));
    };
    this.handlers = Object.fromEntries(operationNames.map((name) => [name, record(name)])) as unknown as OperationHandlers;
  }

  private respond(name: OperationName, input: unknown): unknown {
    if (name === 'useContext') {
      const { contextName } = input as { contextName: string };
      this.set({ ...this.state, contexts: this.state.contexts.map((context) => ({ ...context, isCurrent: context.contextName === contextName })) });
      return { currentContext: contextName };
    }
    if (name === 'signIn') return { session: (input as { session?: string }).session ?? 'acme' };
    if (name === 'getSettings') return this.state.settings;
    return {};
  }

  /** Replaces the state and pushes it, as the real controller does after a change. */
  set(state: StateSnapshot): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  callsOf(name: OperationName): unknown[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.input);
  }

  snapshot(): StateSnapshot {
    return this.state;
  }
  subscribe(listener: (state: StateSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async start(): Promise<void> {
    this.started = true;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
