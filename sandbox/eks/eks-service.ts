// The EKS control-plane API (rest-json, SigV4 with signing name "eks"). Every call is signed
// with credentials the portal issued; the caller's account and the signature's region pick
// the clusters; the permission set's allow-list decides what it may do.
import { randomUUID } from 'node:crypto';
import type { CallContext, IncomingCall, Reply, ServiceDefinition } from '../http/service-server.js';
import { jsonReply, restJsonError } from '../http/protocols.js';
import { SignatureError } from '../http/sigv4.js';
import { ServiceError } from '../runtime/service-error.js';
import type { SandboxClock } from '../runtime/clock.js';
import type { Directory } from '../identity/directory.js';
import type { SessionStore } from '../identity/sessions.js';
import { authenticateSigned } from '../identity/signed-caller.js';
import type { AuthenticationMode } from '../kube/contract.js';
import type { ClusterState, EksState } from './cluster-state.js';
import { EksCall } from './eks-call.js';
import { eksAuthError, inUse, invalidParameter, notFound } from './eks-errors.js';
import { accessEntryOperations } from './access-entry-operations.js';
import { clusterView, updateView } from './cluster-view.js';
import type { ClusterEndpoint } from './cluster-view.js';

export interface EksDeps {
  directory: Directory;
  sessions: SessionStore;
  clock: SandboxClock;
  state: EksState;
  /** The cluster's API server endpoint and CA (started on demand), or undefined when it has none. */
  endpointOf(cluster: ClusterState): Promise<ClusterEndpoint | undefined>;
  /** How long an UpdateClusterConfig stays in progress, in sandbox milliseconds. */
  updateDurationMs: number;
}

interface Route {
  operation: string;
  run(eks: EksCall): Reply | Promise<Reply>;
}

const NEXT_MODE: Record<AuthenticationMode, AuthenticationMode | undefined> = {
  CONFIG_MAP: 'API_AND_CONFIG_MAP',
  API_AND_CONFIG_MAP: 'API',
  API: undefined,
};

const UPDATE_KINDS = ['resourcesVpcConfig', 'logging', 'accessConfig', 'upgradePolicy', 'zonalShiftConfig', 'computeConfig', 'kubernetesNetworkConfig', 'storageConfig', 'remoteNetworkConfig'];

