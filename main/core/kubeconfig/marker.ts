// The `extensions` marker on every cluster, context and user entry we write. It is how we know
// an entry is ours (to update or prune it) and never touch anyone else's. client-go keeps
// named extensions when kubectl rewrites the file, and @kubernetes/client-node ignores them.

export const MARKER_NAME = 'eks-sso';

export interface EntryMarker {
  session: string;
  accountId: string;
  region: string;
  cluster: string;
  accountName?: string;
  roleName?: string;
  arn?: string;
  exec?: 'builtin' | 'aws';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The marker carried by an entry's body (`cluster:`, `context:` or `user:`), or null if it is not ours. */
export function readMarker(body: unknown): EntryMarker | null {
  if (!isRecord(body) || !Array.isArray(body.extensions)) return null;
  for (const extension of body.extensions) {
    if (!isRecord(extension) || extension.name !== MARKER_NAME || !isRecord(extension.extension)) continue;
    const value = extension.extension;
    if (typeof value.session !== 'string' || typeof value.accountId !== 'string') continue;
    return {
      session: value.session,
      accountId: value.accountId,
      region: typeof value.region === 'string' ? value.region : '',
      cluster: typeof value.cluster === 'string' ? value.cluster : '',
      ...(typeof value.accountName === 'string' ? { accountName: value.accountName } : {}),
      ...(typeof value.roleName === 'string' ? { roleName: value.roleName } : {}),
      ...(typeof value.arn === 'string' ? { arn: value.arn } : {}),
      ...(value.exec === 'builtin' || value.exec === 'aws' ? { exec: value.exec } : {}),
    };
  }
  return null;
}

export function markerExtensions(marker: EntryMarker): Array<{ name: string; extension: EntryMarker }> {
  return [{ name: MARKER_NAME, extension: marker }];
}
