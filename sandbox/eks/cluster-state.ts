// EKS's view of the clusters: status, authentication mode, access entries with their policy
// associations, and configuration updates. Updates finish on the sandbox clock, so moving the
// clock forward (a fault) also finishes them.
import { createHash, randomUUID } from 'node:crypto';
import type { ClusterSpec, Scenario } from '../scenario/schema.js';
import type { AccessEntryView, AccessScope, AuthenticationMode } from '../kube/contract.js';
import type { Directory } from '../identity/directory.js';
import type { SandboxClock } from '../runtime/clock.js';
import { accessPolicyArn } from './access-policies.js';

export interface PolicyAssociation {
  policyArn: string;
  accessScope: AccessScope;
  associatedAt: number;
  modifiedAt: number;
}

export interface AccessEntryRecord {
  principalArn: string;
  username: string;
  kubernetesGroups: string[];
  type: string;
  accessEntryArn: string;
  createdAt: number;
  modifiedAt: number;
  tags: Record<string, string>;
  policies: Map<string, PolicyAssociation>;
}

export interface ClusterUpdate {
  id: string;
  type: string;
  params: Array<{ type: string; value: string }>;
  createdAt: number;
  completesAt: number;
  status: 'InProgress' | 'Successful' | 'Failed' | 'Cancelled';
  apply: () => void;
}

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** IAM role ARN → the user name EKS gives a role's access entry by default (path removed). */
export function defaultAccessEntryUsername(principalArn: string): string {
  const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principalArn);
  if (match) return `arn:aws:sts::${match[1]}:assumed-role/${match[2]}/{{SessionName}}`;
  return principalArn;
}

export class ClusterState {
  readonly arn: string;
  readonly id: string;
  status: ClusterSpec['status'];
  authenticationMode: AuthenticationMode;
  readonly createdAt: number;
  readonly entries = new Map<string, AccessEntryRecord>();
  readonly updates = new Map<string, ClusterUpdate>();
  /** The creator's role (full ARN), from the scenario's `creator`. */
  creatorArn: string | undefined;

  constructor(
    readonly spec: ClusterSpec,
    private readonly clock: SandboxClock,
  ) {
    this.arn = `arn:aws:eks:${spec.region}:${spec.account}:cluster/${spec.name}`;
    this.id = hex(this.arn, 32).toUpperCase();
    this.status = spec.status;
    this.authenticationMode = spec.authenticationMode;
    this.createdAt = Date.UTC(2025, 2, 3, 10, 0, 0) + parseInt(hex(this.arn, 6), 16) * 1000;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Finishes updates whose time has come. */
  settle(): void {
    const now = this.clock.now();
    for (const update of this.updates.values()) {
      if (update.status === 'InProgress' && update.completesAt <= now) {
        update.apply();
        update.status = 'Successful';
        if (this.status === 'UPDATING') this.status = 'ACTIVE';
      }
    }
  }

  entry(principalArn: string): AccessEntryRecord | undefined {
    return this.entries.get(principalArn.toLowerCase());
  }

  addEntry(input: { principalArn: string; username?: string; kubernetesGroups: string[]; type: string; tags?: Record<string, string> }): AccessEntryRecord {
    const now = this.clock.now();
    const roleName = input.principalArn.split('/').pop() ?? 'principal';
    const account = /^arn:aws:iam::(\d{12}):/.exec(input.principalArn)?.[1] ?? this.spec.account;
    const record: AccessEntryRecord = {
      principalArn: input.principalArn,
      username: input.username ?? defaultAccessEntryUsername(input.principalArn),
      kubernetesGroups: input.kubernetesGroups,
      type: input.type,
      accessEntryArn: `arn:aws:eks:${this.spec.region}:${this.spec.account}:access-entry/${this.spec.name}/role/${account}/${roleName}/${randomUUID()}`,
      createdAt: now,
      modifiedAt: now,
      tags: input.tags ?? {},
      policies: new Map(),
    };
    this.entries.set(input.principalArn.toLowerCase(), record);
    return record;
  }

  associate(record: AccessEntryRecord, policyArn: string, accessScope: AccessScope): PolicyAssociation {
    const now = this.clock.now();
    const existing = record.policies.get(policyArn);
    const association: PolicyAssociation = { policyArn, accessScope, associatedAt: existing?.associatedAt ?? now, modifiedAt: now };
    record.policies.set(policyArn, association);
    record.modifiedAt = now;
    return association;
  }

  /** Marks an entry changed now (UpdateAccessEntry). */
  touch(record: AccessEntryRecord): void {
    record.modifiedAt = this.clock.now();
  }

  /** What the cluster's API server authenticates and authorises against. */
  accessEntryViews(): AccessEntryView[] {
    return [...this.entries.values()].map((record) => ({
      principalArn: record.principalArn,
      username: record.username,
      kubernetesGroups: [...record.kubernetesGroups],
      type: record.type,
      policies: [...record.policies.values()].map(({ policyArn, accessScope }) => ({
        policyArn,
        accessScope: { type: accessScope.type, ...(accessScope.namespaces ? { namespaces: [...accessScope.namespaces] } : {}) },
      })),
    }));
  }
}

export class EksState {
  private readonly byKey = new Map<string, ClusterState>();
  private readonly byAccountRegion = new Map<string, ClusterState[]>();
  readonly all: ClusterState[] = [];

  constructor(scenario: Scenario, directory: Directory, clock: SandboxClock) {
    for (const spec of scenario.clusters) {
      const cluster = new ClusterState(spec, clock);
      this.byKey.set(`${spec.account}|${spec.region}|${spec.name}`, cluster);
      const key = `${spec.account}|${spec.region}`;
      const list = this.byAccountRegion.get(key) ?? [];
      list.push(cluster);
      this.byAccountRegion.set(key, list);
      this.all.push(cluster);
      if (spec.creator) cluster.creatorArn = directory.permissionSetRoleArn(spec.creator, spec.account);
      for (const entry of spec.accessEntries) {
        const principalArn = entry.principalArn ?? directory.permissionSetRoleArn(entry.permissionSet ?? '', spec.account);
        const record = cluster.addEntry({ principalArn, ...(entry.username ? { username: entry.username } : {}), kubernetesGroups: entry.kubernetesGroups, type: entry.type });
        for (const policy of entry.policies) {
          const policyArn = accessPolicyArn(policy.policy);
          if (!policyArn) throw new Error(`cluster ${spec.name}: unknown access policy ${policy.policy}`);
          cluster.associate(record, policyArn, policy.scope);
        }
      }
    }
  }

  cluster(account: string, region: string, name: string): ClusterState | undefined {
    return this.byKey.get(`${account}|${region}|${name}`);
  }

  clustersIn(account: string, region: string): ClusterState[] {
    return this.byAccountRegion.get(`${account}|${region}`) ?? [];
  }

  /** By name alone, for the admin API (the first match when names repeat across accounts). */
  findByName(name: string): ClusterState[] {
    return this.all.filter((cluster) => cluster.name === name);
  }
}
