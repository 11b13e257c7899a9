// The client-registration cache file, as the AWS CLI keeps it: same folder as the tokens,
// named by the CLI's registration key, {clientId, clientSecret, expiresAt, scopes?, grantTypes?}.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Environment, Logger } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { registrationCacheKey, type RegistrationKeyInput } from './cache-keys.js';
import { ssoCacheDir } from './cache-paths.js';
import { formatCacheTimestamp, parseCacheTimestamp } from './timestamps.js';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
  scopes?: string[];
  /** Present only for authorization-code (PKCE) registrations. */
  grantTypes?: string[];
}

export function registrationFilePath(env: Environment, key: RegistrationKeyInput): string {
  return path.join(ssoCacheDir(env), `${registrationCacheKey(key)}.json`);
}

export async function readRegistration(file: string, logger: Logger): Promise<ClientRegistration | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`ignoring the unreadable client registration ${file}`, { file });
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const record = raw as Record<string, unknown>;
  const expiresAt = parseCacheTimestamp(record.expiresAt);
  if (typeof record.clientId !== 'string' || typeof record.clientSecret !== 'string' || expiresAt === null) {
    logger.warn(`ignoring the incomplete client registration ${file}`, { file });
    return null;
  }
  const registration: ClientRegistration = { clientId: record.clientId, clientSecret: record.clientSecret, expiresAt };
  if (isStringArray(record.scopes)) registration.scopes = record.scopes;
  if (isStringArray(record.grantTypes)) registration.grantTypes = record.grantTypes;
  return registration;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export async function writeRegistration(file: string, registration: ClientRegistration): Promise<void> {
  const body: Record<string, unknown> = {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: formatCacheTimestamp(registration.expiresAt),
  };
  if (registration.scopes) body.scopes = registration.scopes;
  if (registration.grantTypes) body.grantTypes = registration.grantTypes;
  await writeFileAtomic(file, JSON.stringify(body), { privateFolder: true });
}

const REUSE_WINDOW_MS = 15 * 60 * 1000;

/** The CLI's reuse rule: ≥ 15 min left, and registered for the same kind of flow. */
export function isReusable(registration: ClientRegistration, flow: 'device' | 'pkce', now: number): boolean {
  if (registration.expiresAt - now < REUSE_WINDOW_MS) return false;
  const forAuthCode = registration.grantTypes?.includes('authorization_code') ?? false;
  return flow === 'pkce' ? forAuthCode : !forAuthCode;
}
