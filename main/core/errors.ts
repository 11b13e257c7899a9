// One error family for the whole product. The CLI prints `message` and `hint` on one line,
// the dashboard shows them, and nobody string-matches messages: switch on `code`.

export type ErrorCode =
  | 'usage'
  | 'invalid-input'
  | 'not-found'
  | 'signed-out'
  | 'session-expired'
  | 'access-denied'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'conflict'
  | 'corrupt-file'
  | 'locked'
  | 'clock-skew'
  | 'aws'
  | 'kubernetes'
  | 'internal';

export interface CoreErrorOptions {
  hint?: string;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Marks CoreErrors across copies of this module: `eks-sso status` runs from a self-contained
 * bundle that may load code from the main build lazily, each with its own CoreError class.
 */
const CORE_ERROR = Symbol.for('eks-sso.CoreError');

export class CoreError extends Error {
  readonly [CORE_ERROR] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: CoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
  }

  /** The one line a person reads: what went wrong, then what to do. */
  toLine(): string {
    return this.hint ? `${this.message}. ${this.hint}` : this.message;
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return value instanceof CoreError || (value instanceof Error && (value as Partial<Record<typeof CORE_ERROR, unknown>>)[CORE_ERROR] === true);
}

/** Plain-object form for IPC and the web bridge (prototypes do not survive structured clone). */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint?: string;
  retryable: boolean;
}

export function serializeError(error: unknown): SerializedError {
  if (isCoreError(error)) {
    return { code: error.code, message: error.message, retryable: error.retryable, ...(error.hint ? { hint: error.hint } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, retryable: false };
}
