// ~/.aws/config (or AWS_CONFIG_FILE): read the [sso-session] sections, record a session
// after sign-in, and write [profile …] sections, leaving everything else as it was.
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { homeDir, type Environment } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withLock } from '../fs/lock-file.js';
import { CoreError } from '../errors.js';
import { findSection, parseIni, removeKeys, serializeIni, upsertSection, type IniDocument } from './ini.js';

export interface ConfiguredSsoSession {
  name: string;
  startUrl: string;
  region: string;
  /** sso_registration_scopes, comma-separated in the file; null when absent. */
  scopes: string[] | null;
}

export interface SsoProfile {
  name: string;
  session: string;
  accountId: string;
  roleName: string;
  region: string;
  /**
   * The session's portal. Needed when the session has no [sso-session] section (a sign-in the
   * AWS CLI made for a legacy profile): such profiles name the start URL instead, so the AWS
   * CLI finds the token where it is, under sha1(start URL).
   */
  startUrl?: string;
  ssoRegion?: string;
}

const SESSION_KEYS = ['sso_session'];
const LEGACY_KEYS = ['sso_start_url', 'sso_region'];

export function awsConfigPath(env: Environment): string {
  const configured = env.AWS_CONFIG_FILE;
  if (configured) return configured.startsWith('~/') ? path.join(homeDir(env), configured.slice(2)) : configured;
  return path.join(homeDir(env), '.aws', 'config');
}

async function readDocument(file: string): Promise<IniDocument> {
  try {
    return parseIni(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parseIni('');
    throw error;
  }
}

export function parseScopes(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const scopes = value.split(',').map((scope) => scope.trim()).filter(Boolean);
  return scopes.length > 0 ? scopes : null;
}

export async function readSsoSessions(env: Environment): Promise<ConfiguredSsoSession[]> {
  const document = await readDocument(awsConfigPath(env));
  const sessions: ConfiguredSsoSession[] = [];
  for (const section of document.sections) {
    const match = /^sso-session\s+["']?([^"']+?)["']?$/.exec(section.header);
    if (!match) continue;
    const startUrl = section.values.get('sso_start_url');
    const region = section.values.get('sso_region');
    if (!startUrl || !region) continue; // incomplete: botocore rejects it too
    sessions.push({ name: match[1]!, startUrl, region, scopes: parseScopes(section.values.get('sso_registration_scopes')) });
  }
  return sessions;
}

export async function readProfileNames(env: Environment): Promise<string[]> {
  const document = await readDocument(awsConfigPath(env));
  return document.sections.flatMap((section) => {
    if (section.header === 'default') return ['default'];
    const match = /^profile\s+(.+)$/.exec(section.header);
    return match ? [match[1]!] : [];
  });
}

async function editConfig(env: Environment, edit: (document: IniDocument) => IniDocument): Promise<void> {
  const file = awsConfigPath(env);
  // The lock file sits next to the config: its folder must exist first (~/.aws on a new machine).
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await withLock(file, async () => {
    const before = await readDocument(file);
    const after = edit(before);
    const text = serializeIni(after);
    if (text === serializeIni(before)) return;
    let mode = 0o600;
    try {
      mode = (await stat(file)).mode & 0o777;
    } catch {
      // a new file: 0600, like the AWS CLI's `aws configure`
    }
    await writeFileAtomic(file, text, { mode });
  });
}

/** Records `[sso-session NAME]`; other keys in that section (set by hand) are kept. */
export async function writeSsoSession(env: Environment, session: ConfiguredSsoSession): Promise<void> {
  await editConfig(env, (document) => {
    const values: Array<[string, string]> = [
      ['sso_start_url', session.startUrl],
      ['sso_region', session.region],
    ];
    const existing = findSection(document, `sso-session ${session.name}`);
    if (session.scopes && (!existing || !existing.values.has('sso_registration_scopes'))) {
      values.push(['sso_registration_scopes', session.scopes.join(',')]);
    }
    return upsertSection(document, `sso-session ${session.name}`, values);
  });
}

/**
 * Writes one `[profile NAME]` per entry. A profile names its sso-session when the file has that
 * section; otherwise (a legacy sign-in) it carries sso_start_url and sso_region, since a profile
 * pointing at a missing sso-session makes every `aws --profile` call fail.
 */
export async function writeSsoProfiles(env: Environment, profiles: SsoProfile[]): Promise<void> {
  await editConfig(env, (document) =>
    profiles.reduce((current, profile) => {
      const header = `profile ${profile.name}`;
      const common: Array<[string, string]> = [
        ['sso_account_id', profile.accountId],
        ['sso_role_name', profile.roleName],
        ['region', profile.region],
      ];
      if (findSection(current, `sso-session ${profile.session}`)) {
        // The other form's keys would contradict the session (botocore rejects the mix).
        return upsertSection(removeKeys(current, header, LEGACY_KEYS), header, [['sso_session', profile.session], ...common]);
      }
      if (!profile.startUrl || !profile.ssoRegion) {
        throw new CoreError('not-found', `${awsConfigPath(env)} has no [sso-session ${profile.session}] for the profile ${profile.name}`, {
          hint: `Sign in again to record it: eks-sso login --session ${profile.session}`,
        });
      }
      return upsertSection(removeKeys(current, header, SESSION_KEYS), header, [
        ['sso_start_url', profile.startUrl],
        ['sso_region', profile.ssoRegion],
        ...common,
      ]);
    }, document),
  );
}
