// EKS's error names (rest-json): signature failures, IAM denials and the modelled exceptions.
import type { SignatureError } from '../http/sigv4.js';
import { ServiceError } from '../runtime/service-error.js';

export function eksAuthError(error: SignatureError): ServiceError {
  switch (error.kind) {
    case 'missing':
      return new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'malformed':
      return new ServiceError(400, 'IncompleteSignatureException', error.message);
    case 'unknown-key':
    case 'bad-token':
      return new ServiceError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    case 'expired-token':
      return new ServiceError(403, 'ExpiredTokenException', 'The security token included in the request is expired');
    case 'signature':
    case 'signature-expired':
      return new ServiceError(403, 'InvalidSignatureException', error.message);
  }
}

export const invalidParameter = (message: string, fields: Record<string, string> = {}) => new ServiceError(400, 'InvalidParameterException', message, fields);
export const invalidRequest = (message: string, fields: Record<string, string> = {}) => new ServiceError(400, 'InvalidRequestException', message, fields);
export const notFound = (message: string, fields: Record<string, string> = {}) => new ServiceError(404, 'ResourceNotFoundException', message, fields);
export const inUse = (message: string, fields: Record<string, string> = {}) => new ServiceError(409, 'ResourceInUseException', message, fields);

export const CONFIG_MAP_ONLY_MESSAGE = "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.";
