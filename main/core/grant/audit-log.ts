// The append-only record of every grant and revoke: who (session user), as which role, for
// which principal on which cluster, and exactly what changed. `--revoke` reads it to undo only
// what a grant created, never more. JSON lines, appended (O_APPEND), 0600 in a 0700 folder.
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { productConfigDir, type Clock, type Environment } from '../context.js';
import { sameArn } from '../arn/sso-role-arn.js';

export interface AccessScopeRecord {
  type: 'cluster' | 'namespace';
  namespaces?: string[];
}

export type KubeObjectKind = 'Role' | 'RoleBinding' | 'ClusterRole' | 'ClusterRoleBinding';

export type GrantChange =
  | { type: 'access-entry-created'; principalArn: string }
  | { type: 'access-policy-associated'; principalArn: string; policyArn: string; accessScope: AccessScopeRecord; previousScope: AccessScopeRecord | null }
  | { type: 'aws-auth-entry-added'; rolearn: string; backupFile: string }
  | { type: 'aws-auth-group-added'; rolearn: string; group: string; backupFile: string }
  | { type: 'kube-object-created'; kind: KubeObjectKind; namespace?: string; name: string };

export interface ClusterRef {
  name: string;
  region: string;
  accountId: string;
}

export interface AuditRecord {
  id: string;
  /** ISO 8601. */
  time: string;
  action: 'grant' | 'revoke' | 'mode-change';
  contextName: string;
  session: string;
  /** The Identity Center user (STS session name), when known. */
  sessionUser: string;
  actingRole: string;
  /** The ARN granted (full for access entries, path-less for aws-auth). */
  principalArn: string;
  cluster: ClusterRef;
  method: 'access-entry' | 'aws-auth';
  changes: GrantChange[];
  /** For grants: what was asked. */
  request?: { scope: 'cluster' | 'namespace'; namespace?: string; policy: string };
  /** For revokes: the grant records undone, and what undoing them did. */
  revokes?: string[];
  undone?: string[];
  outcome: 'applied' | 'partial' | 'failed';
  error?: string;
}

export function auditLogPath(env: Environment): string {
  return path.join(productConfigDir(env), 'grant-audit.jsonl');
}

/** Appends `entry` stamped with a fresh id and the time now; returns the record written. */
export async function appendAudit(context: { env: Environment; clock: Clock }, entry: Omit<AuditRecord, 'id' | 'time'>): Promise<AuditRecord> {
  const record: AuditRecord = { id: randomUUID(), time: new Date(context.clock.now()).toISOString(), ...entry };
  const file = auditLogPath(context.env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // One write per record with O_APPEND: concurrent writers interleave whole lines.
  await appendFile(file, `${JSON.stringify(record)}\n`, { mode: 0o600, flag: 'a' });
  return record;
}

export async function readAudit(env: Environment): Promise<AuditRecord[]> {
  let text: string;
  try {
    text = await readFile(auditLogPath(env), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const records: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as AuditRecord);
    } catch {
      // A torn last line (a crash mid-append) is skipped; every whole record still counts.
    }
  }
  return records;
}

function sameCluster(a: ClusterRef, b: ClusterRef): boolean {
  return a.name === b.name && a.region === b.region && a.accountId === b.accountId;
}

/** Grants for this principal on this cluster that changed something and were not revoked yet, oldest first. */
export function outstandingGrants(records: AuditRecord[], cluster: ClusterRef, principalPathless: string, pathlessOf: (arn: string) => string): AuditRecord[] {
  const revoked = new Set(records.filter((record) => record.action === 'revoke').flatMap((record) => record.revokes ?? []));
  return records.filter(
    (record) =>
      record.action === 'grant' &&
      record.changes.length > 0 &&
      !revoked.has(record.id) &&
      sameCluster(record.cluster, cluster) &&
      sameArn(pathlessOf(record.principalArn), principalPathless),
  );
}

/** Namespaces granted to a context and not revoked: hints for the reachability check. */
export async function grantedNamespaces(env: Environment, contextName: string): Promise<string[]> {
  const records = await readAudit(env);
  const revoked = new Set(records.filter((record) => record.action === 'revoke').flatMap((record) => record.revokes ?? []));
  const namespaces = new Set<string>();
  for (const record of records) {
    if (record.action !== 'grant' || revoked.has(record.id) || record.contextName !== contextName) continue;
    if (record.request?.scope === 'namespace' && record.request.namespace) namespaces.add(record.request.namespace);
  }
  return [...namespaces];
}
