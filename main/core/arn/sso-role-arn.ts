// The two spellings of an IAM Identity Center role ARN. Access entries need the full IAM ARN
// with the aws-reserved path (EKS rejects the path-less one as "invalid principal"); the
// aws-auth ConfigMap needs the path-less one, because the authenticator compares against the
// canonical ARN that STS reports, and STS never shows a path. Derived from the account, the
// role name and the Identity Center region: no AWS call needed.
import { CoreError } from '../errors.js';

export interface SsoRoleArns {
  /** arn:aws:iam::ACCT:role/aws-reserved/sso.amazonaws.com/[REGION/]AWSReservedSSO_… */
  full: string;
  /** arn:aws:iam::ACCT:role/AWSReservedSSO_… */
  pathless: string;
  partition: string;
}

export interface SsoRoleArnInput {
  accountId: string;
  /** The permission-set name as the portal lists it, or the IAM role name AWSReservedSSO_<name>_<suffix>. */
  roleName: string;
  /** Region of the Identity Center instance (the session's sso_region). */
  identityCenterRegion: string;
}

const SSO_PATH = 'aws-reserved/sso.amazonaws.com';
const ACCOUNT = /^\d{12}$/;

/** aws, aws-cn or aws-us-gov, from a region name. */
export function partitionForRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/**
 * Both ARN forms of an SSO role. The portal lists permission-set names ("AdministratorAccess"),
 * but the IAM role is AWSReservedSSO_<name>_<suffix>: callers that only know the short name
 * get the role name confirmed by iam:GetRole (see confirm-role-arn.ts).
 */
export function ssoRoleArns(input: SsoRoleArnInput): SsoRoleArns {
  if (!ACCOUNT.test(input.accountId)) throw new CoreError('invalid-input', `"${input.accountId}" is not a 12-digit AWS account id`);
  if (!input.roleName || /[/\s:]/.test(input.roleName)) throw new CoreError('invalid-input', `"${input.roleName}" is not an IAM role name`);
  const partition = partitionForRegion(input.identityCenterRegion);
  // Identity Center instances in us-east-1 predate regional paths: their roles have none.
  const regionSegment = input.identityCenterRegion === 'us-east-1' ? '' : `${input.identityCenterRegion}/`;
  return {
    full: `arn:${partition}:iam::${input.accountId}:role/${SSO_PATH}/${regionSegment}${input.roleName}`,
    pathless: `arn:${partition}:iam::${input.accountId}:role/${input.roleName}`,
    partition,
  };
}

export interface ParsedRoleArn {
  partition: string;
  accountId: string;
  /** The path between "role/" and the name, without slashes at either end ('' when none). */
  path: string;
  roleName: string;
}

/** Parses arn:PARTITION:iam::ACCT:role/[PATH/]NAME; null for anything else. */
export function parseRoleArn(arn: string): ParsedRoleArn | null {
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/(.+)$/.exec(arn.trim());
  if (!match) return null;
  const [, partition, accountId, rest] = match as unknown as [string, string, string, string];
  const slash = rest.lastIndexOf('/');
  return { partition, accountId, path: slash < 0 ? '' : rest.slice(0, slash), roleName: slash < 0 ? rest : rest.slice(slash + 1) };
}

/** The path-less form of any IAM role ARN (what the authenticator and aws-auth compare). */
export function pathlessRoleArn(arn: string): string {
  const parsed = parseRoleArn(arn);
  if (!parsed) throw new CoreError('invalid-input', `"${arn}" is not an IAM role ARN`);
  return `arn:${parsed.partition}:iam::${parsed.accountId}:role/${parsed.roleName}`;
}

/** arn:aws:sts::ACCT:assumed-role/ROLE/SESSION → the role's path-less IAM ARN and the session name. */
export function roleFromAssumedRoleArn(arn: string): { roleArn: string; sessionName: string } | null {
  const match = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn.trim());
  if (!match) return null;
  const [, partition, accountId, roleName, sessionName] = match as unknown as [string, string, string, string, string];
  return { roleArn: `arn:${partition}:iam::${accountId}:role/${roleName}`, sessionName };
}

/** Case-insensitive ARN equality, as the authenticator matches aws-auth rolearn values. */
export function sameArn(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
