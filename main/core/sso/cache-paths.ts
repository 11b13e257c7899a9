// Where the SSO cache lives: ~/.aws/sso/cache, not configurable (same as the AWS CLI and SDKs).
import path from 'node:path';
import { homeDir, productConfigDir, type Environment } from '../context.js';
import { sha1Hex, tokenCacheKey } from './cache-keys.js';

export function ssoCacheDir(env: Environment): string {
  return path.join(homeDir(env), '.aws', 'sso', 'cache');
}

export function tokenFilePath(env: Environment, sessionNameOrStartUrl: string): string {
  return path.join(ssoCacheDir(env), `${tokenCacheKey(sessionNameOrStartUrl)}.json`);
}

/** Product-owned, secret-free per-session data (accounts lists, refresh notes). */
export function productSessionFile(env: Environment, folder: string, session: string): string {
  return path.join(productConfigDir(env), folder, `${sha1Hex(session)}.json`);
}
