// One call from the UI, validated both ways with the contract's schemas: shared by the web
// bridge and the Electron IPC handlers so both refuse exactly the same payloads.
import { ZodError } from 'zod';
import { isOperationName, operations, stateSnapshotSchema, type CallResult, type OperationHandlers, type OperationName, type StateSnapshot } from '../../contract.js';
import { CoreError, serializeError } from '../errors.js';

function describeZodError(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid input';
  const where = first.path.length > 0 ? first.path.join('.') : 'input';
  return `${where}: ${first.message}`;
}

/** Validates `input`, calls the handler, validates (and strips) its output. Never throws. */
export async function callOperation(handlers: OperationHandlers, name: string, input: unknown): Promise<CallResult<OperationName>> {
  if (!isOperationName(name)) {
    return { ok: false, error: serializeError(new CoreError('not-found', `unknown operation "${name}"`)) };
  }
  const spec = operations[name];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: serializeError(new CoreError('invalid-input', describeZodError(parsed.error))) };
  }
  try {
    const handler = handlers[name] as (value: unknown) => Promise<unknown>;
    const value = spec.output.parse(await handler(parsed.data));
    return { ok: true, value } as CallResult<OperationName>;
  } catch (error) {
    if (error instanceof ZodError) {
      return { ok: false, error: serializeError(new CoreError('internal', `the ${name} result did not match the contract: ${describeZodError(error)}`)) };
    }
    return { ok: false, error: serializeError(error) };
  }
}

/** Validates a snapshot before it leaves main; throws when it breaks the contract (or holds a secret). */
export function checkedSnapshot(snapshot: StateSnapshot): StateSnapshot {
  return stateSnapshotSchema.parse(snapshot);
}
