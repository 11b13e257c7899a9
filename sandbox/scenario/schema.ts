// The scenario file's shape, validated with zod. Unknown keys are errors (a typo in a field
// name must not silently become a default), and every duration accepts "8h", "90m", "45s"
// or plain seconds.
import { z } from 'zod';

const durationPattern = /^(\d+)\s*(s|m|h|d)?$/;
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds from a number or a "90m"-style string. */
export const duration = z.union([
  z.number().int().positive(),
  z.string().regex(durationPattern, 'expected a duration such as 3600, "45m", "8h" or "1d"').transform((text) => {
    const match = durationPattern.exec(text.trim());
    return Number(match?.[1]) * (unitSeconds[match?.[2] ?? 's'] ?? 1);
  }),
]);

/** Account ids are 12 digits; YAML reads unquoted ones as numbers, which is fine unless they start with 0. */
export const accountId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(z.string().regex(/^\d{12}$/, 'expected a 12-digit account id (quote ids that start with 0)'));

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1');
const name = z.string().min(1);

/** "1.30" must stay a string: unquoted, YAML reads it as the number 1.3. */
const kubernetesVersion = z
  .string({ error: 'expected a quoted version such as "1.31" (unquoted 1.30 reads as the number 1.3)' })
  .regex(/^1\.\d{1,2}$/, 'expected a Kubernetes minor version such as "1.31"');

export const authenticationMode = z.enum(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP']);
export const clusterStatus = z.enum(['CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'UPDATING', 'PENDING']);
export const endpointBehavior = z.enum(['answer', 'hang', 'refuse', 'wrong-ca']);

const accessScope = z.union([
  z.literal('cluster').transform(() => ({ type: 'cluster' as const })),
  z.strictObject({ type: z.literal('cluster') }),
  z.strictObject({ type: z.literal('namespace').default('namespace'), namespaces: z.array(name).min(1) }),
]);

const accessPolicy = z.strictObject({
  /** A policy name (AmazonEKSClusterAdminPolicy) or its full ARN. */
  policy: name,
  scope: accessScope.default({ type: 'cluster' }),
});

const accessEntry = z
  .strictObject({
    /** A permission set name: the entry is that permission set's role in the cluster's account, full ARN. */
    permissionSet: name.optional(),
    /** Any IAM principal ARN, exactly as EKS would store it. */
    principalArn: z.string().startsWith('arn:').optional(),
    username: name.optional(),
    kubernetesGroups: z.array(name).default([]),
    type: z.enum(['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX']).default('STANDARD'),
    policies: z.array(accessPolicy).default([]),
  })
  .refine((entry) => (entry.permissionSet === undefined) !== (entry.principalArn === undefined), {
    message: 'give exactly one of permissionSet or principalArn',
  });

const node = z.strictObject({
  name,
  ready: z.boolean().default(true),
  kubeletVersion: z.string().optional(),
  instanceType: z.string().optional(),
});

const pod = z.strictObject({
  name,
  namespace: name,
  phase: z.enum(['Running', 'Pending', 'Succeeded', 'Failed']).optional(),
});

const kubernetesContent = z.strictObject({
  nodes: z.array(node).optional(),
  namespaces: z.array(name).optional(),
  pods: z.array(pod).optional(),
  /**
   * kube-system/aws-auth data: mapRoles/mapUsers/mapAccounts as YAML text, exactly as stored.
   * `{{role:PermissionSetName}}` becomes that permission set's role ARN in the cluster's
   * account without its path (the form aws-auth takes); `{{account}}` the account id.
   * null: the cluster has no aws-auth ConfigMap.
   */
  awsAuth: z.record(z.string(), z.string()).nullable().optional(),
  /** Extra RBAC objects (Role, RoleBinding, ClusterRole, ClusterRoleBinding) as Kubernetes objects. */
  rbac: z.array(z.record(z.string(), z.unknown())).default([]),
});

const cluster = z.strictObject({
  name: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'expected a cluster name (letters, digits, - and _)'),
  account: accountId,
  region,
  version: kubernetesVersion,
  platformVersion: z.string().regex(/^eks\.\d+$/, 'expected a platform version such as eks.12').optional(),
  status: clusterStatus.default('ACTIVE'),
  authenticationMode: authenticationMode.default('API_AND_CONFIG_MAP'),
  endpointPublicAccess: z.boolean().default(true),
  endpointPrivateAccess: z.boolean().default(false),
  publicAccessCidrs: z.array(z.string()).default(['0.0.0.0/0']),
  /** How the cluster's API endpoint behaves at the network level. */
  endpoint: endpointBehavior.default('answer'),
  accessEntries: z.array(accessEntry).default([]),
  /**
   * The permission set whose role created the cluster. EKS makes the creator cluster admin
   * (system:masters) without an aws-auth entry, so it keeps access when aws-auth is missing or
   * broken; nothing lists it.
   */
  creator: name.optional(),
  kubernetes: kubernetesContent.default({ rbac: [] }),
  tags: z.record(z.string(), z.string()).default({}),
});

const user = z.strictObject({
  /** The Identity Center user name; it is also the STS session name. */
  name,
  displayName: z.string().optional(),
  email: z.string().optional(),
});

const extraRole = z.union([
  name.transform((roleName) => ({ name: roleName, path: '/' })),
  z.strictObject({ name, path: z.string().regex(/^\/(.*\/)?$/, 'expected an IAM path such as / or /ci/').default('/') }),
]);

const account = z.strictObject({
  id: accountId,
  name,
  email: z.string().optional(),
  /** Non-SSO IAM roles that exist in the account (node roles, CI roles), for access entries. */
  roles: z.array(extraRole).default([]),
});

const permissionSet = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,32}$/, 'expected a permission set name (up to 32 of letters, digits, +=,.@_-)'),
  description: z.string().optional(),
  /** Role credentials' lifetime (1 h to 12 h in AWS). */
  sessionDuration: duration.default(3600),
  /** IAM actions the role may call, with * wildcards: "eks:*", "eks:Describe*", "iam:GetRole", "*". */
  actions: z.array(z.string().regex(/^(\*|[a-z0-9-]+:[A-Za-z0-9*]+)$/, 'expected an action such as eks:DescribeCluster or eks:*')).default([]),
});