export function eksService(deps: EksDeps): ServiceDefinition {
  const entries = accessEntryOperations(deps.directory);

  function listClusters(eks: EksCall): Reply {
    eks.authorize('ListClusters', `arn:aws:eks:${eks.region}:${eks.account}:cluster/*`);
    const names = deps.state.clustersIn(eks.account, eks.region).map((cluster) => cluster.name);
    const { page, nextToken } = eks.page(names, `clusters|${eks.account}|${eks.region}`);
    return jsonReply(200, { clusters: page, ...(nextToken ? { nextToken } : {}) });
  }

  async function describeCluster(eks: EksCall, name: string): Promise<Reply> {
    eks.authorize('DescribeCluster', eks.clusterArn(name));
    const cluster = eks.cluster(name);
    const endpoint = await deps.endpointOf(cluster);
    return jsonReply(200, { cluster: clusterView(cluster, endpoint) });
  }

  function updateClusterConfig(eks: EksCall, name: string): Reply {
    eks.authorize('UpdateClusterConfig', eks.clusterArn(name));
    const cluster = eks.cluster(name);
    const body = eks.body();
    const kinds = UPDATE_KINDS.filter((kind) => body[kind] !== undefined && body[kind] !== null);
    if (kinds.length === 0) throw invalidParameter('No changes needed for the logging config provided');
    if (kinds.length > 1) throw invalidParameter('Only one type of update can be allowed: VpcConfigUpdate, LoggingUpdate, EndpointAccessUpdate, or AuthModeUpdate');
    if (kinds[0] !== 'accessConfig') throw invalidParameter(`The sandbox supports authentication mode updates only, not ${kinds[0]}`);
    const accessConfig = body.accessConfig;
    const wanted = accessConfig && typeof accessConfig === 'object' && !Array.isArray(accessConfig) ? (accessConfig as Record<string, unknown>).authenticationMode : undefined;
    if (wanted !== 'API' && wanted !== 'API_AND_CONFIG_MAP' && wanted !== 'CONFIG_MAP') {
      throw invalidParameter(`Invalid authenticationMode: ${String(wanted)}. Valid values are API, API_AND_CONFIG_MAP, CONFIG_MAP.`);
    }
    if (cluster.status !== 'ACTIVE') throw inUse(`Cluster ${name} is in ${cluster.status} state; an update can start only when it is ACTIVE.`, { clusterName: name });
    if (NEXT_MODE[cluster.authenticationMode] !== wanted) {
      throw invalidParameter(`Unsupported authentication mode update from ${cluster.authenticationMode} to ${wanted}`, { clusterName: name });
    }
    const createdAt = deps.clock.now();
    const update = {
      id: randomUUID(),
      type: 'AccessConfigUpdate',
      params: [{ type: 'AuthenticationMode', value: wanted }],
      createdAt,
      completesAt: createdAt + deps.updateDurationMs,
      status: 'InProgress' as const,
      apply: () => {
        cluster.authenticationMode = wanted;
      },
    };
    cluster.updates.set(update.id, update);
    cluster.status = 'UPDATING';
    return jsonReply(200, { update: updateView(update) });
  }

  function describeUpdate(eks: EksCall, name: string, updateId: string): Reply {
    eks.authorize('DescribeUpdate', eks.clusterArn(name));
    const cluster = eks.cluster(name);
    const update = cluster.updates.get(updateId);
    if (!update) throw notFound(`No update found for ID: ${updateId}`, { clusterName: name });
    return jsonReply(200, { update: updateView(update) });
  }

  function listUpdates(eks: EksCall, name: string): Reply {
    eks.authorize('ListUpdates', eks.clusterArn(name));
    const cluster = eks.cluster(name);
    const { page, nextToken } = eks.page([...cluster.updates.keys()], `updates|${cluster.arn}`);
    return jsonReply(200, { updateIds: page, ...(nextToken ? { nextToken } : {}) });
  }

  /** Path segments are matched raw: principal and policy ARNs arrive percent-encoded in one segment. */
  function route(method: string, segments: string[]): Route | undefined {
    const [first, name = '', second, third, fourth, fifth] = segments;
    const decode = (segment: string) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw invalidParameter('The request path is not correctly encoded.');
      }
    };
    const decodedName = decode(name);
    const key = `${method} ${segments.length}`;
    if (first === 'access-policies' && key === 'GET 1') return { operation: 'ListAccessPolicies', run: (eks) => entries.listPolicies(eks) };
    if (first !== 'clusters') return undefined;
    if (key === 'GET 1') return { operation: 'ListClusters', run: listClusters };
    if (key === 'GET 2') return { operation: 'DescribeCluster', run: (eks) => describeCluster(eks, decodedName) };
    if (second === 'update-config' && key === 'POST 3') return { operation: 'UpdateClusterConfig', run: (eks) => updateClusterConfig(eks, decodedName) };
    if (second === 'updates' && key === 'GET 3') return { operation: 'ListUpdates', run: (eks) => listUpdates(eks, decodedName) };
    if (second === 'updates' && key === 'GET 4') return { operation: 'DescribeUpdate', run: (eks) => describeUpdate(eks, decodedName, decode(third ?? '')) };
    if (second !== 'access-entries') return undefined;
    const principal = third ?? '';
    switch (key) {
      case 'POST 3':
        return { operation: 'CreateAccessEntry', run: (eks) => entries.create(eks, decodedName) };
      case 'GET 3':
        return { operation: 'ListAccessEntries', run: (eks) => entries.list(eks, decodedName) };
      case 'GET 4':
        return { operation: 'DescribeAccessEntry', run: (eks) => entries.describe(eks, decodedName, principal) };
      case 'POST 4':
        return { operation: 'UpdateAccessEntry', run: (eks) => entries.update(eks, decodedName, principal) };
      case 'DELETE 4':
        return { operation: 'DeleteAccessEntry', run: (eks) => entries.remove(eks, decodedName, principal) };
    }
    if (fourth !== 'access-policies') return undefined;
    if (key === 'POST 5') return { operation: 'AssociateAccessPolicy', run: (eks) => entries.associate(eks, decodedName, principal) };
    if (key === 'GET 5') return { operation: 'ListAssociatedAccessPolicies', run: (eks) => entries.listAssociated(eks, decodedName, principal) };
    if (key === 'DELETE 6') return { operation: 'DisassociateAccessPolicy', run: (eks) => entries.disassociate(eks, decodedName, principal, fifth ?? '') };
    return undefined;
  }

  async function handle(call: IncomingCall, context: CallContext): Promise<Reply> {
    const segments = call.rawPath.split('/').filter((segment) => segment.length > 0);
    const matched = route(call.method, segments);
    if (!matched) throw new ServiceError(404, 'UnknownOperationException', `No operation at ${call.method} ${call.rawPath}`);
    context.operation = matched.operation;
    let caller;
    try {
      caller = authenticateSigned(call, deps.sessions, deps.clock, 'eks');
    } catch (error) {
      if (error instanceof SignatureError) throw eksAuthError(error);
      throw error;
    }
    const eks = new EksCall(call, context, caller, deps.state);
    context.user = caller.credentials.user;
    context.account = eks.account;
    context.region = eks.region;
    await context.gate(matched.operation, `${eks.account}|${eks.region}`, eks.account);
    return matched.run(eks);
  }

  return {
    name: 'eks',
    handle,
    renderError: (error) => restJsonError(error),
    throttlingError: () => new ServiceError(429, 'ThrottlingException', 'Rate exceeded'),
    serverError: () => new ServiceError(500, 'ServerException', 'An internal error occurred'),
  };
}
