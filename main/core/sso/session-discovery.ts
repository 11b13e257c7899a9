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
  const configured = await readSsoSessions(env);
  const result: SessionConfig[] = configured.map(({ name, startUrl, region }) => ({ name, startUrl, region }));
  let names: string[];
  try {
    names = await readdir(ssoCacheDir(env));
  } catch {
    return result;
  }
  for (const name of names.filter((file) => /^[0-9a-f]{40}\.json$/.test(file)).sort()) {
    if (result.some((session) => `${sha1Hex(session.name)}.json` === name)) continue;
    // Registration files and other sessions' tokens live here too: scanning is not reading,
    // so nothing here is worth a warning.
    const read = await readTokenFile(path.join(ssoCacheDir(env), name), silentLogger);
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
