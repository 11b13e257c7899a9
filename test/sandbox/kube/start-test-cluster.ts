// Starts the fixture cluster's API server behind the control-plane double.
import type { AuthenticationMode, EndpointBehavior, KubeApiServerHandle } from '../../../sandbox/kube/contract.js';
import { startKubeApiServer } from '../../../sandbox/kube/server.js';
import type { ControlPlaneDouble } from './control-plane-double.js';
import { controlPlaneDouble, mintToken } from './control-plane-double.js';
import type { TestIdentity } from './control-plane-double.js';
import { accessEntries, people, seed } from './fixture.js';

export interface TestCluster {
  server: KubeApiServerHandle;
  plane: ControlPlaneDouble;
  token(identity: TestIdentity): Promise<string>;
}

export async function startTestCluster(options: { name?: string; kubernetesVersion?: string; mode?: AuthenticationMode; behavior?: EndpointBehavior } = {}): Promise<TestCluster> {
  const plane = controlPlaneDouble({
    name: options.name ?? 'demo',
    kubernetesVersion: options.kubernetesVersion ?? '1.33',
    mode: options.mode ?? 'API_AND_CONFIG_MAP',
    entries: accessEntries(),
    identities: Object.values(people),
  });
  const server = await startKubeApiServer({ controlPlane: plane, seed: seed(), ...(options.behavior && { behavior: options.behavior }) });
  return { server, plane, token: (identity) => mintToken(identity, plane.name) };
}
