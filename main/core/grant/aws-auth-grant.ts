// Grants on CONFIG_MAP clusters, made through the Kubernetes API as a role that already has
// access: a mapRoles entry for the role's path-less ARN (system:masters for cluster admin), or
// for view/edit a mapping without groups plus a Role (ClusterRole) and a binding to it.
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import type { KubeSession } from '../check/kube-client.js';
import { httpStatusOf } from '../check/kube-client.js';
import { credentialsIfAssigned, triedList } from './acting-roles.js';
import { can, kubeAsRole } from './kube-as-role.js';
import { addGroup, appendMapping, findMapping, parseMapRoles, removeGroup, removeMapping, type RoleMapping } from './aws-auth-yaml.js';
import { editAwsAuth, kubeError, readAwsAuth } from './aws-auth-configmap.js';
import { rbacFlavour, rbacRules } from './policies.js';
import type { ClusterRef, GrantChange, KubeObjectKind } from './audit-log.js';
import type { GrantPlan, GrantStep } from './types.js';

const MASTERS = 'system:masters';

function clusterRef(spec: ContextSpec): ClusterRef {
  return { name: spec.cluster.name, region: spec.cluster.region, accountId: spec.accountId };
}

/** "AWSReservedSSO_Developer_0123456789abcdef" → "Developer". */
export function permissionSetName(roleName: string): string {
  return /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(roleName)?.[1] ?? roleName;
}

function objectSuffix(roleName: string): string {
  return permissionSetName(roleName).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'role';
}

