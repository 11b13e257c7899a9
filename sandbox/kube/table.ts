// `as=Table` responses (meta.k8s.io/v1 Table): the server decides the columns, kubectl just
// prints them. Columns follow the API server's own printers for the kinds served here.
import type { ResourceType } from './resources.js';
import type { KubeObject } from './store.js';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface Printer {
  columns: Column[];
  cells(object: KubeObject, now: number): unknown[];
}

function column(name: string, type = 'string', priority = 0, format = ''): Column {
  return { name, type, format, description: name, priority };
}

/** Age the way kubectl prints it: 45s, 12m, 5h, 3d, 2y. */
export function humanAge(since: string | undefined, now: number): string {
  if (!since) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const list = (value: unknown): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);

function nodeStatus(object: KubeObject): string {
  const ready = list(record(object.status).conditions).find((condition) => condition.type === 'Ready');
  const state = ready?.status === 'True' ? 'Ready' : 'NotReady';
  return record(object.spec).unschedulable === true ? `${state},SchedulingDisabled` : state;
}

function nodeRoles(object: KubeObject): string {
  const roles = Object.keys(object.metadata.labels ?? {})
    .filter((label) => label.startsWith('node-role.kubernetes.io/'))
    .map((label) => label.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

function address(object: KubeObject, type: string): string {
  return String(list(record(object.status).addresses).find((entry) => entry.type === type)?.address ?? '<none>');
}

function podCells(object: KubeObject, now: number): unknown[] {
  const status = record(object.status);
  const containers = list(record(object.spec).containers);
  const statuses = list(status.containerStatuses);
  const ready = statuses.filter((entry) => entry.ready === true).length;
  const restarts = statuses.reduce((sum, entry) => sum + (typeof entry.restartCount === 'number' ? entry.restartCount : 0), 0);
  let reason = String(status.phase ?? 'Unknown');
  for (const entry of statuses) {
    const state = record(entry.state);
    const waiting = record(state.waiting).reason;
    const terminated = record(state.terminated).reason;
    if (typeof waiting === 'string') reason = waiting;
    else if (typeof terminated === 'string') reason = terminated;
  }
  if (object.metadata.deletionTimestamp) reason = 'Terminating';
  return [object.metadata.name, `${ready}/${containers.length}`, reason, String(restarts), humanAge(object.metadata.creationTimestamp, now), status.podIP ?? '<none>', record(object.spec).nodeName ?? '<none>', '<none>', '<none>'];
}

function subjectsOfKind(object: KubeObject, kind: string): string {
  const names = list(object.subjects).filter((subject) => subject.kind === kind).map((subject) => (kind === 'ServiceAccount' ? `${String(subject.namespace ?? '')}/${String(subject.name)}` : String(subject.name)));
  return names.length ? names.join(', ') : '';
}

const NAME = column('Name', 'string', 0, 'name');
const AGE = column('Age');

const PRINTERS: Record<string, Printer> = {
  nodes: {
    columns: [NAME, column('Status'), column('Roles'), AGE, column('Version'), column('Internal-IP', 'string', 1), column('External-IP', 'string', 1), column('OS-Image', 'string', 1), column('Kernel-Version', 'string', 1), column('Container-Runtime', 'string', 1)],
    cells: (object, now) => {
      const info = record(record(object.status).nodeInfo);
      return [object.metadata.name, nodeStatus(object), nodeRoles(object), humanAge(object.metadata.creationTimestamp, now), info.kubeletVersion ?? '', address(object, 'InternalIP'), address(object, 'ExternalIP'), info.osImage ?? '', info.kernelVersion ?? '', info.containerRuntimeVersion ?? ''];
    },
  },
  pods: {
    columns: [NAME, column('Ready'), column('Status'), column('Restarts', 'string'), AGE, column('IP', 'string', 1), column('Node', 'string', 1), column('Nominated Node', 'string', 1), column('Readiness Gates', 'string', 1)],
    cells: podCells,
  },
  namespaces: {
    columns: [NAME, column('Status'), AGE],
    cells: (object, now) => [object.metadata.name, record(object.status).phase ?? 'Active', humanAge(object.metadata.creationTimestamp, now)],
  },
  configmaps: {
    columns: [NAME, column('Data', 'integer'), AGE],
    cells: (object, now) => [object.metadata.name, Object.keys(record(object.data)).length + Object.keys(record(object.binaryData)).length, humanAge(object.metadata.creationTimestamp, now)],
  },
  rolebindings: {
    columns: [NAME, column('Role'), AGE, column('Users', 'string', 1), column('Groups', 'string', 1), column('ServiceAccounts', 'string', 1)],
    cells: (object, now) => {
      const roleRef = record(object.roleRef);
      return [object.metadata.name, `${String(roleRef.kind)}/${String(roleRef.name)}`, humanAge(object.metadata.creationTimestamp, now), subjectsOfKind(object, 'User'), subjectsOfKind(object, 'Group'), subjectsOfKind(object, 'ServiceAccount')];
    },
  },
  roles: {
    columns: [NAME, column('Created At', 'date')],
    cells: (object) => [object.metadata.name, object.metadata.creationTimestamp ?? ''],
  },
};
PRINTERS.clusterrolebindings = PRINTERS.rolebindings!;
PRINTERS.clusterroles = PRINTERS.roles!;

const GENERIC: Printer = {
  columns: [NAME, AGE],
  cells: (object, now) => [object.metadata.name, humanAge(object.metadata.creationTimestamp, now)],
};

export type IncludeObject = 'None' | 'Object' | 'PartialObjectMetadata';

export function toTable(type: ResourceType, objects: KubeObject[], options: { now: number; resourceVersion: string; includeObject: IncludeObject; continueToken?: string }): Record<string, unknown> {
  const printer = PRINTERS[type.name] ?? GENERIC;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: options.resourceVersion, ...(options.continueToken && { continue: options.continueToken }) },
    columnDefinitions: printer.columns,
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: printer.cells(object, options.now) };
      if (options.includeObject === 'Object') row.object = object;
      else if (options.includeObject === 'PartialObjectMetadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
      return row;
    }),
  };
}

/** True when the Accept header asks for a Table (kubectl get does, with a JSON fallback). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const parameters = part.split(';').map((piece) => piece.trim());
    return parameters.includes('as=Table') && (parameters.includes('g=meta.k8s.io') || !parameters.some((piece) => piece.startsWith('g=')));
  });
}
