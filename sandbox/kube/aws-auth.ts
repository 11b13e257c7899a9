// Reading kube-system/aws-auth the way aws-iam-authenticator does (pkg/mapper/configmap
// ParseMap): each key is a YAML string; a key that does not parse contributes nothing, and an
// entry that does not validate is dropped while the rest of the list still counts. That is
// how one bad edit can lock nodes and people out, which the sandbox must reproduce.
import { parse } from 'yaml';

export interface RoleMapping {
  rolearn: string;
  username?: string;
  groups: string[];
}

export interface UserMapping {
  userarn: string;
  username?: string;
  groups: string[];
}

export interface AwsAuthMappings {
  roles: RoleMapping[];
  users: UserMapping[];
  accounts: string[];
  /** Why entries were dropped, for logs and tests. */
  problems: string[];
}

function parseList(source: unknown, key: string, problems: string[]): unknown[] {
  if (source === undefined || source === null) return [];
  if (typeof source !== 'string') {
    problems.push(`${key}: not a string`);
    return [];
  }
  if (source.trim() === '') return [];
  let value: unknown;
  try {
    value = parse(source);
  } catch (error) {
    problems.push(`${key}: ${(error as Error).message.split('\n')[0]}`);
    return [];
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${key}: not a list`);
    return [];
  }
  return value;
}

function stringList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return null;
  return value;
}

function optionalString(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : null;
}

function readMapping(item: unknown, arnKey: 'rolearn' | 'userarn'): { arn: string; username?: string; groups: string[] } | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'entry is not a mapping';
  const record = item as Record<string, unknown>;
  const arn = record[arnKey];
  if (typeof arn !== 'string' || arn === '') return `${arnKey} is missing`;
  const username = optionalString(record.username);
  if (username === null) return 'username is not a string';
  const groups = stringList(record.groups);
  if (groups === null) return 'groups is not a list of strings';
  return username === undefined ? { arn, groups } : { arn, username, groups };
}

/** Parses the ConfigMap's data; never throws. */
export function parseAwsAuth(data: Record<string, unknown> | undefined | null): AwsAuthMappings {
  const problems: string[] = [];
  const roles: RoleMapping[] = [];
  const users: UserMapping[] = [];
  parseList(data?.mapRoles, 'mapRoles', problems).forEach((item, index) => {
    const mapping = readMapping(item, 'rolearn');
    if (typeof mapping === 'string') problems.push(`mapRoles[${index}]: ${mapping}`);
    else roles.push({ rolearn: mapping.arn, groups: mapping.groups, ...(mapping.username !== undefined && { username: mapping.username }) });
  });
  parseList(data?.mapUsers, 'mapUsers', problems).forEach((item, index) => {
    const mapping = readMapping(item, 'userarn');
    if (typeof mapping === 'string') problems.push(`mapUsers[${index}]: ${mapping}`);
    else users.push({ userarn: mapping.arn, groups: mapping.groups, ...(mapping.username !== undefined && { username: mapping.username }) });
  });
  const accounts = parseList(data?.mapAccounts, 'mapAccounts', problems).flatMap((item, index) => {
    if (typeof item === 'string' || typeof item === 'number') return [String(item)];
    problems.push(`mapAccounts[${index}]: not an account id`);
    return [];
  });
  return { roles, users, accounts, problems };
}