/** Opens a session as the first role allowed to read and write aws-auth (and RBAC where needed). */
export async function kubeActingRole(
  context: CoreContext,
  sso: SsoAccess,
  spec: ContextSpec,
  roles: string[],
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<{ role: string; kube: KubeSession; fallbacks: string[] }> {
  const tried: string[] = [];
  for (const [index, role] of roles.entries()) {
    const credentials = await credentialsIfAssigned(sso, spec, role, signal);
    if (!credentials) {
      tried.push(role);
      continue;
    }
    const kube = await kubeAsRole(context, spec, credentials, signal);
    const questions = [
      { verb: 'get', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' },
      { verb: 'update', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' },
      ...(namespace !== undefined
        ? [
            { verb: 'create', resource: 'roles', group: 'rbac.authorization.k8s.io', namespace },
            { verb: 'create', resource: 'rolebindings', group: 'rbac.authorization.k8s.io', namespace },
          ]
        : []),
    ];
    let answers: boolean[];
    try {
      answers = await Promise.all(questions.map((question) => can(kube, question)));
    } catch (error) {
      await kube.close();
      throw error;
    }
    if (answers.every(Boolean)) return { role, kube, fallbacks: roles.slice(index + 1) };
    tried.push(role);
    await kube.close();
  }
  throw new CoreError('access-denied', `none of your roles can edit kube-system/aws-auth on cluster ${spec.cluster.name} (tried ${triedList(tried)})`, {
    hint: `On a CONFIG_MAP cluster only a role already mapped with admin rights can grant access: ask the cluster owner${accessEntriesRemedy(spec)}`,
  });
}

/** The way out through access entries, as a command, where the cluster's platform version has them. */
export function accessEntriesRemedy(spec: ContextSpec): string {
  if (spec.cluster.authenticationMode !== 'CONFIG_MAP') return '';
  if (!spec.cluster.accessEntriesSupported) return ` (platform version ${spec.cluster.version} ${spec.cluster.platformVersion} is too old for access entries)`;
  return `, or switch the cluster to access entries (API_AND_CONFIG_MAP, cannot be undone): eks-sso grant --context ${spec.contextName} --enable-access-entries`;
}

interface RbacNames {
  kind: 'Role' | 'ClusterRole';
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  role: string;
  binding: string;
}

function rbacNames(plan: Pick<GrantPlan, 'request' | 'spec'>): RbacNames {
  const flavour = rbacFlavour(plan.request.policy);
  const namespaced = plan.request.scope === 'namespace';
  return {
    kind: namespaced ? 'Role' : 'ClusterRole',
    bindingKind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
    role: `eks-sso-${flavour}`,
    binding: `eks-sso-${flavour}-${objectSuffix(plan.spec.roleName)}`,
  };
}

export async function planAwsAuth(
  kube: KubeSession,
  plan: Pick<GrantPlan, 'request' | 'spec' | 'principalArnPathless'>,
): Promise<{ steps: GrantStep[]; warnings: string[] }> {
  const { spec, request, principalArnPathless } = plan;
  const cluster = clusterRef(spec);
  const configMap = await readAwsAuth(kube, cluster, `Without it nobody but the cluster creator is mapped: ask the cluster owner${accessEntriesRemedy(spec)}`);
  const entries = parseMapRoles(configMap.data?.mapRoles);
  const found = findMapping(entries, principalArnPathless);
  const steps: GrantStep[] = [];
  const warnings: string[] = [];
  const full = entries.find((entry) => typeof entry === 'object' && entry !== null && 'rolearn' in entry && typeof entry.rolearn === 'string' && entry.rolearn.includes('/aws-reserved/'));
  if (full) warnings.push('aws-auth has an entry whose rolearn includes the aws-reserved path; the authenticator never matches those (aws-auth needs the path-less ARN)');

  if (request.policy === 'AmazonEKSClusterAdminPolicy') {
    if (found?.mapping.groups?.includes(MASTERS)) return { steps, warnings };
    if (found) {
      steps.push({
        description: `add group ${MASTERS} to the existing aws-auth entry for ${principalArnPathless}`,
        call: 'PUT configmaps/kube-system/aws-auth',
        details: { edit: 'add-group', rolearn: principalArnPathless, group: MASTERS },
      });
    } else {
      const mapping: RoleMapping = { rolearn: principalArnPathless, username: `eks-sso:${permissionSetName(spec.roleName)}:{{SessionName}}`, groups: [MASTERS] };
      steps.push({ description: `append to aws-auth mapRoles: ${JSON.stringify(mapping)}`, call: 'PUT configmaps/kube-system/aws-auth', details: { edit: 'add-entry', mapping } });
    }
    return { steps, warnings };
  }

  // View/edit: RBAC must name the user, so the mapping's username cannot carry a template.
  let username = `eks-sso:${spec.roleName}`;
  if (found) {
    if (found.mapping.groups?.includes(MASTERS)) {
      warnings.push('this role is already cluster admin through aws-auth (system:masters)');
      return { steps, warnings };
    }
    if (!found.mapping.username || found.mapping.username.includes('{{')) {
      throw new CoreError('invalid-input', `aws-auth already maps ${principalArnPathless} with ${found.mapping.username ? `the templated username "${found.mapping.username}"` : 'no username'}, which a RoleBinding cannot name`, {
        hint: 'Give that entry a fixed username, or grant cluster admin instead',
      });
    }
    username = found.mapping.username;
  } else {
    const mapping: RoleMapping = { rolearn: principalArnPathless, username };
    steps.push({ description: `append to aws-auth mapRoles: ${JSON.stringify(mapping)}`, call: 'PUT configmaps/kube-system/aws-auth', details: { edit: 'add-entry', mapping } });
  }
  const names = rbacNames(plan);
  const namespace = request.scope === 'namespace' ? request.namespace : undefined;
  if (namespace !== undefined) await requireNamespace(kube, namespace, spec.cluster.name);
  const rbac = kube.config.makeApiClient(RbacAuthorizationV1Api);
  const roleExists = await exists(() => (namespace !== undefined ? rbac.readNamespacedRole({ name: names.role, namespace }) : rbac.readClusterRole({ name: names.role })));
  const bindingExists = await exists(() =>
    namespace !== undefined ? rbac.readNamespacedRoleBinding({ name: names.binding, namespace }) : rbac.readClusterRoleBinding({ name: names.binding }),
  );
  const where = namespace !== undefined ? ` in namespace ${namespace}` : '';
  const path = (kind: string, name: string) => (namespace !== undefined ? `${kind}/${namespace}/${name}` : `${kind}/${name}`);
  if (!roleExists) {
    steps.push({
      description: `create ${names.kind} ${names.role}${where} (${rbacFlavour(request.policy)}: ${rbacRules(request.policy).map((rule) => `${rule.verbs.join('/')} ${rule.resources.join(',')}`).join('; ')})`,
      call: `POST ${path(names.kind === 'Role' ? 'roles' : 'clusterroles', names.role)}`,
      details: { kind: names.kind, name: names.role, ...(namespace !== undefined ? { namespace } : {}), rules: rbacRules(request.policy) },
    });
  }
  if (!bindingExists) {
    steps.push({
      description: `create ${names.bindingKind} ${names.binding}${where} binding ${names.kind} ${names.role} to user ${username}`,
      call: `POST ${path(names.bindingKind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings', names.binding)}`,
      details: { kind: names.bindingKind, name: names.binding, ...(namespace !== undefined ? { namespace } : {}), roleKind: names.kind, roleName: names.role, username },
    });
  }
  return { steps, warnings };
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (httpStatusOf(error) === 404) return false;
    throw kubeError(error, 'reading RBAC objects');
  }
}

export async function requireNamespace(kube: KubeSession, namespace: string, clusterName: string): Promise<void> {
  try {
    await kube.config.makeApiClient(CoreV1Api).readNamespace({ name: namespace });
  } catch (error) {
    if (httpStatusOf(error) === 404) throw new CoreError('not-found', `namespace ${namespace} does not exist on cluster ${clusterName}`, { hint: 'Check the name (kubectl get namespaces) or create it first' });
    throw kubeError(error, `reading namespace ${namespace}`);
  }
}

/** Carries out the plan's aws-auth and RBAC steps, pushing each change as it lands. */
export async function applyAwsAuthSteps(context: CoreContext, kube: KubeSession, plan: GrantPlan, changes: GrantChange[], onProgress?: (step: string) => void): Promise<void> {
  const cluster = clusterRef(plan.spec);
  const rbac = kube.config.makeApiClient(RbacAuthorizationV1Api);
  for (const step of plan.steps) {
    onProgress?.(step.description);
    const details = step.details;
    if (details.edit === 'add-entry') {
      const mapping = details.mapping as RoleMapping;
      const backupFile = await editAwsAuth(context, kube, cluster, (mapRoles) => (findMapping(parseMapRoles(mapRoles), mapping.rolearn) ? null : appendMapping(mapRoles, mapping)));
      if (backupFile) changes.push({ type: 'aws-auth-entry-added', rolearn: mapping.rolearn, backupFile });
    } else if (details.edit === 'add-group') {
      const rolearn = String(details.rolearn);
      const group = String(details.group);
      const backupFile = await editAwsAuth(context, kube, cluster, (mapRoles) =>
        findMapping(parseMapRoles(mapRoles), rolearn)?.mapping.groups?.includes(group) ? null : addGroup(mapRoles, rolearn, group),
      );
      if (backupFile) changes.push({ type: 'aws-auth-group-added', rolearn, group, backupFile });
    } else {
      const kind = details.kind as KubeObjectKind;
      const name = String(details.name);
      const namespace = typeof details.namespace === 'string' ? details.namespace : undefined;
      const metadata = { name, ...(namespace !== undefined ? { namespace } : {}), labels: { 'app.kubernetes.io/managed-by': 'eks-sso' } };
      try {
        if (kind === 'Role' || kind === 'ClusterRole') {
          const body = { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata, rules: details.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> };
          if (namespace !== undefined) await rbac.createNamespacedRole({ namespace, body });
          else await rbac.createClusterRole({ body });
        } else {
          const body = {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind,
            metadata,
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: String(details.roleKind), name: String(details.roleName) },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: String(details.username) }],
          };
          if (namespace !== undefined) await rbac.createNamespacedRoleBinding({ namespace, body });
          else await rbac.createClusterRoleBinding({ body });
        }
        changes.push({ type: 'kube-object-created', kind, name, ...(namespace !== undefined ? { namespace } : {}) });
      } catch (error) {
        // Created meanwhile by someone else: theirs, reused, not recorded as ours.
        if (httpStatusOf(error) !== 409) throw kubeError(error, `creating ${kind} ${name}`);
      }
    }
  }
}

