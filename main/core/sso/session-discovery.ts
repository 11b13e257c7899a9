// Which SSO sessions exist: the [sso-session] sections of ~/.aws/config, plus sign-ins the
// AWS CLI made for legacy (session-less) profiles, found as sha1(start URL) token files.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Environment } from '../context.js';
import { readSsoSessions } from '../aws-config/config-file.js';
import { sha1Hex } from './cache-keys.js';
import { ssoCacheDir } from './cache-paths.js';
import { defaultSessionName, type SessionConfig } from './session-config.js';
import { readTokenFile } from './token-cache.js';

export async function discoverSessions(env: Environment): Promise<SessionConfig[]> {
  const [configured, names] = await Promise.all([readSsoSessions(env), readdir(ssoCacheDir(env)).catch(() => null)]);
  const result: SessionConfig[] = configured.map(({ name, startUrl, region }) => ({ name, startUrl, region }));
  if (!names) return result;
  const candidates = names.filter((file) => /^[0-9a-f]{40}\.json$/.test(file) && !result.some((session) => `${sha1Hex(session.name)}.json` === file)).sort();
  // Registration files and other sessions' tokens live here too: scanning is not reading, so
  // nothing here is worth a warning. Read side by side, then considered in a stable order.
  const reads = await Promise.all(candidates.map((name) => readTokenFile(path.join(ssoCacheDir(env), name), silentLogger)));
  for (const [index, name] of candidates.entries()) {
    const read = reads[index]!;
    if (read.kind !== 'ok' || !read.token.startUrl || !read.token.region) continue;
    if (`${sha1Hex(read.token.startUrl)}.json` !== name) continue; // a named session missing from this config
    if (result.some((session) => session.startUrl === read.token.startUrl)) continue;
    let derived: string;
    try {
      derived = defaultSessionName(read.token.startUrl);
    } catch {
      continue;
    }
    const unique = result.some((session) => session.name === derived) ? `${derived}-legacy` : derived;
    result.push({ name: unique, startUrl: read.token.startUrl, region: read.token.region });
  }
  return result;
}
