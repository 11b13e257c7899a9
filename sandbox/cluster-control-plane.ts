// Part 1's side of the contract with each cluster's API server: a live view of the cluster's
// EKS state, and STS verification of the presigned URLs inside bearer tokens.
import type { ClusterControlPlane } from './kube/contract.js';
import type { ClusterState } from './eks/cluster-state.js';
import type { SandboxClock } from './runtime/clock.js';
import { verifyPresignedGetCallerIdentity } from './services/sts.js';
import type { PresignedVerifierDeps } from './services/sts.js';

export function clusterControlPlane(cluster: ClusterState, deps: PresignedVerifierDeps & { clock: SandboxClock; stsHosts: () => string[] }): ClusterControlPlane {
  return {
    name: cluster.name,
    accountId: cluster.spec.account,
    region: cluster.spec.region,
    kubernetesVersion: cluster.spec.version,
    authenticationMode() {
      cluster.settle();
      return cluster.authenticationMode;
    },
    accessEntries() {
      cluster.settle();
      return cluster.authenticationMode === 'CONFIG_MAP' ? [] : cluster.accessEntryViews();
    },
    clusterCreatorArn() {
      return cluster.creatorArn;
    },
    async verifyPresignedGetCallerIdentity(url, headers) {
      return verifyPresignedGetCallerIdentity(deps, url, headers);
    },
    isSandboxStsHost(host) {
      return deps.stsHosts().includes(host.toLowerCase());
    },
    now() {
      return deps.clock.now();
    },
  };
}
