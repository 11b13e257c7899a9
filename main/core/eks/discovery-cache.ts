// The last discovery per session, per account + region, with timestamps, in the product's
// config folder. Names, endpoints and CAs only: nothing secret. It lets `eks-sso kubeconfig`
// run without the network, lets a refresh skip what is fresh, and remembers which role of
// each account was allowed to list clusters. A damaged file is a cache miss.
import { createHash } from 'node:crypto';
import { readTextFile } from '../fs/chunked-text.js';
import path from 'node:path';
import { productConfigDir, type Environment, type Logger } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { ClusterInfo, DiscoveryFailure } from './cluster-info.js';

export interface RegionEntry {
  accountId: string;
  region: string;
  /** Epoch ms. */
  fetchedAt: number;
  clusters: ClusterInfo[];
  failure?: DiscoveryFailure;
}

export interface DiscoveryCache {
  version: 1;
  session: string;
  /** accountId → the role that last listed clusters successfully. */
  workingRoles: Record<string, string>;
  /** `${accountId}/${region}` → what it held. */
  regions: Record<string, RegionEntry>;
}

export function regionKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

export function discoveryCacheFile(env: Environment, session: string): string {
  const hash = createHash('sha1').update(session, 'utf8').digest('hex');
  return path.join(productConfigDir(env), 'clusters', `${hash}.json`);
}

export function emptyDiscoveryCache(session: string): DiscoveryCache {
  return { version: 1, session, workingRoles: {}, regions: {} };
}

export async function readDiscoveryCache(env: Environment, logger: Logger, session: string): Promise<DiscoveryCache> {
  const file = discoveryCacheFile(env, session);
  let raw: unknown;
  try {
    // Read in pieces: with a large organisation this cache is megabytes (fs/chunked-text.ts).
    const read = await readTextFile(file);
    if (read === null) return emptyDiscoveryCache(session);
    raw = JSON.parse(read.text);
  } catch {
    logger.warn(`ignoring the damaged clusters cache ${file}`, { file });
    return emptyDiscoveryCache(session);
  }
  const value = raw as Partial<DiscoveryCache> | null;
  if (!value || value.version !== 1 || value.session !== session || typeof value.regions !== 'object' || typeof value.workingRoles !== 'object') {
    logger.warn(`ignoring the damaged clusters cache ${file}`, { file });
    return emptyDiscoveryCache(session);
  }
  return { version: 1, session, workingRoles: value.workingRoles ?? {}, regions: value.regions ?? {} };
}

export async function writeDiscoveryCache(env: Environment, cache: DiscoveryCache): Promise<void> {
  await writeFileAtomic(discoveryCacheFile(env, cache.session), JSON.stringify(cache));
}
