// A Kubernetes API session on the context's cluster as one of the user's roles, with a token
// minted in-process, plus the few calls grants make.
import { AuthorizationV1Api } from '@kubernetes/client-node';
import type { CoreContext, RoleCredentials } from '../context.js';
import { mintEksToken } from '../eks/token.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import { httpStatusOf, openKubeSession, type KubeSession } from '../check/kube-client.js';
import { kubeError } from './aws-auth-configmap.js';
import { endpointFor } from './aws-clients.js';
import { CoreError } from '../errors.js';

export async function kubeAsRole(context: CoreContext, spec: ContextSpec, credentials: RoleCredentials, signal: AbortSignal): Promise<KubeSession> {
  const { endpoint, certificateAuthorityData } = spec.cluster;
  if (!endpoint || !certificateAuthorityData) throw new CoreError('not-found', `cluster ${spec.cluster.name} has no endpoint yet`);
  const stsEndpoint = endpointFor(context.env, 'STS');
  const { token } = await mintEksToken(credentials, { region: spec.cluster.region, clusterName: spec.cluster.name, ...(stsEndpoint ? { stsEndpoint } : {}), now: context.clock.now() });
  return openKubeSession({ endpoint, certificateAuthorityData, token }, signal);
}

export interface ResourceQuestion {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  name?: string;
}

/**
 * SelfSubjectAccessReview; false when the cluster does not know the role (401) or will not
 * answer it (403). Other failures (network, 5xx) are thrown: "not allowed" would be a lie.
 */
export async function can(kube: KubeSession, question: ResourceQuestion): Promise<boolean> {
  try {
    const review = await kube.config.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: question.verb, resource: question.resource, group: question.group ?? '', ...(question.namespace ? { namespace: question.namespace } : {}), ...(question.name ? { name: question.name } : {}) } },
      },
    });
    return review.status?.allowed === true;
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401 || status === 403) return false;
    throw kubeError(error, `asking cluster whether this role may ${question.verb} ${question.resource}`);
  }
}
