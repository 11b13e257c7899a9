// Access entries and their policy associations: create, describe, update, delete, list,
// associate, disassociate. The checks and messages follow what EKS answers (PROTOCOLS.md §5).
import type { Reply } from '../http/service-server.js';
import { jsonReply } from '../http/protocols.js';
import type { Directory } from '../identity/directory.js';
import type { AccessScope } from '../kube/contract.js';
import type { ClusterState } from './cluster-state.js';
import type { EksCall } from './eks-call.js';
import { ACCESS_POLICIES, accessPolicyArn } from './access-policies.js';
import { accessEntryView, associationView } from './cluster-view.js';
import { CONFIG_MAP_ONLY_MESSAGE, inUse, invalidParameter, invalidRequest, notFound } from './eks-errors.js';

const RESERVED_USERNAME_PREFIXES = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'];

function accessEntriesAllowed(cluster: ClusterState): void {
  if (cluster.authenticationMode === 'CONFIG_MAP') throw invalidRequest(CONFIG_MAP_ONLY_MESSAGE, { clusterName: cluster.name });
  if (cluster.status === 'CREATING') throw inUse(`Cluster ${cluster.name} is still being created.`, { clusterName: cluster.name });
}

function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    throw invalidParameter('The request path is not correctly encoded.');
  }
}

function entryOf(cluster: ClusterState, principalArn: string) {
  const record = cluster.entry(principalArn);
  if (!record) throw notFound(`The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.`, { clusterName: cluster.name });
  return record;
}

function parseScope(value: unknown): AccessScope {
  if (value === undefined || value === null) throw invalidParameter('accessScope is required.');
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter('accessScope must be a structure.');
  const scope = value as Record<string, unknown>;
  if (scope.type === 'cluster') {
    if (Array.isArray(scope.namespaces) && scope.namespaces.length > 0) throw invalidParameter('Namespaces cannot be specified for an access scope of type cluster.');
    return { type: 'cluster' };
  }
  if (scope.type === 'namespace') {
    const namespaces = scope.namespaces;
    if (!Array.isArray(namespaces) || namespaces.length === 0 || !namespaces.every((item): item is string => typeof item === 'string' && item.length > 0)) {
      throw invalidParameter('At least one namespace must be specified for an access scope of type namespace.');
    }
    return { type: 'namespace', namespaces };
  }
  throw invalidParameter(`Invalid accessScope type: ${String(scope.type)}. Valid values are cluster, namespace.`);
}

