// The one contract between the dashboard and the main side. Every operation the UI may call
// is declared here with a zod schema for its input and its output, together with the state
// snapshot main pushes. The Electron preload + IPC handlers and the web bridge (`eks-sso ui`)
// both implement it and validate every payload with these schemas; the renderer imports this
// module type-only.
//
// Inputs are strict objects (an unknown key is a malformed payload and is refused); outputs and
// the snapshot strip unknown keys, so nothing undeclared — a token, a credential — can leave
// main even if a core object carrying one is passed in by mistake.
import { z } from 'zod';
import type { ErrorCode } from './core/errors.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** An AWS region name such as eu-west-1. */
export const regionSchema = z.string().regex(REGION, 'expected a region such as eu-west-1');

/** The portal start URL: https (or http on the loopback for the sandbox), no credentials. */
export const startUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => isStartUrl(value), 'expected a start URL such as https://my-company.awsapps.com/start');

export function isStartUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
}

/** A session name as written in `[sso-session NAME]`. */
export const sessionNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');

export const contextNameSchema = z.string().min(1).max(512);

/** Epoch milliseconds. */
const epochMs = z.number().int().nonnegative();

const ERROR_CODES = [
  'usage',
  'invalid-input',
  'not-found',
  'signed-out',
  'session-expired',
  'access-denied',
  'throttled',
  'network',
  'timeout',
  'cancelled',
  'conflict',
  'corrupt-file',
  'locked',
  'clock-skew',
  'aws',
  'kubernetes',
  'internal',
] as const satisfies readonly ErrorCode[];

// Fails to compile when main/core/errors.ts gains a code this list lacks.
type MissingErrorCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const _allErrorCodesListed: [MissingErrorCode] extends [never] ? true : MissingErrorCode = true;
void _allErrorCodesListed;

/** A failed call, as main/core/errors.ts serializeError() produces it. */
export const serializedErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  hint: z.string().optional(),
  retryable: z.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Settings (mirrors main/core/settings.ts, which stays the owner of defaults and the file)

export const settingsSchema = z.object({
  regions: z.array(regionSchema).min(1).max(40),
  contextTemplate: z.string().min(1).max(256),
  kubeconfigFile: z.string().min(1).max(4096).nullable(),
  execMode: z.enum(['builtin', 'aws']),
  profileTemplate: z.string().min(1).max(256),
  notificationLeadMinutes: z.array(z.number().int().positive().max(24 * 60)).max(10),
  recheckIntervalSeconds: z.number().int().min(10).max(24 * 3600),
  favourites: z.array(contextNameSchema).max(10_000),
  /** The organisation's portal session length in hours (Identity Center default 8). */
  ssoSessionHours: z.number().min(0.25).max(2160).optional(),
});

// ---------------------------------------------------------------------------------------------
// The state snapshot main pushes on every change

/** 'signed-out': the session is configured (~/.aws/config) but holds no token. */
export const sessionStatusSchema = z.enum(['signed-in', 'expiring', 'expired', 'signed-out']);

export const sessionViewSchema = z.object({
  name: sessionNameSchema,
  startUrl: z.string(),
  region: z.string(),
  status: sessionStatusSchema,
  /** When the current access token expires (refreshed silently before then while possible). */
  expiresAt: epochMs.nullable(),
  /** When the session can no longer be extended: the time to warn about. */
  sessionEndsAt: epochMs.nullable(),
  /** True when sessionEndsAt comes from the configured session length, not from the server. */
  sessionEndEstimated: z.boolean().optional(),
});

export const signInFlowSchema = z.object({
  /** Null until the core has derived the name from the start URL. */
  session: z.string().nullable(),
  startUrl: z.string(),
  region: z.string(),
  flow: z.enum(['device', 'pkce']),
  /** 'starting' until the portal answered; then 'waiting' for the person to approve. */
  phase: z.enum(['starting', 'waiting']),
  /** The device-code flow's user code (null for PKCE or before it is known). */
  userCode: z.string().nullable(),
  /** The page the person approves on (carries the user code for the device flow). */
  verificationUri: z.string().nullable(),
  expiresAt: epochMs.nullable(),
});

