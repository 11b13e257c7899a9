// The SSO token file, in the AWS CLI v2 format, shared with the CLI and every SDK.
// Reading is forgiving (legacy names, old timestamp formats, a file another tool broke);
// writing is atomic, 0600 in a 0700 folder, with the CLI's field order and timestamp format.
import { readFile } from 'node:fs/promises';
import type { Environment, Logger } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { tokenFilePath } from './cache-paths.js';
import { formatCacheTimestamp, parseCacheTimestamp } from './timestamps.js';

export interface CachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  clientId?: string;
  clientSecret?: string;
  /** Epoch ms. */
  registrationExpiresAt?: number;
  refreshToken?: string;
}

export type TokenFileRead =
  | { kind: 'missing'; file: string }
  | { kind: 'corrupt'; file: string; reason: string }
  | { kind: 'ok'; file: string; token: CachedToken; extra: Record<string, unknown> };

const KNOWN_FIELDS = ['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'];

export async function readTokenFile(file: string, logger: Logger): Promise<TokenFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', file };
    return corrupt(file, `cannot be read (${code ?? 'error'})`, logger);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return corrupt(file, 'is not valid JSON', logger);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return corrupt(file, 'is not a JSON object', logger);
  const record = raw as Record<string, unknown>;
  const accessToken = record.accessToken;
  const expiresAt = parseCacheTimestamp(record.expiresAt);
  if (typeof accessToken !== 'string' || !accessToken) return corrupt(file, 'has no accessToken', logger);
  if (expiresAt === null) return corrupt(file, 'has no readable expiresAt', logger);
  const token: CachedToken = {
    startUrl: typeof record.startUrl === 'string' ? record.startUrl : '',
    region: typeof record.region === 'string' ? record.region : '',
    accessToken,
    expiresAt,
  };
  if (typeof record.clientId === 'string') token.clientId = record.clientId;
  if (typeof record.clientSecret === 'string') token.clientSecret = record.clientSecret;
  const registrationExpiresAt = parseCacheTimestamp(record.registrationExpiresAt);
  if (registrationExpiresAt !== null) token.registrationExpiresAt = registrationExpiresAt;
  if (typeof record.refreshToken === 'string' && record.refreshToken) token.refreshToken = record.refreshToken;
  const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !KNOWN_FIELDS.includes(key)));
  return { kind: 'ok', file, token, extra };
}

function corrupt(file: string, reason: string, logger: Logger): TokenFileRead {
  // Never deleted: it may be another tool's, mid-write, or evidence for a bug report.
  logger.warn(`ignoring the SSO cache file ${file}: it ${reason}`, { file });
  return { kind: 'corrupt', file, reason };
}

/** The token for a session: `sha1(session name)`, else the legacy `sha1(start URL)` file. */
export async function findSessionToken(env: Environment, logger: Logger, session: { name: string; startUrl: string }): Promise<TokenFileRead> {
  const primary = await readTokenFile(tokenFilePath(env, session.name), logger);
  if (primary.kind !== 'missing' || !session.startUrl) return primary;
  const legacy = await readTokenFile(tokenFilePath(env, session.startUrl), logger);
  // A legacy file for another start URL would be a hash collision; still check what it says.
  if (legacy.kind === 'ok' && legacy.token.startUrl && legacy.token.startUrl !== session.startUrl) return primary;
  return legacy.kind === 'missing' ? primary : legacy;
}

/** Serialises like the CLI: fields in its order, `%Y-%m-%dT%H:%M:%SZ`, refreshToken only when present. */
export function serializeToken(token: CachedToken, extra: Record<string, unknown> = {}): string {
  const body: Record<string, unknown> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatCacheTimestamp(token.expiresAt),
  };
  if (token.clientId !== undefined) body.clientId = token.clientId;
  if (token.clientSecret !== undefined) body.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt !== undefined) body.registrationExpiresAt = formatCacheTimestamp(token.registrationExpiresAt);
  if (token.refreshToken !== undefined) body.refreshToken = token.refreshToken;
  return JSON.stringify({ ...extra, ...body });
}

export async function writeTokenFile(file: string, token: CachedToken, extra: Record<string, unknown> = {}): Promise<void> {
  await writeFileAtomic(file, serializeToken(token, extra), { privateFolder: true });
}
