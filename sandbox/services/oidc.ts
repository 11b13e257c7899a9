// SSO OIDC (rest-json, unsigned): RegisterClient, StartDeviceAuthorization, CreateToken for the
// device-code, PKCE authorization-code and refresh-token grants, plus the verification and
// /authorize pages. Errors carry `error` and `error_description` as the real service's do.
import type { CallContext, IncomingCall, Reply, ServiceDefinition } from '../http/service-server.js';
import { jsonReply, parseJsonObject, restJsonError } from '../http/protocols.js';
import { ServiceError } from '../runtime/service-error.js';
import type { Directory } from '../identity/directory.js';
import type { SandboxClock } from '../runtime/clock.js';
import { DEVICE_GRANT } from '../identity/sessions.js';
import type { OidcClient, SessionStore, TokenSet } from '../identity/sessions.js';
import { authorizePage, deviceCodeEntryPage, devicePage, redirect, resultPage } from './oidc-pages.js';

export interface OidcDeps {
  directory: Directory;
  sessions: SessionStore;
  clock: SandboxClock;
  /** When set, /authorize signs this user in without showing the page. */
  autoApproveUser: () => string | undefined;
}

const KNOWN_GRANTS = new Set(['authorization_code', DEVICE_GRANT, 'refresh_token']);

function invalidRequest(description: string): ServiceError {
  return new ServiceError(400, 'InvalidRequestException', description, { error: 'invalid_request', error_description: description });
}

function stringField(body: Record<string, unknown>, name: string, required: true): string;
function stringField(body: Record<string, unknown>, name: string, required: false): string | undefined;
function stringField(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw invalidRequest(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || (required && value.length === 0)) throw invalidRequest(`${name} must be a non-empty string`);
  return value;
}

function stringList(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) throw invalidRequest(`${name} must be a list of strings`);
  return value;
}

function jsonBody(call: IncomingCall): Record<string, unknown> {
  const body = parseJsonObject(call.body);
  if (!body) throw new ServiceError(400, 'SerializationException', 'Request body is not a valid JSON object');
  return body;
}

function formBody(call: IncomingCall): URLSearchParams {
  return new URLSearchParams(call.body.toString('utf8'));
}

/** Start URLs compare without a trailing slash or "#/" fragment, as people paste them both ways. */
function sameStartUrl(a: string, b: string): boolean {
  const normalise = (url: string) => url.trim().replace(/#.*$/, '').replace(/\/+$/, '');
  return normalise(a) === normalise(b);
}

function tokenReply(tokens: TokenSet): Reply {
  return jsonReply(200, { accessToken: tokens.accessToken, tokenType: 'Bearer', expiresIn: tokens.expiresIn, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) });
}

