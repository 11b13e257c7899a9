// Which namespaces a context that may not list nodes can still use. Known from three places,
// cheapest first: namespace-scoped access policies (eks:ListAssociatedAccessPolicies, with the
// context's own role, where it may read them), the namespaces the cluster lets us list, and
// hints (namespaces we granted). Candidates are confirmed by a SelfSubjectAccessReview for
// "list pods", which reflects RBAC and access policies alike.
import { AuthorizationV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { CoreContext, RoleCredentials } from '../context.js';
import type { KubeSession } from './kube-client.js';

/** More than this many namespaces would make a check slow; the tooltip says "…and more". */
const MAX_CANDIDATES = 25;

export async function namespacesFromAccessPolicies(
  context: CoreContext,
  credentials: RoleCredentials,
  cluster: { name: string; region: string },
  principalArn: string,
  signal: AbortSignal,
): Promise<string[]> {
  // Loaded on demand: only forbidden contexts on access-entry clusters get here.
  const [{ ListAssociatedAccessPoliciesCommand }, { eksClient }] = await Promise.all([import('@aws-sdk/client-eks'), import('../grant/aws-clients.js')]);
  const eks = eksClient(context.env, credentials, cluster.region);
  try {
    const found = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: cluster.name, principalArn, ...(nextToken ? { nextToken } : {}) }), { abortSignal: signal });
      for (const policy of page.associatedAccessPolicies ?? []) {
        if (policy.accessScope?.type === 'namespace') for (const namespace of policy.accessScope.namespaces ?? []) found.add(namespace);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return [...found];
  } catch {
    // Not allowed to read access policies, or no entry: fall back to the cluster's own answers.
    return [];
  } finally {
    eks.destroy();
  }
}

async function canListPods(authorization: AuthorizationV1Api, namespace: string): Promise<boolean> {
  try {
    const review = await authorization.createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace, verb: 'list', resource: 'pods' } } },
    });
    return review.status?.allowed === true;
  } catch {
    return false;
  }
}

export async function usableNamespaces(session: KubeSession, fromPolicies: string[], hints: string[]): Promise<string[]> {
  const candidates = new Set<string>();
  const usable = new Set<string>();
  for (const namespace of fromPolicies) {
    // Wildcard scopes ("dev-*") cannot be reviewed one by one; report them as EKS stores them.
    if (namespace.includes('*')) usable.add(namespace);
    else candidates.add(namespace);
  }
  for (const namespace of hints) candidates.add(namespace);
  try {
    const list = await session.config.makeApiClient(CoreV1Api).listNamespace({ limit: MAX_CANDIDATES });
    for (const item of list.items) if (item.metadata?.name) candidates.add(item.metadata.name);
  } catch {
    // Listing namespaces is often forbidden exactly when listing nodes is; nothing to add.
  }
  if (candidates.size === 0) candidates.add('default');
  const authorization = session.config.makeApiClient(AuthorizationV1Api);
  const names = [...candidates].slice(0, MAX_CANDIDATES);
  const allowed = await Promise.all(names.map((namespace) => canListPods(authorization, namespace)));
  names.forEach((namespace, index) => {
    if (allowed[index]) usable.add(namespace);
  });
  return [...usable].sort();
}
