// What happens to a pod created through the API: it lands on a Ready node and runs at once
// (no image pulls here), or stays Pending when no node is Ready, as the scheduler would leave it.
import type { KubeObject } from './store.js';

type Loose = Record<string, unknown>;

function readyNodes(nodes: KubeObject[]): string[] {
  return nodes
    .filter((node) => ((node.status as Loose | undefined)?.conditions as Loose[] | undefined)?.some((condition) => condition.type === 'Ready' && condition.status === 'True'))
    .map((node) => node.metadata.name);
}

export function schedulePod(pod: KubeObject, nodes: KubeObject[], podCount: number, now: number): KubeObject {
  const spec = (typeof pod.spec === 'object' && pod.spec !== null ? pod.spec : {}) as Loose;
  const containers = Array.isArray(spec.containers) ? (spec.containers as Loose[]) : [];
  const candidates = readyNodes(nodes);
  const nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : candidates[podCount % Math.max(candidates.length, 1)];
  const startedAt = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  if (nodeName === undefined) {
    return {
      ...pod,
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/0 nodes are available: no Ready nodes.' }],
      },
    };
  }
  return {
    ...pod,
    spec: { ...spec, nodeName },
    status: {
      phase: 'Running',
      podIP: `10.0.${(podCount * 7) % 250}.${(podCount * 13) % 250 + 2}`,
      startTime: startedAt,
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: containers.map((container) => ({
        name: container.name,
        image: container.image,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt } },
      })),
    },
  };
}
