// The cluster, user and context entries we write for one planned context, as plain objects.
import { profileName } from '../aws-config/profile-names.js';
import type { ContextSpec } from './contexts.js';
import { markerExtensions } from './marker.js';

export interface ExecCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface EntryOptions {
  execMode: 'builtin' | 'aws';
  /** How to run `eks-sso` (builtin mode). */
  exec: ExecCommand;
  /** Profile names as `eks-sso profiles` writes them (aws mode), default `{account}.{role}`. */
  profileTemplate?: string;
}

export interface DesiredEntries {
  cluster: { name: string; body: Record<string, unknown> };
  user: { name: string; body: Record<string, unknown> };
  context: { name: string; body: Record<string, unknown> };
}

/** Cluster entries are per cluster; the prefix keeps them apart from `aws eks update-kubeconfig`'s ARN-named ones. */
export function clusterEntryName(spec: ContextSpec): string {
  return `eks-sso:${spec.cluster.arn}`;
}

/** User entries are per role + cluster: the token is bound to both. */
export function userEntryName(spec: ContextSpec): string {
  return `eks-sso:${spec.session}:${spec.roleName}@${spec.cluster.arn}`;
}

function execEntry(spec: ContextSpec, options: EntryOptions): Record<string, unknown> {
  const { cluster } = spec;
  if (options.execMode === 'aws') {
    // The shape `aws eks update-kubeconfig --profile P` writes.
    return {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      args: ['--region', cluster.region, 'eks', 'get-token', '--cluster-name', cluster.name, '--output', 'json'],
      command: 'aws',
      // The profile `eks-sso profiles` writes for this account and role (same template, same name).
      env: [
        {
          name: 'AWS_PROFILE',
          value: profileName(options.profileTemplate ?? '{account}.{role}', { account: spec.accountName, accountId: spec.accountId, role: spec.roleName, session: spec.session }),
        },
      ],
    };
  }
  const env = Object.entries(options.exec.env ?? {}).map(([name, value]) => ({ name, value }));
  return {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: options.exec.command,
    args: [
      ...options.exec.args,
      'token',
      '--session',
      spec.session,
      '--account',
      spec.accountId,
      '--role',
      spec.roleName,
      '--region',
      cluster.region,
      '--cluster',
      cluster.name,
    ],
    ...(env.length > 0 ? { env } : {}),
    // The helper never prompts: an expired session is one line on stderr and exit 1.
    interactiveMode: 'Never',
  };
}

export function desiredEntries(spec: ContextSpec, options: EntryOptions): DesiredEntries {
  const { cluster } = spec;
  const base = { session: spec.session, accountId: spec.accountId, region: cluster.region, cluster: cluster.name };
  return {
    cluster: {
      name: clusterEntryName(spec),
      body: {
        'certificate-authority-data': cluster.certificateAuthorityData,
        server: cluster.endpoint,
        extensions: markerExtensions({ ...base, arn: cluster.arn }),
      },
    },
    user: {
      name: userEntryName(spec),
      body: {
        exec: execEntry(spec, options),
        extensions: markerExtensions({ ...base, roleName: spec.roleName, exec: options.execMode }),
      },
    },
    context: {
      name: spec.contextName,
      body: {
        cluster: clusterEntryName(spec),
        user: userEntryName(spec),
        extensions: markerExtensions({ ...base, accountName: spec.accountName, roleName: spec.roleName, arn: cluster.arn }),
      },
    },
  };
}

/**
 * Comparable form of an entry body: kubectl rewrites exec blocks with `env: null` and
 * `provideClusterInfo: false`; those mean the same as absent, and must not make us rewrite.
 */
export function canonicalBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalBody);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === null || item === undefined) continue;
    if (key === 'provideClusterInfo' && item === false) continue;
    if (Array.isArray(item) && item.length === 0) continue;
    result[key] = canonicalBody(item);
  }
  return result;
}
