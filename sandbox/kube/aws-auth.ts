// Reading kube-system/aws-auth the way aws-iam-authenticator does (pkg/mapper/configmap
// ParseMap): mapRoles and mapUsers go YAML → JSON (sigs.k8s.io/yaml: duplicate keys are
// allowed, the last one wins) → Go encoding/json into RoleMapping/UserMapping; mapAccounts goes
// straight through go-yaml into []string. A key whose YAML does not parse contributes nothing;
// a field of the wrong type is skipped (encoding/json keeps the entry, with that field empty);
// an entry without an ARN string can never match a caller, so it is as good as dropped. That
// is how one bad edit can lock nodes and people out, which the sandbox must reproduce.
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
  /** Why entries were dropped or fields skipped, for logs and tests. */
  problems: string[];
}

function parseList(source: unknown, key: string, problems: string[], options: { schema?: 'failsafe' } = {}): unknown[] {
  if (source === undefined || source === null) return [];
  if (typeof source !== 'string') {
    problems.push(`${key}: not a string`);
    return [];
  }
  // The authenticator's isSkippable: blank, `` or "" count as no mappings.
  if (['', '``', '""'].includes(source.trim())) return [];
  let value: unknown;
  try {
    value = parse(source, { uniqueKeys: false, ...options });
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

/**
 * The keys of `record` that encoding/json would store into the field tagged `tag`, in the
 * order it would: JSON from sigs.k8s.io/yaml has sorted keys, and encoding/json matches a key
 * to a field case-insensitively, so with `RoleArn` and `rolearn` both present the later wins.
 */
function keysFor(record: Record<string, unknown>, tag: string): string[] {
  return Object.keys(record)
    .filter((key) => key.toLowerCase() === tag)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A Go `string` field: a JSON string sets it, null leaves it, anything else is a type error that leaves it. */
function stringField(record: Record<string, unknown>, tag: string, problems: string[]): string | undefined {
  let value: string | undefined;
  for (const key of keysFor(record, tag)) {
    const candidate = record[key];
    if (typeof candidate === 'string') value = candidate;
    else if (candidate !== null && candidate !== undefined) problems.push(`${key} is not a string`);
  }
  return value;
}

/** A Go `[]string` field: a list replaces it (non-string items become ""), null empties it, anything else is skipped. */
function stringListField(record: Record<string, unknown>, tag: string, problems: string[]): string[] {
  let value: string[] = [];
  for (const key of keysFor(record, tag)) {
    const candidate = record[key];
    if (Array.isArray(candidate)) {
      value = candidate.map((item) => {
        if (typeof item === 'string') return item;
        if (item !== null && item !== undefined) problems.push(`${key} has an item that is not a string`);
        return '';
      });
    } else if (candidate === null || candidate === undefined) {
      value = [];
    } else {
      problems.push(`${key} is not a list of strings`);
    }
  }
  return value;
}

function readMapping(item: unknown, arnKey: 'rolearn' | 'userarn', where: string, problems: string[]): { arn: string; username?: string; groups: string[] } | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${where}: entry is not a mapping`);
    return null;
  }
  const record = item as Record<string, unknown>;
  const fieldProblems: string[] = [];
  const arn = stringField(record, arnKey, fieldProblems);
  const username = stringField(record, 'username', fieldProblems);
  const groups = stringListField(record, 'groups', fieldProblems);
  problems.push(...fieldProblems.map((problem) => `${where}: ${problem}`));
  if (arn === undefined || arn === '') {
    problems.push(`${where}: ${arnKey} is missing`);
    return null;
  }
  // An empty username is what the authenticator gets for a missing one too.
  return username === undefined || username === '' ? { arn, groups } : { arn, username, groups };
}

/** Parses the ConfigMap's data; never throws. */
export function parseAwsAuth(data: Record<string, unknown> | undefined | null): AwsAuthMappings {
  const problems: string[] = [];
  const roles: RoleMapping[] = [];
  const users: UserMapping[] = [];
  parseList(data?.mapRoles, 'mapRoles', problems).forEach((item, index) => {
    const mapping = readMapping(item, 'rolearn', `mapRoles[${index}]`, problems);
    if (mapping) roles.push({ rolearn: mapping.arn, groups: mapping.groups, ...(mapping.username !== undefined && { username: mapping.username }) });
  });
  parseList(data?.mapUsers, 'mapUsers', problems).forEach((item, index) => {
    const mapping = readMapping(item, 'userarn', `mapUsers[${index}]`, problems);
    if (mapping) users.push({ userarn: mapping.arn, groups: mapping.groups, ...(mapping.username !== undefined && { username: mapping.username }) });
  });
  // go-yaml decodes a plain scalar into a string as written, so 012345678901 keeps its zero:
  // the failsafe schema reads every scalar as its text.
  const accounts = parseList(data?.mapAccounts, 'mapAccounts', problems, { schema: 'failsafe' }).flatMap((item, index) => {
    if (typeof item === 'string') return [item];
    problems.push(`mapAccounts[${index}]: not an account id`);
    return [];
  });
  return { roles, users, accounts, problems };
}