/** Undoes aws-auth and RBAC changes, newest first, pushing each to `undone` as it happens. */
export async function undoAwsAuthChanges(context: CoreContext, kube: KubeSession, spec: ContextSpec, changes: GrantChange[], undone: string[]): Promise<void> {
  const cluster = clusterRef(spec);
  const rbac = kube.config.makeApiClient(RbacAuthorizationV1Api);
  for (const change of [...changes].reverse()) {
    if (change.type === 'aws-auth-entry-added') {
      const changed = await editAwsAuth(context, kube, cluster, (mapRoles) => (findMapping(parseMapRoles(mapRoles), change.rolearn) ? removeMapping(mapRoles, change.rolearn) : null));
      if (changed) undone.push(`removed the aws-auth entry for ${change.rolearn}`);
    } else if (change.type === 'aws-auth-group-added') {
      const changed = await editAwsAuth(context, kube, cluster, (mapRoles) =>
        findMapping(parseMapRoles(mapRoles), change.rolearn)?.mapping.groups?.includes(change.group) ? removeGroup(mapRoles, change.rolearn, change.group) : null,
      );
      if (changed) undone.push(`removed group ${change.group} from the aws-auth entry for ${change.rolearn}`);
    } else if (change.type === 'kube-object-created') {
      if ((change.kind === 'Role' || change.kind === 'ClusterRole') && (await stillBound(rbac, change))) {
        undone.push(`kept ${change.kind} ${change.name}: another binding still uses it`);
        continue;
      }
      try {
        if (change.kind === 'Role') await rbac.deleteNamespacedRole({ name: change.name, namespace: change.namespace ?? 'default' });
        else if (change.kind === 'RoleBinding') await rbac.deleteNamespacedRoleBinding({ name: change.name, namespace: change.namespace ?? 'default' });
        else if (change.kind === 'ClusterRole') await rbac.deleteClusterRole({ name: change.name });
        else await rbac.deleteClusterRoleBinding({ name: change.name });
        undone.push(`deleted ${change.kind} ${change.namespace ? `${change.namespace}/` : ''}${change.name}`);
      } catch (error) {
        if (httpStatusOf(error) !== 404) throw kubeError(error, `deleting ${change.kind} ${change.name}`);
      }
    }
  }
}

async function stillBound(rbac: RbacAuthorizationV1Api, change: Extract<GrantChange, { type: 'kube-object-created' }>): Promise<boolean> {
  try {
    const bindings =
      change.kind === 'Role' ? (await rbac.listNamespacedRoleBinding({ namespace: change.namespace ?? 'default' })).items : (await rbac.listClusterRoleBinding()).items;
    return bindings.some((binding) => binding.roleRef.kind === change.kind && binding.roleRef.name === change.name);
  } catch {
    return true;
  }
}

export { kubeAsRole };