const assignment = z
  .strictObject({
    user: name,
    account: accountId.optional(),
    accounts: z.array(accountId).optional(),
    permissionSet: name.optional(),
    permissionSets: z.array(name).optional(),
  })
  .refine((entry) => (entry.account === undefined) !== (entry.accounts === undefined), { message: 'give exactly one of account or accounts' })
  .refine((entry) => (entry.permissionSet === undefined) !== (entry.permissionSets === undefined), {
    message: 'give exactly one of permissionSet or permissionSets',
  });

const throttle = z.strictObject({ rate: z.number().positive(), burst: z.number().int().positive() });

export const faultSpec = z.strictObject({
  /** Operation name as in the AWS model (ListAccountRoles, DescribeCluster…), or "*". */
  operation: name,
  latencyMs: z.number().nonnegative().optional(),
  throttle: throttle.nullable().optional(),
  /** Fraction of requests (0–1) answered with the service's 5xx error, spread evenly. */
  errorRate: z.number().min(0).max(1).optional(),
  /** Only requests about these accounts (ListAccountRoles, GetRoleCredentials, EKS and IAM calls). */
  accounts: z.array(accountId).min(1).optional(),
});

export const scenarioSchema = z.strictObject({
  identityCenter: z.strictObject({
    region,
    startUrl: z.url({ protocol: /^https$/, error: 'expected an https start URL such as https://d-1234567890.awsapps.com/start' }),
    /** The portal session: how long a sign-in can be refreshed (AWS default 8 h). */
    sessionDuration: duration.default(8 * 3600),
    /** Access token lifetime before a refresh is needed. */
    accessTokenLifetime: duration.default(3600),
    /** How long a device code can be approved (AWS: 10 minutes). */
    deviceCodeLifetime: duration.default(600),
    /** The device-code polling interval StartDeviceAuthorization announces, in seconds. */
    pollInterval: z.number().int().min(1).max(60).default(1),
    /** The most items the portal returns per page, whatever max_result asks (1–100, default 100). */
    portalPageSize: z.number().int().min(1).max(100).default(100),
  }),
  users: z.array(user).min(1),
  accounts: z.array(account).min(1),
  permissionSets: z.array(permissionSet).min(1),
  assignments: z.array(assignment).default([]),
  clusters: z.array(cluster).default([]),
  faults: z.array(faultSpec).default([]),
  clockOffsetSeconds: z.number().default(0),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
type Parsed = z.output<typeof scenarioSchema>;
export type FaultSpec = z.output<typeof faultSpec>;
export type AccessEntrySpec = z.output<typeof accessEntry>;
export type ClusterSpec = z.output<typeof cluster>;
export type AccountSpec = z.output<typeof account>;
export type PermissionSetSpec = z.output<typeof permissionSet>;
export type UserSpec = z.output<typeof user>;

/** One user × account × permission set, after the list forms are expanded. */
export interface Assignment {
  user: string;
  account: string;
  permissionSet: string;
}

/** A validated scenario, list-form assignments expanded. */
export type Scenario = Omit<Parsed, 'assignments'> & { assignments: Assignment[] };
