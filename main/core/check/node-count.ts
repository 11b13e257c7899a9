// What one page of GET /api/v1/nodes?limit=500 honestly says. The check lists one page only (a
// background check must not pull megabytes of node objects from a 5,000-node cluster), so
// when there are more, the Ready count covers the first page and says so; the total comes from
// remainingItemCount when the server sends it, and is "more than N" when it does not.
import type { V1NodeList } from '@kubernetes/client-node';

export interface NodeCount {
  /** Nodes in the cluster; absent when the server said there are more without saying how many. */
  nodes?: number;
  /** Ready nodes among those listed. */
  readyNodes: number;
  /** Present when readyNodes covers only the first page: how many nodes that page held. */
  readyOfFirst?: number;
  /** "3 nodes, 3 Ready", "about 1200 nodes, 480 of the first 500 Ready", "more than 500 nodes, …". */
  summary: string;
}

function isReady(node: V1NodeList['items'][number]): boolean {
  return node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

export function countNodes(list: Pick<V1NodeList, 'items' | 'metadata'>): NodeCount {
  const listed = list.items.length;
  const readyNodes = list.items.filter(isReady).length;
  const remaining = list.metadata?.remainingItemCount;
  const more = (remaining ?? 0) > 0 || Boolean(list.metadata?._continue);
  if (!more) return { nodes: listed, readyNodes, summary: `${listed} node${listed === 1 ? '' : 's'}, ${readyNodes} Ready` };
  const total = remaining !== undefined && remaining > 0 ? listed + remaining : undefined;
  const ready = `${readyNodes} of the first ${listed} Ready`;
  // remainingItemCount is an estimate (the API says not to rely on it being exact).

  if (total === undefined) return { readyNodes, readyOfFirst: listed, summary: `more than ${listed} nodes, ${ready}` };
  return { nodes: total, readyNodes, readyOfFirst: listed, summary: `about ${total} nodes, ${ready}` };
}
