// The "who am I / can I" endpoints: SelfSubjectReview (authentication.k8s.io/v1),
// SelfSubjectAccessReview and SelfSubjectRulesReview (authorization.k8s.io/v1).
import type { RequestAttributes, Subject } from './authorizer.js';
import { isAllowed, rbacRulesFor } from './authorizer.js';
import type { ObjectStore } from './store.js';
import { badRequest } from './status.js';

export interface ReviewUser extends Subject {
  uid: string;
  extra: Record<string, string[]>;
}

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});

export function selfSubjectReview(user: ReviewUser, now: number): Loose {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z') },
    status: { userInfo: { username: user.username, uid: user.uid, groups: user.groups, ...(Object.keys(user.extra).length && { extra: user.extra }) } },
  };
}

export function selfSubjectAccessReview(store: ObjectStore, user: ReviewUser, body: unknown): Loose {
  const spec = record(record(body).spec);
  const resourceAttributes = spec.resourceAttributes === undefined ? undefined : record(spec.resourceAttributes);
  const nonResourceAttributes = spec.nonResourceAttributes === undefined ? undefined : record(spec.nonResourceAttributes);
  let attributes: RequestAttributes;
  if (resourceAttributes) {
    attributes = {
      kind: 'resource',
      verb: String(resourceAttributes.verb ?? ''),
      apiGroup: String(resourceAttributes.group ?? ''),
      resource: String(resourceAttributes.resource ?? ''),
      subresource: String(resourceAttributes.subresource ?? ''),
      namespace: String(resourceAttributes.namespace ?? ''),
      name: String(resourceAttributes.name ?? ''),
    };
  } else if (nonResourceAttributes) {
    attributes = { kind: 'path', verb: String(nonResourceAttributes.verb ?? ''), path: String(nonResourceAttributes.path ?? '') };
  } else {
    throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  const allowed = isAllowed(store, user, attributes);
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec,
    // A denial carries no reason, as with the RBAC authorizer (kubectl prints a bare "no").
    status: allowed ? { allowed: true, reason: 'allowed by the cluster access policies or RBAC' } : { allowed: false },
  };
}

/** Rules from stored RBAC only: EKS documents that access policies do not show up here. */
export function selfSubjectRulesReview(store: ObjectStore, user: ReviewUser, body: unknown): Loose {
  const namespace = String(record(record(body).spec).namespace ?? '');
  const masters = user.groups.includes('system:masters');
  const rules = masters ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }] : rbacRulesFor(store, user, namespace);
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: { namespace },
    status: {
      resourceRules: rules.filter((rule) => !rule.nonResourceURLs).map((rule) => ({ verbs: rule.verbs, apiGroups: rule.apiGroups ?? [], resources: rule.resources ?? [], ...(rule.resourceNames && { resourceNames: rule.resourceNames }) })),
      nonResourceRules: rules.filter((rule) => rule.nonResourceURLs).map((rule) => ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs })),
      incomplete: !masters && user.policies.length > 0,
    },
  };
}
