// STS (AWS query protocol, XML): GetCallerIdentity signed in a header (SDKs, the aws CLI) or
// presigned in the query (EKS tokens), plus the replay the cluster authenticator makes.
import type { CallContext, IncomingCall, Reply, ServiceDefinition } from '../http/service-server.js';
import { headerOf, queryError, queryReply, xmlMembers } from '../http/protocols.js';
import { SignatureError } from '../http/sigv4.js';
import { ServiceError } from '../runtime/service-error.js';
import type { SandboxClock } from '../runtime/clock.js';
import type { Faults } from '../runtime/faults.js';
import type { RequestLog } from '../runtime/request-log.js';
import type { SessionStore } from '../identity/sessions.js';
import { authenticateSigned, callerIdentity } from '../identity/signed-caller.js';
import type { CallerIdentity } from '../kube/contract.js';
import { queryAuthError, queryParameters } from './query-auth.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const VERSION = '2011-06-15';

export interface StsDeps {
  sessions: SessionStore;
  clock: SandboxClock;
}

function identityXml(identity: CallerIdentity): string {
  return xmlMembers([
    ['UserId', identity.userId],
    ['Account', identity.account],
    ['Arn', identity.arn],
  ]);
}

export function stsService(deps: StsDeps): ServiceDefinition {
  async function handle(call: IncomingCall, context: CallContext): Promise<Reply> {
    if (call.rawPath !== '/' && call.rawPath !== '') throw new ServiceError(404, 'UnknownOperationException', `No operation at ${call.rawPath}`);
    const parameters = queryParameters(call.method, call.rawQuery, call.body);
    const action = parameters.get('Action');
    if (!action) throw new ServiceError(400, 'MissingAction', 'Missing Action');
    if (action !== 'GetCallerIdentity' || parameters.get('Version') !== VERSION) {
      throw new ServiceError(400, 'InvalidAction', `Could not find operation ${action} for version ${parameters.get('Version') ?? '(none)'}`);
    }
    await context.gate('GetCallerIdentity');
    let identity: CallerIdentity;
    try {
      const { credentials, signature } = authenticateSigned({ ...call, headers: call.headers }, deps.sessions, deps.clock, 'sts');
      identity = callerIdentity(credentials);
      context.user = credentials.user;
      context.account = identity.account;
      context.region = signature.region;
    } catch (error) {
      if (error instanceof SignatureError) throw queryAuthError(error);
      throw error;
    }
    // The cluster authenticator asks for JSON; everyone else gets the modelled XML.
    if (headerOf(call.headers, 'accept')?.includes('application/json')) {
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          GetCallerIdentityResponse: {
            GetCallerIdentityResult: { Account: identity.account, Arn: identity.arn, UserId: identity.userId },
            ResponseMetadata: { RequestId: context.requestId },
          },
        }),
      };
    }
    return queryReply('GetCallerIdentity', NAMESPACE, identityXml(identity), context.requestId);
  }

  return {
    name: 'sts',
    handle,
    renderError: (error, requestId) => queryError(error, NAMESPACE, requestId),
    throttlingError: () => new ServiceError(429, 'Throttling', 'Rate exceeded'),
    serverError: () => new ServiceError(500, 'InternalFailure', 'An internal error occurred'),
  };
}

export interface PresignedVerifierDeps extends StsDeps {
  faults: Faults;
  log: RequestLog;
}

/**
 * Replays a presigned GetCallerIdentity URL as STS would answer the cluster authenticator:
 * same signature, credential, revocation and 15-minute checks as the HTTP endpoint.
 */
export function verifyPresignedGetCallerIdentity(deps: PresignedVerifierDeps, url: string, headers: Record<string, string>): CallerIdentity {
  const started = performance.now();
  const record = (status: number, error?: string, identity?: CallerIdentity) =>
    deps.log.record({
      time: new Date(deps.clock.now()).toISOString(),
      service: 'sts',
      operation: 'GetCallerIdentity',
      status,
      ...(error ? { error } : {}),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(identity ? { account: identity.account } : {}),
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    record(400, 'InvalidURL');
    throw new Error('the presigned URL is not a URL', { cause: error });
  }
  const outcome = deps.faults.gate('GetCallerIdentity');
  if (outcome !== 'pass') {
    record(outcome === 'throttled' ? 429 : 500, outcome === 'throttled' ? 'Throttling' : 'InternalFailure');
    throw new Error(outcome === 'throttled' ? 'STS throttled the request (Throttling)' : 'STS failed (InternalFailure)');
  }
  const lowered: Record<string, string> = { host: parsed.host };
  for (const [name, value] of Object.entries(headers)) lowered[name.toLowerCase()] = value;
  const query = new URLSearchParams(parsed.search);
  if (query.get('Action') !== 'GetCallerIdentity') {
    record(400, 'InvalidAction');
    throw new Error('the presigned URL is not a GetCallerIdentity call');
  }
  try {
    const { credentials } = authenticateSigned({ method: 'GET', rawPath: parsed.pathname, rawQuery: parsed.search.replace(/^\?/, ''), headers: lowered, body: '' }, deps.sessions, deps.clock, 'sts');
    const identity = callerIdentity(credentials);
    record(200, undefined, identity);
    return identity;
  } catch (error) {
    if (error instanceof SignatureError) {
      const serviceError = queryAuthError(error);
      record(serviceError.status, serviceError.code);
      throw new Error(`STS rejected the token: ${serviceError.code}: ${serviceError.message}`, { cause: error });
    }
    throw error;
  }
}