export function accessEntryOperations(directory: Directory) {
  return {
    create(eks: EksCall, clusterName: string): Reply {
      eks.authorize('CreateAccessEntry', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const principalArn = eks.requiredString('principalArn');
      const username = eks.optionalString('username');
      const type = eks.optionalString('type') ?? 'STANDARD';
      const kubernetesGroups = eks.optionalStringList('kubernetesGroups') ?? [];
      // Only ARNs of principals that exist resolve: an SSO role ARN without its aws-reserved path does not.
      if (!directory.roleByArn(principalArn)) throw invalidParameter('The specified principalArn is invalid: invalid principal.', { clusterName });
      if (username && RESERVED_USERNAME_PREFIXES.some((prefix) => username.startsWith(prefix))) {
        throw invalidParameter(`username cannot start with any of ${RESERVED_USERNAME_PREFIXES.join(', ')}`, { clusterName });
      }
      if (username?.includes('{{SessionName}}') && !/:.*\{\{SessionName\}\}/.test(username)) {
        throw invalidParameter('username must contain a colon before {{SessionName}}', { clusterName });
      }
      if (!['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'EC2', 'HYBRID_LINUX', 'HYPERPOD_LINUX'].includes(type)) {
        throw invalidParameter(`Invalid type: ${type}`, { clusterName });
      }
      if (type !== 'STANDARD' && kubernetesGroups.length > 0) throw invalidParameter('kubernetesGroups can only be set on access entries of type STANDARD.', { clusterName });
      if (cluster.entry(principalArn)) throw inUse('The specified access entry resource is already in use on this cluster.', { clusterName });
      const tagsValue = eks.body().tags;
      const tags = tagsValue && typeof tagsValue === 'object' && !Array.isArray(tagsValue) ? Object.fromEntries(Object.entries(tagsValue).map(([key, value]) => [key, String(value)])) : {};
      const record = cluster.addEntry({ principalArn, ...(username ? { username } : {}), kubernetesGroups, type, tags });
      return jsonReply(200, { accessEntry: accessEntryView(cluster, record) });
    },

    describe(eks: EksCall, clusterName: string, rawPrincipal: string): Reply {
      eks.authorize('DescribeAccessEntry', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      return jsonReply(200, { accessEntry: accessEntryView(cluster, entryOf(cluster, decodeSegment(rawPrincipal))) });
    },

    update(eks: EksCall, clusterName: string, rawPrincipal: string): Reply {
      eks.authorize('UpdateAccessEntry', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const record = entryOf(cluster, decodeSegment(rawPrincipal));
      const username = eks.optionalString('username');
      const groups = eks.optionalStringList('kubernetesGroups');
      if (username && RESERVED_USERNAME_PREFIXES.some((prefix) => username.startsWith(prefix))) throw invalidParameter(`username cannot start with any of ${RESERVED_USERNAME_PREFIXES.join(', ')}`);
      if (username !== undefined) record.username = username;
      if (groups !== undefined) record.kubernetesGroups = groups;
      cluster.touch(record);
      return jsonReply(200, { accessEntry: accessEntryView(cluster, record) });
    },

    remove(eks: EksCall, clusterName: string, rawPrincipal: string): Reply {
      eks.authorize('DeleteAccessEntry', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const record = entryOf(cluster, decodeSegment(rawPrincipal));
      cluster.entries.delete(record.principalArn.toLowerCase());
      return jsonReply(200, {});
    },

    list(eks: EksCall, clusterName: string): Reply {
      eks.authorize('ListAccessEntries', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const policyFilter = eks.query.get('associatedPolicyArn');
      const filterArn = policyFilter ? accessPolicyArn(policyFilter) : undefined;
      if (policyFilter && !filterArn) throw invalidParameter(`The specified policyArn is invalid: ${policyFilter}`);
      const arns = [...cluster.entries.values()].filter((record) => !filterArn || record.policies.has(filterArn)).map((record) => record.principalArn);
      const { page, nextToken } = eks.page(arns, `entries|${cluster.arn}|${filterArn ?? ''}`);
      return jsonReply(200, { accessEntries: page, ...(nextToken ? { nextToken } : {}) });
    },

    associate(eks: EksCall, clusterName: string, rawPrincipal: string): Reply {
      eks.authorize('AssociateAccessPolicy', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const record = entryOf(cluster, decodeSegment(rawPrincipal));
      const requested = eks.requiredString('policyArn');
      const policyArn = requested.startsWith('arn:') ? accessPolicyArn(requested) : undefined;
      if (!policyArn) throw invalidParameter(`The specified policyArn is invalid: ${requested}`, { clusterName });
      const scope = parseScope(eks.body().accessScope);
      if (record.type !== 'STANDARD') throw invalidParameter('This operation can only be performed on Access Entries with a type of "STANDARD".', { clusterName });
      const association = cluster.associate(record, policyArn, scope);
      return jsonReply(200, { clusterName, principalArn: record.principalArn, associatedAccessPolicy: associationView(association) });
    },

    disassociate(eks: EksCall, clusterName: string, rawPrincipal: string, rawPolicy: string): Reply {
      eks.authorize('DisassociateAccessPolicy', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const record = entryOf(cluster, decodeSegment(rawPrincipal));
      const policyArn = decodeSegment(rawPolicy);
      if (!record.policies.delete(policyArn)) throw notFound(`The specified policy is not associated with this access entry: ${policyArn}`, { clusterName });
      return jsonReply(200, {});
    },

    listAssociated(eks: EksCall, clusterName: string, rawPrincipal: string): Reply {
      eks.authorize('ListAssociatedAccessPolicies', eks.clusterArn(clusterName));
      const cluster = eks.cluster(clusterName);
      accessEntriesAllowed(cluster);
      const record = entryOf(cluster, decodeSegment(rawPrincipal));
      const { page, nextToken } = eks.page([...record.policies.values()], `associated|${record.accessEntryArn}`);
      return jsonReply(200, { clusterName, principalArn: record.principalArn, associatedAccessPolicies: page.map(associationView), ...(nextToken ? { nextToken } : {}) });
    },

    listPolicies(eks: EksCall): Reply {
      eks.authorize('ListAccessPolicies', '*');
      const { page, nextToken } = eks.page(ACCESS_POLICIES, 'policies');
      return jsonReply(200, { accessPolicies: page, ...(nextToken ? { nextToken } : {}) });
    },
  };
}
