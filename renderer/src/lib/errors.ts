// Failed calls as the person reads them: message, then what to do. Both bridges reject with an
// Error carrying the SerializedError fields; anything else is shown by its message.
import type { SerializedErrorView } from '../../../main/contract.js';

export class BridgeError extends Error {
  readonly code: SerializedErrorView['code'];
  readonly hint: string | undefined;
  readonly retryable: boolean;
  constructor(error: SerializedErrorView) {
    super(error.message);
    this.name = 'BridgeError';
    this.code = error.code;
    this.hint = error.hint;
    this.retryable = error.retryable;
  }
}

export function toErrorView(error: unknown): SerializedErrorView {
  if (error && typeof error === 'object' && 'message' in error) {
    const candidate = error as { code?: unknown; message: unknown; hint?: unknown; retryable?: unknown };
    return {
      code: (typeof candidate.code === 'string' ? candidate.code : 'internal') as SerializedErrorView['code'],
      message: String(candidate.message),
      ...(typeof candidate.hint === 'string' ? { hint: candidate.hint } : {}),
      retryable: candidate.retryable === true,
    };
  }
  return { code: 'internal', message: String(error), retryable: false };
}
