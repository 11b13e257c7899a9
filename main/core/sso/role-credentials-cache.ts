// The cache of role credentials behind the SecretStore. Deliberately light: no AWS SDK, so
// `eks-sso token` (run by kubectl on every call) answers from here without loading it.
import type { CoreContext, RoleCredentials, RoleRef, SecretStore } from '../context.js';

/** Credentials are used until this long before they expire. */
export const ROLE_CREDENTIALS_MARGIN_MS = 5 * 60 * 1000;

const PREFIX = 'sso-role-credentials/';

export function roleCredentialsKey(ref: RoleRef): string {
  return `${PREFIX}${ref.session}/${ref.accountId}/${ref.roleName}`;
}

export function sessionRoleCredentialsPrefix(session: string): string {
  return `${PREFIX}${session}/`;
}

function parse(text: string): RoleCredentials | null {
  try {
    const value = JSON.parse(text) as Partial<RoleCredentials>;
    if (
      typeof value.accessKeyId === 'string' &&
      typeof value.secretAccessKey === 'string' &&
      typeof value.sessionToken === 'string' &&
      typeof value.expiration === 'number'
    ) {
      return { accessKeyId: value.accessKeyId, secretAccessKey: value.secretAccessKey, sessionToken: value.sessionToken, expiration: value.expiration };
    }
  } catch {
    // a damaged entry is a cache miss (sso.ts says so once); the next fetch overwrites it
  }
  return null;
}

/** What the store holds for a role: nothing, an entry that does not parse, or credentials (of any age). */
export async function readRoleCredentialsEntry(secrets: SecretStore, ref: RoleRef): Promise<RoleCredentials | 'damaged' | null> {
  const text = await secrets.get(roleCredentialsKey(ref));
  if (!text) return null;
  return parse(text) ?? 'damaged';
}

/** Cached credentials with more than 5 minutes left, else null. */
export async function readCachedRoleCredentials(context: Pick<CoreContext, 'secrets' | 'clock'>, ref: RoleRef): Promise<RoleCredentials | null> {
  const entry = await readRoleCredentialsEntry(context.secrets, ref);
  return usableRoleCredentials(entry, context.clock.now());
}

export function usableRoleCredentials(entry: RoleCredentials | 'damaged' | null, now: number): RoleCredentials | null {
  if (entry === null || entry === 'damaged' || entry.expiration - now <= ROLE_CREDENTIALS_MARGIN_MS) return null;
  return entry;
}

export async function writeCachedRoleCredentials(secrets: SecretStore, ref: RoleRef, credentials: RoleCredentials): Promise<void> {
  await secrets.set(roleCredentialsKey(ref), JSON.stringify(credentials));
}

/** Expiry times (never the secrets) of every cached credential of a session, for `status`. */
export async function listCachedRoleCredentials(
  secrets: SecretStore,
  session: string,
): Promise<Array<{ accountId: string; roleName: string; expiration: number }>> {
  const keys = await secrets.list(sessionRoleCredentialsPrefix(session));
  const entries = await Promise.all(
    keys.map(async (key) => {
      const [accountId, roleName] = key.slice(sessionRoleCredentialsPrefix(session).length).split('/');
      const text = await secrets.get(key);
      const credentials = text ? parse(text) : null;
      return accountId && roleName && credentials ? [{ accountId, roleName, expiration: credentials.expiration }] : [];
    }),
  );
  return entries.flat();
}

export async function deleteSessionRoleCredentials(secrets: SecretStore, session: string): Promise<void> {
  for (const key of await secrets.list(sessionRoleCredentialsPrefix(session))) await secrets.delete(key);
}
