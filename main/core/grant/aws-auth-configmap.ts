// Read-modify-write of kube-system/aws-auth through the Kubernetes API: read it with its
// resourceVersion, let the caller compute the new mapRoles (proven by re-parsing), save the
// version being replaced to a local backup, write it back conditioned on that resourceVersion,
// and on 409 Conflict (someone else wrote in between) start again from a fresh read.
import path from 'node:path';
import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { productConfigDir, type CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { KubeSession } from '../check/kube-client.js';
import { httpStatusOf, statusMessageOf } from '../check/kube-client.js';
import type { ClusterRef } from './audit-log.js';

const NAMESPACE = 'kube-system';
const NAME = 'aws-auth';
const MAX_ATTEMPTS = 6;

/** `missingHint` says what to do when there is no aws-auth (the caller knows whether access entries are an option). */
export async function readAwsAuth(kube: KubeSession, cluster: ClusterRef, missingHint = 'Without it nobody but the cluster creator is mapped: ask the cluster owner'): Promise<V1ConfigMap> {
  try {
    return await kube.config.makeApiClient(CoreV1Api).readNamespacedConfigMap({ namespace: NAMESPACE, name: NAME });
  } catch (error) {
    if (httpStatusOf(error) === 404) {
      throw new CoreError('not-found', `cluster ${cluster.name} has no kube-system/aws-auth ConfigMap`, { hint: missingHint });
    }
    throw kubeError(error, `reading kube-system/aws-auth on ${cluster.name}`);
  }
}

export function kubeError(error: unknown, doing: string): CoreError {
  if (error instanceof CoreError) return error;
  const status = httpStatusOf(error);
  if (status === 401) return new CoreError('access-denied', `${doing}: the cluster does not know this role (401)`, { cause: error });
  if (status === 403) return new CoreError('access-denied', `${doing}: forbidden (${statusMessageOf(error)})`, { cause: error });
  return new CoreError('kubernetes', `${doing} failed: ${status ? `HTTP ${status} ` : ''}${statusMessageOf(error)}`, { cause: error, retryable: status === undefined || status >= 500 });
}

async function backup(context: CoreContext, cluster: ClusterRef, configMap: V1ConfigMap): Promise<string> {
  const stamp = new Date(context.clock.now()).toISOString().replace(/[:.]/g, '-');
  const file = path.join(productConfigDir(context.env), 'aws-auth-backups', `${cluster.accountId}-${cluster.region}-${cluster.name}-${stamp}-rv${configMap.metadata?.resourceVersion ?? '0'}.json`);
  const { name, namespace, resourceVersion, uid } = configMap.metadata ?? {};
  await writeFileAtomic(file, `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, resourceVersion, uid }, data: configMap.data ?? {} }, null, 2)}\n`);
  return file;
}

export interface AwsAuthEdit {
  /** The new mapRoles, or null when the current one already says what we want. */
  (mapRoles: string | undefined): string | null;
}

/** Applies `edit` with optimistic concurrency; resolves the backup file, or null when nothing had to change. */
export async function editAwsAuth(context: CoreContext, kube: KubeSession, cluster: ClusterRef, edit: AwsAuthEdit): Promise<string | null> {
  const api = kube.config.makeApiClient(CoreV1Api);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await readAwsAuth(kube, cluster);
    const mapRoles = edit(current.data?.mapRoles);
    if (mapRoles === null) return null;
    const file = await backup(context, cluster, current);
    const body: V1ConfigMap = { ...current, data: { ...(current.data ?? {}), mapRoles } };
    try {
      await api.replaceNamespacedConfigMap({ namespace: NAMESPACE, name: NAME, body });
      return file;
    } catch (error) {
      if (httpStatusOf(error) !== 409) throw kubeError(error, `writing kube-system/aws-auth on ${cluster.name}`);
      context.logger.info('aws-auth changed while we edited it; reading it again', { cluster: cluster.name, attempt });
    }
  }
  throw new CoreError('conflict', `kube-system/aws-auth on ${cluster.name} kept changing while we tried to edit it`, { hint: 'Try again in a moment', retryable: true });
}
