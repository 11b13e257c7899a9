// The SSO portal API (rest-json, bearer token in x-amz-sso_bearer_token): ListAccounts,
// ListAccountRoles, GetRoleCredentials, Logout.
import type { CallContext, IncomingCall, Reply, ServiceDefinition } from '../http/service-server.js';
import { emptyReply, headerOf, jsonReply, restJsonError } from '../http/protocols.js';
import { PageError, pageOf, pageSize } from '../http/pagination.js';
import { ServiceError } from '../runtime/service-error.js';
import type { Directory, IamRole } from '../identity/directory.js';
import type { PortalSession, SessionStore } from '../identity/sessions.js';

/** How the portal lists a role: the permission set's name, as real Identity Center does. */
function portalRoleName(role: IamRole): string {
  return role.permissionSet?.name ?? role.roleName;
}

export interface PortalDeps {
  directory: Directory;
  sessions: SessionStore;
  /** The most items one page holds, whatever max_result asks (the scenario's portalPageSize). */
  maxPageSize?: number;
}

const DEFAULT_PAGE = 20;

function invalid(message: string): ServiceError {
  return new ServiceError(400, 'InvalidRequestException', message);
}

export function portalService(deps: PortalDeps): ServiceDefinition {
  const { directory, sessions } = deps;

  function authenticate(call: IncomingCall, context: CallContext): PortalSession {
    const token = headerOf(call.headers, 'x-amz-sso_bearer_token');
    const session = token ? sessions.sessionForAccessToken(token) : undefined;
    if (!session) throw new ServiceError(401, 'UnauthorizedException', 'Session token not found or invalid');
    context.user = session.user;
    return session;
  }

  function paged<T>(items: readonly T[], listing: string, query: URLSearchParams): { page: T[]; nextToken?: string } {
    try {
      const asked = pageSize(query.get('max_result') ?? undefined, DEFAULT_PAGE);
      return pageOf(items, listing, query.get('next_token') ?? undefined, Math.min(asked, deps.maxPageSize ?? asked));
    } catch (error) {
      if (error instanceof PageError) throw invalid(error.message);
      throw error;
    }
  }

  async function listAccounts(call: IncomingCall, context: CallContext): Promise<Reply> {
    await context.gate('ListAccounts');
    const session = authenticate(call, context);
    const query = new URLSearchParams(call.rawQuery);
    const { page, nextToken } = paged(directory.accountsOf(session.user), `accounts|${session.user}`, query);
    return jsonReply(200, {
      accountList: page.map((account) => ({ accountId: account.id, accountName: account.name, emailAddress: account.email ?? `aws+${account.id}@example.com` })),
      ...(nextToken ? { nextToken } : {}),
    });
  }

  async function listAccountRoles(call: IncomingCall, context: CallContext): Promise<Reply> {
    const query = new URLSearchParams(call.rawQuery);
    await context.gate('ListAccountRoles', '', query.get('account_id') ?? undefined);
    const session = authenticate(call, context);
    const accountId = query.get('account_id');
    if (!accountId) throw invalid('account_id is required');
    context.account = accountId;
    const { page, nextToken } = paged(directory.rolesOf(session.user, accountId), `roles|${session.user}|${accountId}`, query);
    return jsonReply(200, {
      // The portal names a role by its permission set ("AdministratorAccess"); only IAM and STS
      // show the provisioned AWSReservedSSO_<name>_<suffix> role.
      roleList: page.map((role) => ({ roleName: portalRoleName(role), accountId })),
      ...(nextToken ? { nextToken } : {}),
    });
  }

  async function getRoleCredentials(call: IncomingCall, context: CallContext): Promise<Reply> {
    const query = new URLSearchParams(call.rawQuery);
    await context.gate('GetRoleCredentials', '', query.get('account_id') ?? undefined);
    const session = authenticate(call, context);
    const roleName = query.get('role_name');
    const accountId = query.get('account_id');
    if (!roleName) throw invalid('role_name is required');
    if (!accountId) throw invalid('account_id is required');
    context.account = accountId;
    const role = directory.rolesOf(session.user, accountId).find((candidate) => portalRoleName(candidate) === roleName);
    if (!role) throw new ServiceError(403, 'ForbiddenException', 'No access');
    const credentials = sessions.issueCredentials(session, role);
    return jsonReply(200, {
      roleCredentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
        expiration: credentials.expiresAt,
      },
    });
  }

  async function logout(call: IncomingCall, context: CallContext): Promise<Reply> {
    await context.gate('Logout');
    const token = headerOf(call.headers, 'x-amz-sso_bearer_token');
    const session = token ? sessions.sessionForAccessToken(token) : undefined;
    if (!token || !session) throw new ServiceError(401, 'UnauthorizedException', 'Session token not found or invalid');
    context.user = session.user;
    sessions.logout(token);
    return emptyReply(200);
  }

  return {
    name: 'sso',
    async handle(call, context) {
      switch (`${call.method} ${call.rawPath}`) {
        case 'GET /assignment/accounts':
          return listAccounts(call, context);
        case 'GET /assignment/roles':
          return listAccountRoles(call, context);
        case 'GET /federation/credentials':
          return getRoleCredentials(call, context);
        case 'POST /logout':
          return logout(call, context);
        default:
          throw new ServiceError(404, 'UnknownOperationException', `No operation at ${call.method} ${call.rawPath}`);
      }
    },
    renderError: (error) => restJsonError(error),
    throttlingError: () => new ServiceError(429, 'TooManyRequestsException', 'Rate exceeded'),
    serverError: () => new ServiceError(500, 'InternalServerException', 'An internal error occurred'),
  };
}
