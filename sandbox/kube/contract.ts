// The seam between the sandbox's AWS side (sandbox/*, part 1) and the clusters' Kubernetes
// API servers (sandbox/kube/*, part 2). Part 1 owns the scenario, the users, roles, STS and
// EKS; part 2 owns everything a cluster endpoint does. Neither reaches into the other's state
// except through these types.

export type AuthenticationMode = 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';

/** How a cluster endpoint behaves at the network level (scenario default: 'answer'). */
export type EndpointBehavior = 'answer' | 'hang' | 'refuse' | 'wrong-ca';

/** What STS GetCallerIdentity says about the signer of a presigned URL. */
export interface CallerIdentity {
  /** e.g. arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com */
  arn: string;
  account: string;
  /** e.g. AROAEXAMPLEID:alice@example.com */
  userId: string;
}

export interface AccessScope {
  type: 'cluster' | 'namespace';
  namespaces?: string[];
}

export interface AccessPolicyAssociation {
  /** e.g. arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy */
  policyArn: string;
  accessScope: AccessScope;
}

export interface AccessEntryView {
  /** The IAM ARN as stored by EKS: for SSO roles the full ARN with the aws-reserved path. */
  principalArn: string;
  /** Custom username, if any; EKS defaults role entries to arn:aws:sts::ACCT:assumed-role/ROLE/{{SessionName}}. */
  username?: string;
  kubernetesGroups: string[];
  type: string;
  policies: AccessPolicyAssociation[];
}

/** Live view of one cluster's control plane, provided by part 1 to the cluster's API server. */
export interface ClusterControlPlane {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Kubernetes minor version, e.g. "1.33". */
  readonly kubernetesVersion: string;
  authenticationMode(): AuthenticationMode;
  accessEntries(): AccessEntryView[];
  /** The IAM role that created the cluster, if the scenario names one: cluster admin, listed nowhere. */
  clusterCreatorArn?(): string | undefined;
  /**
   * Replays a presigned STS GetCallerIdentity URL (as taken from a `k8s-aws-v1.` token) with
   * the given extra headers, the way the authenticator asks STS to: signature, credentials,
   * revocation, expiry (X-Amz-Date + 15 min, with the sandbox clock) all checked by the STS
   * stand-in. Resolves the caller, or rejects with an Error whose message says why.
   */
  verifyPresignedGetCallerIdentity(url: string, headers: Record<string, string>): Promise<CallerIdentity>;
  /** True when `host` is one the sandbox's STS answers on (besides real sts.*.amazonaws.com names). */
  isSandboxStsHost(host: string): boolean;
  /** The sandbox clock in epoch milliseconds (honours the clock-offset fault). */
  now(): number;
}

export interface NodeSeed {
  name: string;
  ready: boolean;
  /** kubelet version, e.g. "v1.33.1-eks-1234567" */
  kubeletVersion?: string;
  instanceType?: string;
}

export interface PodSeed {
  name: string;
  namespace: string;
  phase?: 'Running' | 'Pending' | 'Succeeded' | 'Failed';
}

/** What a cluster's API server starts with. Part 1 derives it from the scenario. */
export interface KubeClusterSeed {
  nodes: NodeSeed[];
  namespaces: string[];
  pods: PodSeed[];
  /**
   * The kube-system/aws-auth ConfigMap data (keys mapRoles/mapUsers/mapAccounts as YAML
   * strings, exactly as given), or null when the cluster has none.
   */
  awsAuth: Record<string, string> | null;
  /** Extra RBAC objects (Role, RoleBinding, ClusterRole, ClusterRoleBinding), as Kubernetes JSON. */
  rbac: Array<Record<string, unknown>>;
}

export interface KubeApiServerOptions {
  controlPlane: ClusterControlPlane;
  seed: KubeClusterSeed;
  behavior?: EndpointBehavior;
  /** Fixed port, or 0 / undefined for a random free one. Always bound to 127.0.0.1. */
  port?: number;
}

export interface KubeApiServerHandle {
  /** https://127.0.0.1:PORT */
  readonly endpoint: string;
  /** base64 of the PEM of this cluster's CA, as DescribeCluster's certificateAuthority.data. */
  readonly certificateAuthorityData: string;
  behavior(): EndpointBehavior;
  setBehavior(behavior: EndpointBehavior): void;
  /** Counts of requests by "METHOD path-template" and by HTTP status, for tests and benchmarks. */
  stats(): { requests: Record<string, number>; statuses: Record<string, number> };
  close(): Promise<void>;
}

/** Implemented by sandbox/kube/server.ts (part 2). */
export type StartKubeApiServer = (options: KubeApiServerOptions) => Promise<KubeApiServerHandle>;
