// IAM (AWS query protocol, XML): GetRole, for the SSO roles and the scenario's other roles,
// with the full path. Only callers whose permission set allows iam:GetRole get an answer,
// and only for roles in their own account.
import type { CallContext, IncomingCall, Reply, ServiceDefinition } from '../http/service-server.js';
import { queryError, queryReply, xmlMembers } from '../http/protocols.js';
import { SignatureError } from '../http/sigv4.js';
import { ServiceError } from '../runtime/service-error.js';
import type { SandboxClock } from '../runtime/clock.js';
import { actionAllowed } from '../identity/directory.js';
import type { Directory, IamRole } from '../identity/directory.js';
import type { SessionStore } from '../identity/sessions.js';
import { authenticateSigned, callerIdentity } from '../identity/signed-caller.js';
import { queryAuthError, queryParameters } from './query-auth.js';

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const VERSION = '2010-05-08';

export interface IamDeps {
  directory: Directory;
  sessions: SessionStore;
  clock: SandboxClock;
}

function trustPolicy(role: IamRole, identityCenterRegion: string): string {
  const principal = role.permissionSet
    ? { Federated: `arn:aws:iam::${role.accountId}:saml-provider/AWSSSO_${role.roleId.slice(4, 20).toLowerCase()}_DO_NOT_DELETE` }
    : { Service: 'ec2.amazonaws.com' };
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: role.permissionSet ? ['sts:AssumeRoleWithSAML', 'sts:TagSession'] : 'sts:AssumeRole',
        ...(role.permissionSet ? { Condition: { StringEquals: { 'SAML:aud': `https://${identityCenterRegion}.signin.aws.amazon.com/saml` } } } : {}),
      },
    ],
  };
  // IAM returns the policy document URL-encoded inside the XML.
  return encodeURIComponent(JSON.stringify(document));
}

export function iamService(deps: IamDeps): ServiceDefinition {
  async function handle(call: IncomingCall, context: CallContext): Promise<Reply> {
    if (call.rawPath !== '/' && call.rawPath !== '') throw new ServiceError(404, 'UnknownOperationException', `No operation at ${call.rawPath}`);
    const parameters = queryParameters(call.method, call.rawQuery, call.body);
    const action = parameters.get('Action');
    if (!action) throw new ServiceError(400, 'MissingAction', 'Missing Action');
    if (action !== 'GetRole' || parameters.get('Version') !== VERSION) {
      throw new ServiceError(400, 'InvalidAction', `Could not find operation ${action} for version ${parameters.get('Version') ?? '(none)'}`);
    }
    context.operation = 'GetRole';
    let credentials;
    try {
      credentials = authenticateSigned(call, deps.sessions, deps.clock, 'iam').credentials;
    } catch (error) {
      if (error instanceof SignatureError) throw queryAuthError(error);
      throw error;
    }
    context.user = credentials.user;
    context.account = credentials.role.accountId;
    await context.gate('GetRole', credentials.role.accountId, credentials.role.accountId);
    const roleName = parameters.get('RoleName');
    if (!roleName) throw new ServiceError(400, 'ValidationError', "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
    if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      throw new ServiceError(400, 'ValidationError', `1 validation error detected: Value '${roleName}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
    }
    const account = credentials.role.accountId;
    if (!actionAllowed(credentials.role.permissionSet?.actions ?? [], 'iam:GetRole')) {
      throw new ServiceError(
        403,
        'AccessDenied',
        `User: ${callerIdentity(credentials).arn} is not authorized to perform: iam:GetRole on resource: role ${roleName} because no identity-based policy allows the iam:GetRole action`,
      );
    }
    const role = deps.directory.roleByName(account, roleName);
    if (!role) throw new ServiceError(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
    const roleXml =
      '<Role>' +
      xmlMembers([
        ['Path', role.path],
        ['AssumeRolePolicyDocument', trustPolicy(role, deps.directory.scenario.identityCenter.region)],
        ['MaxSessionDuration', 43200],
        ['RoleId', role.roleId],
        ['RoleName', role.roleName],
        ['Description', role.permissionSet?.description],
        ['Arn', role.arn],
        ['CreateDate', role.createDate.toISOString().replace(/\.\d{3}Z$/, 'Z')],
      ]) +
      '<RoleLastUsed/></Role>';
    return queryReply('GetRole', NAMESPACE, roleXml, context.requestId);
  }

  return {
    name: 'iam',
    handle,
    renderError: (error, requestId) => queryError(error, NAMESPACE, requestId),
    throttlingError: () => new ServiceError(429, 'Throttling', 'Rate exceeded'),
    serverError: () => new ServiceError(500, 'ServiceFailure', 'An internal error occurred'),
  };
}