export const discoveryFailureSchema = z.object({
  session: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  region: z.string().nullable(),
  error: serializedErrorSchema,
});

export const discoveryViewSchema = z.object({
  phase: z.enum(['idle', 'accounts', 'clusters', 'kubeconfig', 'checks']),
  /** Units of the current phase (accounts, then account × region) done and in total. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  failures: z.array(discoveryFailureSchema),
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
});

export const checkStatusSchema = z.enum([
  'pending',
  'checking',
  'ok',
  'unauthorized',
  'forbidden',
  'unreachable',
  'tls',
  'not-active',
  'signed-out',
  'error',
]);

/** What a check found besides its verdict, where known: for the row's tooltip. No secrets. */
export const checkFactsSchema = z.object({
  /** Wall time of the whole check. */
  latencyMs: z.number().int().nonnegative().optional(),
  /** Nodes in the cluster (absent when more than one page and the server gave no count). */
  nodes: z.number().int().nonnegative().optional(),
  /** Ready nodes among those listed. */
  readyNodes: z.number().int().nonnegative().optional(),
  /** Present when readyNodes covers only the first page of the node list: that page's size. */
  readyOfFirst: z.number().int().nonnegative().optional(),
  serverVersion: z.string().optional(),
  /** Namespaces this context can list pods in (forbidden results), where known. */
  namespaces: z.array(z.string()).optional(),
  /** The endpoint has no public access: reachable only from inside the VPC (or over VPN). */
  privateOnly: z.boolean().optional(),
});

export const contextCheckSchema = checkFactsSchema.extend({
  status: checkStatusSchema,
  /** One line for the badge's tooltip. */
  summary: z.string(),
  /** The underlying detail (HTTP status, error name, namespaces usable…). */
  detail: z.string().nullable(),
  checkedAt: epochMs.nullable(),
});

export const clusterViewSchema = z.object({
  name: z.string(),
  region: z.string(),
  status: z.string(),
  authenticationMode: z.string().nullable(),
  version: z.string().nullable(),
});

export const contextViewSchema = z.object({
  contextName: contextNameSchema,
  session: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  roleName: z.string(),
  cluster: clusterViewSchema,
  check: contextCheckSchema,
  /** False for clusters kubectl cannot use yet (no endpoint: CREATING, FAILED…): shown, not written. */
  inKubeconfig: z.boolean(),
  isCurrent: z.boolean(),
  isFavourite: z.boolean(),
});

export const kubeconfigChangeSchema = z.object({
  file: z.string(),
  at: epochMs,
  added: z.array(z.string()),
  updated: z.array(z.string()),
  removed: z.array(z.string()),
});

export const grantScopeSchema = z.enum(['cluster', 'namespace']);
export const namespacePolicySchema = z.enum(['AmazonEKSAdminViewPolicy', 'AmazonEKSEditPolicy']);

/** A grant plan as shown before anything happens. */
export const grantPlanViewSchema = z.object({
  planId: z.string(),
  contextName: contextNameSchema,
  clusterName: z.string(),
  authenticationMode: z.string(),
  /** 'access-entry' for API / API_AND_CONFIG_MAP clusters, 'aws-auth' for CONFIG_MAP ones. */
  method: z.enum(['access-entry', 'aws-auth']),
  scope: grantScopeSchema,
  namespace: z.string().nullable(),
  policy: z.string(),
  /** The principal being granted (full ARN with path for access entries, path-less for aws-auth). */
  principalArn: z.string(),
  /** The role that makes the change. */
  actingRole: z.string(),
  /** The exact API calls or ConfigMap / Role / RoleBinding changes, one line each. */
  steps: z.array(z.string()),
  warnings: z.array(z.string()),
  /** Nothing to do: the grant is already in place. */
  noop: z.boolean(),
  /**
   * A CONFIG_MAP cluster that could use access entries: the switch the person may choose
   * (enableAccessEntries), never made silently, with the warning that it cannot be undone.
   */
  offerModeChange: z.object({ from: z.string(), to: z.literal('API_AND_CONFIG_MAP'), warning: z.string() }).nullable(),
});

export const grantActivitySchema = z.object({
  planId: z.string(),
  contextName: contextNameSchema,
  /** 'enable-access-entries': the switch of a CONFIG_MAP cluster to API_AND_CONFIG_MAP. */
  kind: z.enum(['apply', 'revoke', 'enable-access-entries']),
  phase: z.enum(['applying', 'verifying', 'done', 'failed']),
  /** Progress lines as they happen. */
  progress: z.array(z.string()),
  /** The final word (what changed, or what is still wrong). */
  result: z.string().nullable(),
  error: serializedErrorSchema.nullable(),
  /** Whether revokeGrant can undo it. */
  undoable: z.boolean(),
});

/**
 * Strings that look like a credential: an EKS bearer token, an AWS access key id, a presigned
 * signature or session token, a JWT-like blob. A snapshot holding one is refused outright.
 */
const SECRET_LOOKING = /k8s-aws-v1\.[A-Za-z0-9_-]{16,}|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|X-Amz-(?:Signature|Security-Token|Credential)=|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

/** The JSON path of the first string in `value` that looks like a secret, or null. */
export function findSecretLookingString(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return SECRET_LOOKING.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findSecretLookingString(value[index], [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findSecretLookingString(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const stateSnapshotShape = z.object({
  /** Main's clock, epoch ms: countdowns are computed against it, not the renderer's. */
  now: epochMs,
  sessions: z.array(sessionViewSchema),
  signIn: signInFlowSchema.nullable(),
  /** The last sign-in failure, shown with its hint until the next attempt. */
  signInError: serializedErrorSchema.nullable(),
  discovery: discoveryViewSchema,
  contexts: z.array(contextViewSchema),
  kubeconfig: z.object({
    file: z.string().nullable(),
    currentContext: z.string().nullable(),
    lastChange: kubeconfigChangeSchema.nullable(),
  }),
  grant: grantActivitySchema.nullable(),
  settings: settingsSchema,
  /** What the host can do: the web mode cannot open the system browser for the person. */
  capabilities: z.object({ openBrowser: z.boolean() }),
});

export const stateSnapshotSchema = stateSnapshotShape.superRefine((snapshot, context) => {
  const at = findSecretLookingString(snapshot);
  if (at) context.addIssue({ code: 'custom', path: at, message: 'a value that looks like a secret must never reach the renderer' });
});

// ---------------------------------------------------------------------------------------------
// Operations: name → input and output schemas

const none = z.strictObject({});
const ok = z.object({});

export const operations = {
  signIn: {
    input: z.strictObject({
      startUrl: startUrlSchema,
      region: regionSchema,
      session: sessionNameSchema.optional(),
      flow: z.enum(['device', 'pkce']).optional(),
    }),
    /** Resolves once signed in; discovery then runs on and shows in the snapshot. */
    output: z.object({ session: sessionNameSchema }),
  },
  cancelSignIn: { input: none, output: ok },
  reopenBrowser: { input: none, output: ok },
  signOut: { input: z.strictObject({ session: sessionNameSchema }), output: ok },
  /** Accounts → clusters → kubeconfig → checks, for one session or all. */
  refresh: { input: z.strictObject({ session: sessionNameSchema.optional() }), output: ok },
  useContext: {
    input: z.strictObject({ contextName: contextNameSchema }),
    output: z.object({ currentContext: contextNameSchema }),
  },
  toggleFavourite: {
    input: z.strictObject({ contextName: contextNameSchema }),
    output: z.object({ isFavourite: z.boolean() }),
  },
  planGrant: {
    input: z.strictObject({
      contextName: contextNameSchema,
      scope: grantScopeSchema,
      namespace: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name')
        .max(63)
        .optional(),
      policy: namespacePolicySchema.optional(),
    }),
    output: grantPlanViewSchema,
  },
  /** Resolves when the grant is applied and re-checked; progress shows in the snapshot. */
  applyGrant: { input: z.strictObject({ planId: z.string().min(1).max(128) }), output: grantActivitySchema },
  revokeGrant: { input: z.strictObject({ contextName: contextNameSchema }), output: grantActivitySchema },
  /**
   * Switches the context's CONFIG_MAP cluster to API_AND_CONFIG_MAP so grants can use access
   * entries. It cannot be undone, so the input must say the person confirmed exactly that.
   * Resolves once the cluster is ACTIVE again and the context re-checked.
   */
  enableAccessEntries: {
    input: z.strictObject({ contextName: contextNameSchema, confirmIrreversible: z.literal(true) }),
    output: grantActivitySchema,
  },
  recheck: { input: z.strictObject({ contextNames: z.array(contextNameSchema).max(10_000).optional() }), output: ok },
  getSettings: { input: none, output: settingsSchema },
  saveSettings: { input: z.strictObject({ settings: settingsSchema }), output: settingsSchema },
  /** Writes one `[profile …]` per account and role into ~/.aws/config. */
  exportProfiles: {
    input: none,
    output: z.object({ file: z.string(), written: z.array(z.string()) }),
  },
} as const;

export type OperationName = keyof typeof operations;
export const operationNames = Object.keys(operations) as OperationName[];

export type OperationInput<Name extends OperationName> = z.input<(typeof operations)[Name]['input']>;
export type OperationOutput<Name extends OperationName> = z.infer<(typeof operations)[Name]['output']>;

export function isOperationName(value: string): value is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, value);
}

// ---------------------------------------------------------------------------------------------
// Types

export type SerializedErrorView = z.infer<typeof serializedErrorSchema>;
export type SettingsView = z.infer<typeof settingsSchema>;
export type SessionStatus = z.infer<typeof sessionStatusSchema>;
export type SessionView = z.infer<typeof sessionViewSchema>;
export type SignInFlow = z.infer<typeof signInFlowSchema>;
export type DiscoveryFailure = z.infer<typeof discoveryFailureSchema>;
export type DiscoveryView = z.infer<typeof discoveryViewSchema>;
export type CheckStatus = z.infer<typeof checkStatusSchema>;
export type ContextCheck = z.infer<typeof contextCheckSchema>;
export type CheckFacts = z.infer<typeof checkFactsSchema>;
export type ClusterView = z.infer<typeof clusterViewSchema>;
export type ContextView = z.infer<typeof contextViewSchema>;
export type KubeconfigChange = z.infer<typeof kubeconfigChangeSchema>;
export type GrantScope = z.infer<typeof grantScopeSchema>;
export type NamespacePolicy = z.infer<typeof namespacePolicySchema>;
export type GrantPlanView = z.infer<typeof grantPlanViewSchema>;
export type GrantActivity = z.infer<typeof grantActivitySchema>;
export type StateSnapshot = z.infer<typeof stateSnapshotSchema>;

/** What a host (IPC handlers, web bridge) implements: one async function per operation. */
export type OperationHandlers = {
  [Name in OperationName]: (input: OperationInput<Name>) => Promise<OperationOutput<Name>>;
};

/**
 * The object the renderer talks to: `window.eksSso` in Electron (the preload), or the web
 * client over HTTP + SSE. Failed calls reject with an Error carrying a SerializedError's
 * fields (`code`, `hint`, `retryable`).
 */
export type Bridge = OperationHandlers & {
  /** Called at once with the latest snapshot when one exists, then on every change. */
  onState(callback: (state: StateSnapshot) => void): () => void;
};

/** The result envelope the web bridge sends (IPC may use the same to carry errors intact). */
export type CallResult<Name extends OperationName> =
  | { ok: true; value: OperationOutput<Name> }
  | { ok: false; error: SerializedErrorView };

/** Validates an operation's input; throws a ZodError for a malformed payload. */
export function parseInput<Name extends OperationName>(name: Name, input: unknown): z.infer<(typeof operations)[Name]['input']> {
  return operations[name].input.parse(input ?? {}) as z.infer<(typeof operations)[Name]['input']>;
}

/** Validates and strips an operation's output before it crosses to the renderer. */
export function parseOutput<Name extends OperationName>(name: Name, output: unknown): OperationOutput<Name> {
  return operations[name].output.parse(output) as OperationOutput<Name>;
}
