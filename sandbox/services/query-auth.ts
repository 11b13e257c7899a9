// Signature failures as the query-protocol services (STS, IAM) name them.
import type { SignatureError } from '../http/sigv4.js';
import { ServiceError } from '../runtime/service-error.js';

export function queryAuthError(error: SignatureError): ServiceError {
  switch (error.kind) {
    case 'missing':
      return new ServiceError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    case 'malformed':
      return new ServiceError(400, 'IncompleteSignature', error.message);
    case 'unknown-key':
    case 'bad-token':
      return new ServiceError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    case 'expired-token':
      return new ServiceError(400, 'ExpiredToken', 'The security token included in the request is expired');
    case 'signature':
    case 'signature-expired':
      return new ServiceError(403, 'SignatureDoesNotMatch', error.message);
  }
}

/** The parameters of a query-protocol call: the form body of a POST, else the query string. */
export function queryParameters(method: string, rawQuery: string, body: Buffer): URLSearchParams {
  const fromQuery = new URLSearchParams(rawQuery);
  if (method !== 'POST') return fromQuery;
  const fromBody = new URLSearchParams(body.toString('utf8'));
  for (const [key, value] of fromQuery) if (!fromBody.has(key)) fromBody.set(key, value);
  return fromBody;
}
