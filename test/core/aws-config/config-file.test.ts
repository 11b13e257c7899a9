import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { awsConfigPath, readSsoSessions, writeSsoProfiles, writeSsoSession } from '../../../main/core/aws-config/config-file.js';
import { profileName, validateProfileTemplate } from '../../../main/core/aws-config/profile-names.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-awsconfig-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('~/.aws/config', () => {
  it('honours AWS_CONFIG_FILE, else ~/.aws/config', () => {
    expect(awsConfigPath({ HOME: '/h' })).toBe('/h/.aws/config');
    expect(awsConfigPath({ HOME: '/h', AWS_CONFIG_FILE: '/elsewhere/config' })).toBe('/elsewhere/config');
    expect(awsConfigPath({ HOME: '/h', AWS_CONFIG_FILE: '~/cfg' })).toBe('/h/cfg');
  });

  it('records a session, updates it in place, and keeps hand-set keys and the file mode', async () => {
    const file = path.join(home, 'config');
    const env = { HOME: home, AWS_CONFIG_FILE: file };
    await writeFile(file, '[sso-session acme]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access,custom:scope\n', { mode: 0o640 });
    await writeSsoSession(env, { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', scopes: ['sso:account:access'] });
    expect(await readFile(file, 'utf8')).toBe(
      '[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access,custom:scope\n',
    );
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readSsoSessions(env)).toEqual([{ name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', scopes: ['sso:account:access', 'custom:scope'] }]);
  });

  it('writes profiles after everything else, and rewrites only their keys on the next run', async () => {
    const file = path.join(home, 'config');
    const env = { HOME: home, AWS_CONFIG_FILE: file };
    const session = '[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n\n';
    const original = `${session}[default]\nregion = eu-west-1 # trailing\n\n[profile platform.Admin]\n# my note\nsso_session = old\nduration_seconds = 3600\n`;
    await writeFile(file, original);
    await writeSsoProfiles(env, [
      { name: 'platform.Admin', session: 'acme', accountId: '111111111111', roleName: 'Admin', region: 'eu-west-1' },
      { name: 'payments.ReadOnly', session: 'acme', accountId: '222222222222', roleName: 'ReadOnly', region: 'eu-west-1' },
    ]);
    expect(await readFile(file, 'utf8')).toBe(
      `${session}[default]\nregion = eu-west-1 # trailing\n\n[profile platform.Admin]\n# my note\nsso_session = acme\nduration_seconds = 3600\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n\n[profile payments.ReadOnly]\nsso_session = acme\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = eu-west-1\n`,
    );
  });

  it('gives a session without an [sso-session] section (a legacy sign-in) profiles that name its start URL', async () => {
    const file = path.join(home, 'config');
    const env = { HOME: home, AWS_CONFIG_FILE: file };
    await writeFile(file, '[profile platform.Admin]\nsso_session = d-abc123\n');
    const legacy = { session: 'd-abc123', startUrl: 'https://d-abc123.awsapps.com/start', ssoRegion: 'us-west-2' };
    await writeSsoProfiles(env, [{ name: 'platform.Admin', accountId: '111111111111', roleName: 'Admin', region: 'eu-west-1', ...legacy }]);
    // No sso_session pointing at a section that does not exist: the AWS CLI would refuse the profile.
    expect(await readFile(file, 'utf8')).toBe(
      '[profile platform.Admin]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-west-2\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n',
    );
    const unknown = writeSsoProfiles(env, [{ name: 'x.Admin', session: 'nowhere', accountId: '111111111111', roleName: 'Admin', region: 'eu-west-1' }]);
    await expect(unknown).rejects.toMatchObject({ code: 'not-found' });
  });

  it('names profiles by template and refuses templates that would collide', () => {
    const input = { account: 'Platform Prod', accountId: '111111111111', role: 'Admin', session: 'acme' };
    expect(profileName('{account}.{role}', input)).toBe('Platform-Prod.Admin');
    expect(profileName('{session}-{accountId}-{role}', input)).toBe('acme-111111111111-Admin');
    expect(() => validateProfileTemplate('{role}')).toThrow(/must contain \{account\} or \{accountId\}/);
    expect(() => validateProfileTemplate('{account}.{rol}')).toThrow(/unknown placeholder \{rol\}/);
  });
});
