// Turns what the SDK and the network throw into one-line CoreErrors with a hint. Switches
// on `error.name` / `error.code`, never on message text (OIDC errors say "UnknownError").
import { CoreError, isCoreError } from '../errors.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EPIPE', 'UND_ERR_SOCKET']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof record.code === 'string') return record.code;
  // Happy-eyeballs connection failures arrive as an AggregateError of per-address errors.
  if (Array.isArray(record.errors)) for (const inner of record.errors) { const code = errorCode(inner); if (code) return code; }
  return record.cause ? errorCode(record.cause) : undefined;
}

export function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '';
}

export function httpStatus(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return metadata?.httpStatusCode;
}

export function isNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return (code !== undefined && NETWORK_CODES.has(code)) || errorName(error) === 'TimeoutError';
}

export function isThrottle(error: unknown): boolean {
  const name = errorName(error);
  return name === 'TooManyRequestsException' || name === 'ThrottlingException' || name === 'SlowDownException' || httpStatus(error) === 429;
}

export function isServerFault(error: unknown): boolean {
  const status = httpStatus(error);
  return (status !== undefined && status >= 500) || errorName(error) === 'InternalServerException';
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted) || errorName(error) === 'AbortError';
}

export function cancelled(what: string): CoreError {
  return new CoreError('cancelled', `${what} was cancelled`);
}

/**
 * What we keep of an SDK error as a CoreError's cause: its name and message only. The SDK
 * error carries the raw HTTP exchange, whose headers hold the bearer token.
 */
export function scrubbed(error: unknown): Error {
  const copy = new Error(error instanceof Error ? error.message : String(error));
  copy.name = errorName(error) || 'Error';
  const code = errorCode(error);
  if (code) Object.assign(copy, { code });
  return copy;
}

/** The CoreError for anything a portal or OIDC call threw, with the session for the hint. */
export function toCoreError(error: unknown, where: { service: string; session?: string; signal?: AbortSignal }): CoreError {
  if (isCoreError(error)) return error;
  const relogin = where.session ? `Sign in again: eks-sso login --session ${where.session}` : 'Sign in again with eks-sso login';
  if (isAbort(error, where.signal)) return cancelled(where.service);
  if (isNetworkError(error)) {
    return new CoreError('network', `cannot reach ${where.service} (${errorCode(error) ?? 'timeout'})`, {
      hint: 'Check your network connection, VPN or proxy, then try again',
      retryable: true,
      cause: scrubbed(error),
    });
  }
  const name = errorName(error);
  switch (name) {
    case 'UnauthorizedException':
      return new CoreError('session-expired', `the SSO session${where.session ? ` "${where.session}"` : ''} was revoked or has expired`, { hint: relogin, cause: scrubbed(error) });
    case 'TooManyRequestsException':
    case 'SlowDownException':
      return new CoreError('throttled', `${where.service} is throttling requests`, { hint: 'Wait a minute and try again', retryable: true, cause: scrubbed(error) });
    case 'InvalidGrantException':
    case 'ExpiredTokenException':
      return new CoreError('session-expired', `the SSO session${where.session ? ` "${where.session}"` : ''} can no longer be refreshed`, { hint: relogin, cause: scrubbed(error) });
    case 'InvalidClientException':
    case 'UnauthorizedClientException':
      return new CoreError('session-expired', 'the client registration for sign-in was rejected', { hint: relogin, cause: scrubbed(error) });
    case 'ForbiddenException':
    case 'AccessDeniedException':
      return new CoreError('access-denied', `${where.service} refused access`, { hint: 'Check which accounts and roles you have with eks-sso accounts', cause: scrubbed(error) });
    case 'ResourceNotFoundException':
      return new CoreError('not-found', `${where.service}: not found`, { cause: scrubbed(error) });
    case 'InvalidRequestException':
    case 'ValidationException':
      return new CoreError('aws', `${where.service} rejected the request (${name})`, { hint: 'Check the start URL and region', cause: scrubbed(error) });
    default:
      break;
  }
  if (isServerFault(error)) {
    return new CoreError('aws', `${where.service} had an internal error`, { hint: 'Try again in a moment', retryable: true, cause: scrubbed(error) });
  }
  return new CoreError('aws', `${where.service} failed${name ? ` (${name})` : ''}`, { hint: 'Run again with --verbose for details', cause: scrubbed(error) });
}
