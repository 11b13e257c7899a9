// From an STS caller identity to a Kubernetes user, as EKS does it: canonicalise the ARN
// (assumed-role → role, never a path), then look for an access entry (modes API and
// API_AND_CONFIG_MAP), then for an aws-auth mapping (API_AND_CONFIG_MAP and CONFIG_MAP).
// No match means the request is not authenticated (401), not forbidden.
import type { AccessEntryView, AccessPolicyAssociation, AuthenticationMode, CallerIdentity } from './contract.js';
import type { AwsAuthMappings } from './aws-auth.js';

export interface KubeUser {
  username: string;
  uid: string;
  groups: string[];
  extra: Record<string, string[]>;
  /** EKS access policies of the matched access entry (none for aws-auth users). */
  policies: AccessPolicyAssociation[];
}

/**
 * arn:aws:sts::ACCT:assumed-role/ROLE/SESSION → arn:aws:iam::ACCT:role/ROLE; other ARNs are
 * returned unchanged (aws-iam-authenticator pkg/arn Canonicalize).
 */
export function canonicalArn(arn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (!match) return arn;
  return `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`;
}

/** arn:aws:iam::ACCT:role/some/path/NAME → arn:aws:iam::ACCT:role/NAME (how EKS matches entries). */
export function stripRolePath(arn: string): string {
  const match = /^(arn:[^:]+:iam::\d{12}:(?:role|user))\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? `${match[1]}/${match[2]}` : arn;
}

/**
 * The authenticator's split of STS's UserId (token.go getIdentityFromSTSResponse): IAM users,
 * roots and federated users keep the whole UserId and have no session name; a role session's
 * `AROA…:SESSION` is split at the colon, so the principal id never carries the session name.
 */
export function principalOf(caller: CallerIdentity): { principalId: string; sessionName: string } {
  if (/^arn:[^:]+:(?:iam::\d{12}:(?:user\/|root$)|sts::\d{12}:federated-user\/)/.test(caller.arn)) {
    return { principalId: caller.userId, sessionName: '' };
  }
  const colon = caller.userId.indexOf(':');
  if (colon >= 0) return { principalId: caller.userId.slice(0, colon), sessionName: caller.userId.slice(colon + 1) };
  // STS always sends ROLEID:SESSION for a role session; fall back to the ARN's last part.
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(caller.arn);
  return { principalId: caller.userId, sessionName: assumed?.[1] ?? '' };
}

function renderTemplate(template: string, caller: CallerIdentity, accessKeyId: string): string {
  const session = principalOf(caller).sessionName;
  return template
    .replaceAll('{{AccountID}}', caller.account)
    .replaceAll('{{SessionNameRaw}}', session)
    .replaceAll('{{SessionName}}', session.replaceAll('@', '-'))
    .replaceAll('{{AccessKeyID}}', accessKeyId)
    .replaceAll('{{EC2PrivateDNSName}}', session);
}

/** The username EKS gives a role's access entry when none was set. */
function defaultEntryUsername(canonical: string, entry: AccessEntryView): string {
  if (entry.type.startsWith('EC2') || entry.type.startsWith('FARGATE')) return 'system:node:{{EC2PrivateDNSName}}';
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/.exec(canonical);
  if (role) return `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/{{SessionName}}`;
  return canonical;
}

function entryGroups(entry: AccessEntryView): string[] {
  if (entry.type.startsWith('EC2') || entry.type.startsWith('FARGATE')) return ['system:nodes', 'system:bootstrappers', ...entry.kubernetesGroups];
  return entry.kubernetesGroups;
}

/** Entry ARNs in the form they are compared in, memoised: mapping runs on every request. */
const comparableEntryArns = new Map<string, string>();
function comparableEntryArn(principalArn: string): string {
  let comparable = comparableEntryArns.get(principalArn);
  if (comparable === undefined) {
    comparable = stripRolePath(principalArn).toLowerCase();
    if (comparableEntryArns.size > 100_000) comparableEntryArns.clear();
    comparableEntryArns.set(principalArn, comparable);
  }
  return comparable;
}

export interface MappingSources {
  mode: AuthenticationMode;
  accessEntries: AccessEntryView[];
  awsAuth: () => AwsAuthMappings;
  /** The cluster creator's role: system:masters, whatever aws-auth says (EKS's bootstrap admin). */
  creatorArn?: string | undefined;
}

/** The Kubernetes user for `caller`, or null when no access entry or mapping knows it. */
export function mapCallerToUser(caller: CallerIdentity, accessKeyId: string, sources: MappingSources): KubeUser | null {
  const canonical = canonicalArn(caller.arn);
  const lower = canonical.toLowerCase();
  const { principalId, sessionName } = principalOf(caller);
  const base = {
    uid: `aws-iam-authenticator:${caller.account}:${principalId}`,
    extra: {
      accessKeyId: [accessKeyId],
      arn: [caller.arn],
      canonicalArn: [canonical],
      principalId: [principalId],
      sessionName: [sessionName],
    },
  };
  if (sources.mode === 'API' || sources.mode === 'API_AND_CONFIG_MAP') {
    const entry = sources.accessEntries.find((candidate) => comparableEntryArn(candidate.principalArn) === lower);
    if (entry) {
      return {
        ...base,
        username: renderTemplate(entry.username || defaultEntryUsername(canonical, entry), caller, accessKeyId),
        groups: entryGroups(entry),
        policies: entry.policies,
      };
    }
  }
  if (sources.creatorArn && comparableEntryArn(sources.creatorArn) === lower) {
    return { ...base, username: 'kubernetes-admin', groups: ['system:masters'], policies: [] };
  }
  if (sources.mode === 'API_AND_CONFIG_MAP' || sources.mode === 'CONFIG_MAP') {
    const mappings = sources.awsAuth();
    // The authenticator stores mappings in a map keyed by the lower-cased ARN: the last one wins.
    const role = mappings.roles.findLast((mapping) => mapping.rolearn.toLowerCase() === lower);
    const user = role ? undefined : mappings.users.findLast((mapping) => mapping.userarn.toLowerCase() === lower);
    const mapping = role ?? user;
    if (mapping) {
      return {
        ...base,
        username: renderTemplate(mapping.username || caller.arn, caller, accessKeyId),
        groups: mapping.groups.map((group) => renderTemplate(group, caller, accessKeyId)),
        policies: [],
      };
    }
    if (mappings.accounts.includes(caller.account)) return { ...base, username: canonical, groups: [], policies: [] };
  }
  return null;
}
