// The access policies EKS offers (ListAccessPolicies), partition aws.
export const ACCESS_POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';

const NAMES = [
  'AmazonEKSAdminPolicy',
  'AmazonEKSAdminViewPolicy',
  'AmazonEKSAutoNodePolicy',
  'AmazonEKSBlockStorageClusterPolicy',
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSComputeClusterPolicy',
  'AmazonEKSEditPolicy',
  'AmazonEKSHybridPolicy',
  'AmazonEKSLoadBalancingClusterPolicy',
  'AmazonEKSNetworkingClusterPolicy',
  'AmazonEKSSecretReaderPolicy',
  'AmazonEKSViewPolicy',
];

export const ACCESS_POLICIES: ReadonlyArray<{ name: string; arn: string }> = NAMES.map((name) => ({ name, arn: `${ACCESS_POLICY_PREFIX}${name}` }));

/** A policy name or ARN → its ARN, or undefined when EKS has no such policy. */
export function accessPolicyArn(nameOrArn: string): string | undefined {
  const name = nameOrArn.startsWith(ACCESS_POLICY_PREFIX) ? nameOrArn.slice(ACCESS_POLICY_PREFIX.length) : nameOrArn;
  return NAMES.includes(name) ? `${ACCESS_POLICY_PREFIX}${name}` : undefined;
}
