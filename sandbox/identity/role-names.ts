// How Identity Center names the IAM roles it provisions for permission sets, and the ARN forms
// each AWS surface uses for them (IAM: full path; STS and aws-auth: no path).
import { createHash } from 'node:crypto';

/** Deterministic, so scenario files and tests can predict role names across runs. */
export function roleSuffix(instanceStartUrl: string, permissionSet: string, accountId: string): string {
  return createHash('sha256').update(`${instanceStartUrl}\n${permissionSet}\n${accountId}`).digest('hex').slice(0, 16);
}

export function ssoRoleName(instanceStartUrl: string, permissionSet: string, accountId: string): string {
  return `AWSReservedSSO_${permissionSet}_${roleSuffix(instanceStartUrl, permissionSet, accountId)}`;
}

/** The IAM path of SSO roles: no region segment when Identity Center lives in us-east-1. */
export function ssoRolePath(identityCenterRegion: string): string {
  return identityCenterRegion === 'us-east-1' ? '/aws-reserved/sso.amazonaws.com/' : `/aws-reserved/sso.amazonaws.com/${identityCenterRegion}/`;
}

export function iamRoleArn(accountId: string, path: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** A stable 21-character IAM unique id (AROA… for roles). */
export function uniqueId(prefix: 'AROA' | 'AIDA', seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let index = 0; id.length < 21; index++) id += alphabet[(digest[index] ?? 0) % alphabet.length];
  return id;
}