export function oidcService(deps: OidcDeps): ServiceDefinition {
  const { directory, sessions } = deps;
  const instance = directory.scenario.identityCenter;
  const userNames = () => [...directory.users.keys()];

  function requireGrant(client: OidcClient, grant: string): void {
    // Clients registered without grantTypes (the CLI's device flow) may use device and refresh grants.
    const allowed = client.grantTypes.length > 0 ? client.grantTypes : [DEVICE_GRANT, 'refresh_token'];
    if (!allowed.includes(grant)) {
      throw new ServiceError(400, 'UnauthorizedClientException', `Client is not authorized for grant type ${grant}`, {
        error: 'unauthorized_client',
        error_description: `Client is not authorized for grant type ${grant}`,
      });
    }
  }

  async function registerClient(call: IncomingCall, context: CallContext): Promise<Reply> {
    await context.gate('RegisterClient');
    const body = jsonBody(call);
    const clientName = stringField(body, 'clientName', true);
    const clientType = stringField(body, 'clientType', true);
    if (clientType !== 'public') {
      throw new ServiceError(400, 'InvalidClientMetadataException', 'Invalid client type', { error: 'invalid_client_metadata', error_description: 'Invalid client type' });
    }
    const grantTypes = stringList(body, 'grantTypes');
    const unknown = grantTypes.find((grant) => !KNOWN_GRANTS.has(grant));
    if (unknown) throw new ServiceError(400, 'UnsupportedGrantTypeException', `Unsupported grant type ${unknown}`, { error: 'unsupported_grant_type', error_description: `Unsupported grant type ${unknown}` });
    const redirectUris = stringList(body, 'redirectUris');
    for (const uri of redirectUris) {
      let url: URL | undefined;
      try {
        url = new URL(uri);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new ServiceError(400, 'InvalidRedirectUriException', `Invalid redirect URI ${uri}`, { error: 'invalid_redirect_uri', error_description: `Invalid redirect URI ${uri}` });
      }
    }
    if (grantTypes.includes('authorization_code') && redirectUris.length === 0) throw invalidRequest('redirectUris are required for the authorization_code grant');
    const client = sessions.registerClient({ clientName, scopes: stringList(body, 'scopes'), redirectUris, grantTypes });
    const base = `http://${call.host}`;
    return jsonReply(200, {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: client.issuedAt,
      clientSecretExpiresAt: client.secretExpiresAt,
      ...(grantTypes.includes('authorization_code') ? { authorizationEndpoint: `${base}/authorize`, tokenEndpoint: `${base}/token` } : {}),
    });
  }

  async function startDeviceAuthorization(call: IncomingCall, context: CallContext): Promise<Reply> {
    await context.gate('StartDeviceAuthorization');
    const body = jsonBody(call);
    const clientId = stringField(body, 'clientId', true);
    const clientSecret = stringField(body, 'clientSecret', true);
    const startUrl = stringField(body, 'startUrl', true);
    const client = sessions.authenticateClient(clientId, clientSecret);
    if (!sameStartUrl(startUrl, instance.startUrl)) throw invalidRequest(`Invalid start URL ${startUrl}`);
    const device = sessions.startDeviceAuthorization(client, instance.startUrl);
    const verificationUri = `http://${call.host}/device`;
    return jsonReply(200, {
      deviceCode: device.deviceCode,
      userCode: device.userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${encodeURIComponent(device.userCode)}`,
      expiresIn: instance.deviceCodeLifetime,
      interval: device.interval,
    });
  }

  async function createToken(call: IncomingCall, context: CallContext): Promise<Reply> {
    await context.gate('CreateToken');
    const body = jsonBody(call);
    const clientId = stringField(body, 'clientId', true);
    const clientSecret = stringField(body, 'clientSecret', true);
    const grantType = stringField(body, 'grantType', true);
    const client = sessions.authenticateClient(clientId, clientSecret);
    if (!KNOWN_GRANTS.has(grantType)) {
      throw new ServiceError(400, 'UnsupportedGrantTypeException', `Unsupported grant type ${grantType}`, { error: 'unsupported_grant_type', error_description: `Unsupported grant type ${grantType}` });
    }
    requireGrant(client, grantType);
    if (grantType === DEVICE_GRANT) return tokenReply(sessions.pollDevice(client, stringField(body, 'deviceCode', true)));
    if (grantType === 'refresh_token') return tokenReply(sessions.refresh(client, stringField(body, 'refreshToken', true)));
    const code = stringField(body, 'code', true);
    const redirectUri = stringField(body, 'redirectUri', true);
    const codeVerifier = stringField(body, 'codeVerifier', true);
    return tokenReply(sessions.exchangeCode(client, code, redirectUri, codeVerifier));
  }

  function verificationPage(call: IncomingCall, context: CallContext): Reply {
    context.operation = 'VerificationPage';
    const code = new URLSearchParams(call.rawQuery).get('user_code');
    if (!code) return deviceCodeEntryPage();
    const device = sessions.deviceByUserCode(code);
    if (!device || device.state !== 'pending' || device.expiresAt <= deps.clock.now()) {
      return deviceCodeEntryPage('This code is not valid, has expired or has already been used.');
    }
    return devicePage({ userCode: device.userCode, startUrl: device.startUrl, region: instance.region, users: userNames() });
  }

  function verificationDecision(call: IncomingCall, context: CallContext): Reply {
    context.operation = 'VerificationDecision';
    const form = formBody(call);
    const code = form.get('user_code') ?? '';
    const decision = form.get('decision');
    const user = form.get('user') ?? userNames()[0] ?? '';
    if (!directory.users.has(user)) return resultPage(400, 'Unknown user', `There is no user ${user} in this directory.`);
    const decided = sessions.decideDevice(code, decision === 'allow' ? 'approve' : 'deny', user);
    if (!decided) return resultPage(400, 'Code expired', 'This code has expired or was already used. Start the sign-in again.');
    context.user = user;
    return decision === 'allow'
      ? resultPage(200, 'Request approved', `You are signed in as ${user}. You can close this window.`)
      : resultPage(200, 'Request denied', 'The sign-in request was denied. You can close this window.');
  }

  function authorize(call: IncomingCall, context: CallContext): Reply {
    context.operation = 'Authorize';
    const query = new URLSearchParams(call.rawQuery);
    const client = sessions.clientById(query.get('client_id') ?? '');
    const redirectUri = query.get('redirect_uri') ?? '';
    // Per OAuth, a bad client or redirect URI is shown to the person, never redirected to.
    if (!client) return resultPage(400, 'Invalid request', 'Unknown client_id.');
    if (!sessions.redirectAllowed(client, redirectUri)) return resultPage(400, 'Invalid request', 'redirect_uri is not registered for this client.');
    const state = query.get('state') ?? '';
    const fail = (error: string, description: string) => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (state) target.searchParams.set('state', state);
      return redirect(target.toString());
    };
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required');
    if (!client.grantTypes.includes('authorization_code')) return fail('unauthorized_client', 'Client is not registered for the authorization_code grant');
    const scopes = (query.get('scopes') ?? '').split(/[ ,]+/).filter(Boolean);
    const request = sessions.createAuthorizationRequest({ clientId: client.clientId, redirectUri, state, codeChallenge: query.get('code_challenge') ?? '', scopes });
    const autoUser = deps.autoApproveUser();
    if (autoUser) return approvedRedirect(request.id, autoUser, context);
    return authorizePage({ requestId: request.id, clientName: client.clientName, startUrl: instance.startUrl, scopes, users: userNames() });
  }

  function approvedRedirect(requestId: string, user: string, context: CallContext): Reply {
    const request = sessions.takeAuthorizationRequest(requestId);
    if (!request) return resultPage(400, 'Request expired', 'This sign-in request has expired or was already answered. Start the sign-in again.');
    const code = sessions.issueAuthorizationCode(request, user);
    context.user = user;
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', request.state);
    return redirect(target.toString());
  }

  function authorizeDecision(call: IncomingCall, context: CallContext): Reply {
    context.operation = 'AuthorizeDecision';
    const form = formBody(call);
    const requestId = form.get('request') ?? '';
    const user = form.get('user') ?? userNames()[0] ?? '';
    if (form.get('decision') === 'allow') {
      if (!directory.users.has(user)) return resultPage(400, 'Unknown user', `There is no user ${user} in this directory.`);
      return approvedRedirect(requestId, user, context);
    }
    const request = sessions.takeAuthorizationRequest(requestId);
    if (!request) return resultPage(400, 'Request expired', 'This sign-in request has expired or was already answered.');
    const target = new URL(request.redirectUri);
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied the request');
    target.searchParams.set('state', request.state);
    return redirect(target.toString());
  }

  return {
    name: 'sso-oidc',
    async handle(call, context) {
      const route = `${call.method} ${call.rawPath}`;
      switch (route) {
        case 'POST /client/register':
          return registerClient(call, context);
        case 'POST /device_authorization':
          return startDeviceAuthorization(call, context);
        case 'POST /token':
          return createToken(call, context);
        case 'GET /device':
        case 'GET /device/':
          return verificationPage(call, context);
        case 'POST /device':
          return verificationDecision(call, context);
        case 'GET /authorize':
          return authorize(call, context);
        case 'POST /authorize':
          return authorizeDecision(call, context);
        default:
          throw new ServiceError(404, 'UnknownOperationException', `No operation at ${call.method} ${call.rawPath}`);
      }
    },
    renderError: (error) => restJsonError(error),
    throttlingError: () => new ServiceError(429, 'SlowDownException', 'Too many requests', { error: 'slow_down', error_description: 'Too many requests' }),
    serverError: () => new ServiceError(500, 'InternalServerException', 'An internal error occurred', { error: 'server_error', error_description: 'An internal error occurred' }),
  };
}
