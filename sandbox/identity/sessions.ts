// Identity Center's runtime state: registered OIDC clients, pending device and PKCE sign-ins,
// portal sessions with their access and refresh tokens, and the role credentials issued from
// them. Secrets only live here, in memory; nothing in this file logs.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SandboxClock } from '../runtime/clock.js';
import { ServiceError } from '../runtime/service-error.js';
import type { IamRole } from './directory.js';
import { accessKeyId, randomToken, secretAccessKey, userCode as newUserCode } from './secrets.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  redirectUris: string[];
  grantTypes: string[];
  issuedAt: number;
  secretExpiresAt: number;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  interval: number;
  state: 'pending' | 'approved' | 'denied' | 'consumed';
  user?: string;
  lastPollAt?: number;
}

export interface AuthorizationRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes: string[];
  expiresAt: number;
}

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: string;
  expiresAt: number;
}

export interface PortalSession {
  id: string;
  user: string;
  clientId: string;
  startedAt: number;
  endsAt: number;
  revoked: boolean;
  refreshable: boolean;
}

interface AccessToken {
  sessionId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  role: IamRole;
  user: string;
  sessionId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface TokenSet {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

export interface TokenLifetimes {
  accessTokenSeconds: number;
  sessionSeconds: number;
}

function oidcError(status: number, code: string, error: string, description: string): ServiceError {
  return new ServiceError(status, code, description, { error, error_description: description });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 8252 §7.3: a loopback redirect registered without a port matches any port. */
function redirectMatches(registered: string[], used: string): boolean {
  let usedUrl: URL;
  try {
    usedUrl = new URL(used);
  } catch {
    return false;
  }
  return registered.some((entry) => {
    if (entry === used) return true;
    try {
      const url = new URL(entry);
      const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
      return loopback && url.port === '' && url.protocol === usedUrl.protocol && url.hostname === usedUrl.hostname && url.pathname === usedUrl.pathname;
    } catch {
      return false;
    }
  });
}

export class SessionStore {
  private readonly clients = new Map<string, OidcClient>();
  private readonly devices = new Map<string, DeviceAuthorization>();
  private readonly devicesByUserCode = new Map<string, DeviceAuthorization>();
  private readonly authorizationRequests = new Map<string, AuthorizationRequest>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly sessions = new Map<string, PortalSession>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly credentials = new Map<string, IssuedCredentials>();
  private lifetimes: TokenLifetimes;
  /** Called when a device authorization starts (auto-approve hooks in here). */
  onDeviceAuthorization: ((authorization: DeviceAuthorization) => void) | undefined;

  constructor(
    private readonly clock: SandboxClock,
    private readonly instance: { startUrl: string; deviceCodeLifetime: number; pollInterval: number },
    lifetimes: TokenLifetimes,
  ) {
    this.lifetimes = lifetimes;
  }

  setTokenLifetimes(change: Partial<TokenLifetimes>): TokenLifetimes {
    this.lifetimes = { ...this.lifetimes, ...change };
    return this.lifetimes;
  }

  registerClient(input: { clientName: string; scopes: string[]; redirectUris: string[]; grantTypes: string[] }): OidcClient {
    const now = this.clock.now();
    const client: OidcClient = {
      ...input,
      clientId: randomToken(16),
      clientSecret: randomToken(48),
      issuedAt: Math.floor(now / 1000),
      secretExpiresAt: Math.floor(now / 1000) + 90 * 86400,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The client, if the id and secret match and the registration has not expired. */
  authenticateClient(clientId: string, clientSecret: string): OidcClient {
    const client = this.clients.get(clientId);
    if (!client || !sameSecret(clientSecret, client.clientSecret)) throw oidcError(401, 'InvalidClientException', 'invalid_client', 'Invalid client provided');
    if (client.secretExpiresAt * 1000 <= this.clock.now()) throw oidcError(401, 'InvalidClientException', 'invalid_client', 'Client registration has expired');
    return client;
  }

  clientById(clientId: string): OidcClient | undefined {
    return this.clients.get(clientId);
  }

  startDeviceAuthorization(client: OidcClient, startUrl: string): DeviceAuthorization {
    let code = newUserCode();
    while (this.devicesByUserCode.has(code)) code = newUserCode();
    const authorization: DeviceAuthorization = {
      deviceCode: randomToken(48),
      userCode: code,
      clientId: client.clientId,
      startUrl,
      expiresAt: this.clock.now() + this.instance.deviceCodeLifetime * 1000,
      interval: this.instance.pollInterval,
      state: 'pending',
    };
    this.devices.set(authorization.deviceCode, authorization);
    this.devicesByUserCode.set(code, authorization);
    this.onDeviceAuthorization?.(authorization);
    return authorization;
  }

  deviceByUserCode(code: string): DeviceAuthorization | undefined {
    return this.devicesByUserCode.get(code.trim().toUpperCase());
  }

  pendingDevices(): DeviceAuthorization[] {
    const now = this.clock.now();
    return [...this.devices.values()].filter((device) => device.state === 'pending' && device.expiresAt > now);
  }

  /** Approve or deny from the verification page or the admin API. Returns false when the code is unknown or no longer pending. */
  decideDevice(code: string, decision: 'approve' | 'deny', user?: string): boolean {
    const device = this.deviceByUserCode(code);
    if (!device || device.state !== 'pending' || device.expiresAt <= this.clock.now()) return false;
    device.state = decision === 'approve' ? 'approved' : 'denied';
    device.user = user;
    return true;
  }

  /** One CreateToken poll with a device code: tokens, or the OAuth error a real poller sees. */
  pollDevice(client: OidcClient, deviceCode: string): TokenSet {
    const device = this.devices.get(deviceCode);
    if (!device || device.clientId !== client.clientId) throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid device code provided');
    const now = this.clock.now();
    if (device.expiresAt <= now) throw oidcError(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
    if (device.state === 'denied') throw oidcError(400, 'AccessDeniedException', 'access_denied', 'Authorization was denied by the user');
    if (device.state === 'consumed') throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Device code has already been used');
    if (device.state === 'pending') {
      // RFC 8628 §3.5: polling faster than the interval earns slow_down (a little slack for timer jitter).
      const tooSoon = device.lastPollAt !== undefined && now - device.lastPollAt < device.interval * 1000 - 150;
      device.lastPollAt = now;
      if (tooSoon) throw oidcError(400, 'SlowDownException', 'slow_down', 'Client is polling too quickly');
      throw oidcError(400, 'AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending');
    }
    device.state = 'consumed';
    return this.openSession(client, device.user ?? '');
  }

  createAuthorizationRequest(input: Omit<AuthorizationRequest, 'id' | 'expiresAt'>): AuthorizationRequest {
    const request: AuthorizationRequest = { ...input, id: randomToken(16), expiresAt: this.clock.now() + 600_000 };
    this.authorizationRequests.set(request.id, request);
    return request;
  }

  takeAuthorizationRequest(id: string): AuthorizationRequest | undefined {
    const request = this.authorizationRequests.get(id);
    this.authorizationRequests.delete(id);
    if (!request || request.expiresAt <= this.clock.now()) return undefined;
    return request;
  }

  issueAuthorizationCode(request: AuthorizationRequest, user: string): string {
    const code = randomToken(32);
    this.codes.set(code, { clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, user, expiresAt: this.clock.now() + 300_000 });
    return code;
  }

  redirectAllowed(client: OidcClient, redirectUri: string): boolean {
    return redirectMatches(client.redirectUris, redirectUri);
  }

  exchangeCode(client: OidcClient, code: string, redirectUri: string, codeVerifier: string): TokenSet {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    const invalid = (description: string) => oidcError(400, 'InvalidGrantException', 'invalid_grant', description);
    if (!entry || entry.clientId !== client.clientId) throw invalid('Invalid authorization code provided');
    if (entry.expiresAt <= this.clock.now()) throw invalid('Authorization code has expired');
    if (entry.redirectUri !== redirectUri) throw invalid('Redirect URI does not match the authorization request');
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    if (challenge !== entry.codeChallenge) throw invalid('Code verifier does not match the code challenge');
    return this.openSession(client, entry.user);
  }

  refresh(client: OidcClient, refreshToken: string): TokenSet {
    const sessionId = this.refreshTokens.get(refreshToken);
    const session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    if (!session || session.clientId !== client.clientId || !this.sessionLive(session)) {
      throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
    }
    return { ...this.mintAccessToken(session), refreshToken };
  }

  private openSession(client: OidcClient, user: string): TokenSet {
    const now = this.clock.now();
    const session: PortalSession = {
      id: randomToken(12),
      user,
      clientId: client.clientId,
      startedAt: now,
      endsAt: now + this.lifetimes.sessionSeconds * 1000,
      revoked: false,
      // Identity Center hands out refresh tokens only to clients registered with scopes.
      refreshable: client.scopes.length > 0,
    };
    this.sessions.set(session.id, session);
    const tokens = this.mintAccessToken(session);
    if (!session.refreshable) return tokens;
    const refreshToken = randomToken(64);
    this.refreshTokens.set(refreshToken, session.id);
    return { ...tokens, refreshToken };
  }

  private mintAccessToken(session: PortalSession): TokenSet {
    const now = this.clock.now();
    // Legacy (scope-less) sign-ins get one fixed token for the whole session; scoped ones a
    // short token they refresh, never past the session's end.
    const expiresAt = session.refreshable ? Math.min(now + this.lifetimes.accessTokenSeconds * 1000, session.endsAt) : session.endsAt;
    const accessToken = randomToken(96);
    this.accessTokens.set(accessToken, { sessionId: session.id, expiresAt, revoked: false });
    return { accessToken, expiresIn: Math.max(1, Math.round((expiresAt - now) / 1000)) };
  }

  private sessionLive(session: PortalSession): boolean {
    return !session.revoked && session.endsAt > this.clock.now();
  }

  /** The portal session behind a bearer token, or undefined when unknown, expired or revoked. */
  sessionForAccessToken(token: string): PortalSession | undefined {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.revoked || entry.expiresAt <= this.clock.now()) return undefined;
    const session = this.sessions.get(entry.sessionId);
    if (!session || session.revoked) return undefined;
    // An access token never outlives an expired (not merely refreshable) session.
    if (session.endsAt <= this.clock.now()) return undefined;
    return session;
  }

  logout(token: string): void {
    const entry = this.accessTokens.get(token);
    const session = entry && this.sessions.get(entry.sessionId);
    if (session) session.revoked = true;
  }

  issueCredentials(session: PortalSession, role: IamRole): IssuedCredentials {
    const duration = (role.permissionSet?.sessionDuration ?? 3600) * 1000;
    const credentials: IssuedCredentials = {
      accessKeyId: accessKeyId(),
      secretAccessKey: secretAccessKey(),
      sessionToken: randomToken(180),
      role,
      user: session.user,
      sessionId: session.id,
      expiresAt: this.clock.now() + duration,
      revoked: false,
    };
    this.credentials.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  credentialsByAccessKey(id: string): IssuedCredentials | undefined {
    return this.credentials.get(id);
  }

  /** Ends the user's sessions now, as if they had run out: no access, no refresh. Role credentials stay valid until they expire, as in AWS. */
  expireSessions(user: string): number {
    const now = this.clock.now();
    let count = 0;
    for (const session of this.sessions.values()) {
      if (session.user === user && session.endsAt > now) {
        session.endsAt = now;
        count++;
      }
    }
    return count;
  }

  /** Revokes the user's sessions and every role credential issued from them. */
  revokeSessions(user: string): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (session.user === user && !session.revoked) {
        session.revoked = true;
        count++;
      }
    }
    for (const credentials of this.credentials.values()) if (credentials.user === user) credentials.revoked = true;
    return count;
  }

  sessionSummaries(): Array<Omit<PortalSession, 'clientId'>> {
    return [...this.sessions.values()].map(({ clientId: _clientId, ...rest }) => rest);
  }
}
