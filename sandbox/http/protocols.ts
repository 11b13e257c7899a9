// Wire formats: rest-json replies and errors (the error name in x-amzn-errortype, which both
// the JS SDK and botocore read first), and AWS query-protocol XML for STS and IAM.
//
// Which error a malformed request earns, per service (error names from the service models,
// botocore data/<service>/service-2.json):
// - SSO OIDC (sso-oidc 2019-06-10): InvalidRequestException with error/error_description for a
//   missing or ill-typed member; SerializationException for a body that is not a JSON object.
// - Portal (sso 2019-06-10): InvalidRequestException (a missing account_id, max_result out of
//   range, a foreign next_token).
// - EKS (eks 2017-11-01): InvalidParameterException for missing or out-of-range members and bad
//   next tokens, SerializationException for a body or member of the wrong JSON type, and
//   InvalidRequestException for a request the cluster's state does not allow.
// - STS and IAM (query protocol): MissingAction / InvalidAction, and IAM's ValidationError for a
//   member that breaks its constraints (the query protocol's name, without "Exception").
// ValidationException never occurs: it is an error shape a service has to model (as Smithy's
// framework ValidationException or its own), and none of these five models lists it. Their
// constraint violations come back as the modelled errors above, so the SDK clients and botocore
// see the same names from the sandbox as from AWS.
import type { Reply } from './service-server.js';
import type { ServiceError } from '../runtime/service-error.js';

export function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function emptyReply(status = 200): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: '' };
}

/** rest-json error: `{ message }` plus any modelled members (OIDC puts error/error_description here). */
export function restJsonError(error: ServiceError): Reply {
  const body: Record<string, string> = { ...error.fields };
  if (!('error' in error.fields)) body.message = error.message;
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
    body: JSON.stringify(body),
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char] ?? char);
}

/** `<Name>value</Name>` for each defined member, in order. */
export function xmlMembers(members: Array<[string, string | number | undefined]>): string {
  return members
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
}

export function queryReply(action: string, namespace: string, resultXml: string, requestId: string): Reply {
  const body =
    `<${action}Response xmlns="${namespace}">\n` +
    `  <${action}Result>${resultXml}</${action}Result>\n` +
    `  <ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>\n` +
    `</${action}Response>\n`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, body };
}

export function queryError(error: ServiceError, namespace: string, requestId: string): Reply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${namespace}">\n` +
    `  <Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n` +
    `</ErrorResponse>\n`;
  return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
}

/** Parses a JSON request body; the caller decides which error a malformed one earns. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | null {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
