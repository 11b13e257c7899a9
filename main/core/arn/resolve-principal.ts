// Which IAM role a context's credentials really are, in both ARN forms. The portal lists the
// permission-set name ("AdministratorAccess"); the IAM role is AWSReservedSSO_<name>_<suffix>,
// and only STS (assumed-role ARN, no path) or IAM (full ARN) know the suffix. STS answers for
// any credentials; iam:GetRole then confirms the path where the role is allowed to read IAM.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import type { CoreContext, RoleCredentials } from '../context.js';
import { CoreError } from '../errors.js';
import { iamClient, isAccessDenied, stsClient, awsErrorName } from '../grant/aws-clients.js';
import { parseRoleArn, pathlessRoleArn, roleFromAssumedRoleArn, ssoRoleArns } from './sso-role-arn.js';

export interface ResolvedPrincipal {
  /** Full IAM ARN with the aws-reserved path: what access entries take. */
  full: string;
  /** Path-less IAM ARN: what aws-auth takes and what STS reports. */
  pathless: string;
  /** The IAM role name, e.g. AWSReservedSSO_AdministratorAccess_0123456789abcdef. */
  iamRoleName: string;
  /** The STS session name: the Identity Center user name (often an e-mail address). */
  sessionUser: string;
  /** True when iam:GetRole returned the full ARN; false when it is derived only. */
  confirmed: boolean;
  /** Why it is not confirmed, for the plan's warnings. */
  note?: string;
}

export interface ResolvePrincipalInput {
  accountId: string;
  /** As the portal lists it (permission-set name) or the IAM role name. */
  roleName: string;
  identityCenterRegion: string;
  /** Any region the STS call may use (the cluster's). */
  region: string;
}

export async function resolvePrincipal(
  context: CoreContext,
  credentials: RoleCredentials,
  input: ResolvePrincipalInput,
  options: { signal?: AbortSignal } = {},
): Promise<ResolvedPrincipal> {
  const sts = stsClient(context.env, credentials, input.region);
  let iamRoleName = input.roleName;
  let sessionUser = '';
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: options.signal });
    const role = identity.Arn ? roleFromAssumedRoleArn(identity.Arn) : null;
    if (role) {
      iamRoleName = parseRoleArn(role.roleArn)?.roleName ?? iamRoleName;
      sessionUser = role.sessionName;
    }
  } catch (error) {
    throw new CoreError('aws', `could not ask STS who role ${input.roleName} in account ${input.accountId} is (${awsErrorName(error) || String(error)})`, {
      hint: 'Check the network and sign in again if the session expired',
      retryable: true,
      cause: error,
    });
  } finally {
    sts.destroy();
  }
  const derived = ssoRoleArns({ accountId: input.accountId, roleName: iamRoleName, identityCenterRegion: input.identityCenterRegion });
  const confirmation = await confirmRoleArn(context, credentials, iamRoleName, input.region, options.signal);
  if (confirmation.arn) return { full: confirmation.arn, pathless: pathlessRoleArn(confirmation.arn), iamRoleName, sessionUser, confirmed: true };
  return { ...pick(derived), iamRoleName, sessionUser, confirmed: false, note: `${confirmation.why}; the full ARN is derived from the Identity Center region ${input.identityCenterRegion}` };
}

/** iam:GetRole for `roleName` with these credentials: the role's full ARN, or why not. */
export async function confirmRoleArn(
  context: CoreContext,
  credentials: RoleCredentials,
  roleName: string,
  region: string,
  signal?: AbortSignal,
): Promise<{ arn: string; why?: undefined } | { arn?: undefined; why: string }> {
  const iam = iamClient(context.env, credentials, region);
  try {
    const answer = await iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: signal });
    const arn = answer.Role?.Arn;
    return arn && parseRoleArn(arn) ? { arn } : { why: 'iam:GetRole returned no ARN' };
  } catch (error) {
    if (isAccessDenied(error)) return { why: 'iam:GetRole is not allowed' };
    if (awsErrorName(error) === 'NoSuchEntityException') return { why: `IAM has no role named ${roleName}` };
    return { why: `iam:GetRole failed (${awsErrorName(error) || String(error)})` };
  } finally {
    iam.destroy();
  }
}

function pick(arns: { full: string; pathless: string }): { full: string; pathless: string } {
  return { full: arns.full, pathless: arns.pathless };
}
