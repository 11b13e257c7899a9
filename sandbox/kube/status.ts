// Kubernetes `Status` bodies, the shape every API error has (and a few successes), with the
// reason/code pairs the real API server uses so that kubectl prints the familiar messages.

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason?: string; message: string; field?: string }>;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** An error a handler throws to answer with a Status; the router turns it into the response. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeError';
  }

  toStatus(): KubeStatus {
    return failure(this.code, this.reason, this.message, this.details);
  }
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return status;
}

export function success(details?: StatusDetails): KubeStatus {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) status.details = details;
  return status;
}

/** What the API server answers when authentication fails (any cause: it never says which). */
export function unauthorized(): KubeError {
  return new KubeError(401, 'Unauthorized', 'Unauthorized');
}

/** `<resource> "<name>" not found`, with the group-qualified resource as kubectl prints it. */
export function notFound(resource: string, group: string, name: string): KubeError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new KubeError(404, 'NotFound', `${qualified} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(resource: string, group: string, name: string): KubeError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new KubeError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(resource: string, group: string, name: string): KubeError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new KubeError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );
}

export function badRequest(message: string): KubeError {
  return new KubeError(400, 'BadRequest', message);
}

export function invalid(kind: string, group: string, name: string, field: string, message: string): KubeError {
  const qualified = group ? `${kind}.${group}` : kind;
  return new KubeError(422, 'Invalid', `${qualified} "${name}" is invalid: ${field}: ${message}`, {
    name,
    group,
    kind,
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  });
}

/** The server's answer for paths it does not serve. */
export function pathNotFound(): KubeError {
  return new KubeError(404, 'NotFound', 'the server could not find the requested resource');
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): KubeError {
  return new KubeError(405, 'MethodNotAllowed', message);
}
