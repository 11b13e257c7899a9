import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings.js';
import { awsConfigPath, writeSsoProfiles, type SsoProfile } from '../../core/aws-config/config-file.js';
import { profileName, validateProfileTemplate } from '../../core/aws-config/profile-names.js';
import { createSso, validateRegion } from '../../core/sso/index.js';
import { createCliCoreContext } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { progressLine } from '../sso/progress-line.js';
import { selectSession } from '../sso/select-session.js';

const usage = 'eks-sso profiles [--session NAME] [--template T] [--region R] [--dry-run] [--json]';

const command: Command = {
  summary:
    'Write one [profile …] per account and role into ~/.aws/config (AWS_CONFIG_FILE honoured), named by the template ({account}, {accountId}, {role}, {session}; default from settings, "{account}.{role}"). Every other line of the file is kept.',
  usage,
  async run(cli) {
    const values = parseOptions(
      cli.argv,
      { session: { type: 'string' }, template: { type: 'string' }, region: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
      usage,
    );
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const template = values.template ?? (await loadSettings(cli.env)).profileTemplate;
    validateProfileTemplate(template);
    const sso = createSso(context);
    const session = await selectSession(sso, values.session);
    const config = (await sso.sessions()).find((candidate) => candidate.name === session);
    if (!config) throw new CoreError('not-found', `no SSO session named "${session}"`, { hint: 'List them with eks-sso status' });
    const region = values.region ? validateRegion(values.region) : config.region;
    const progress = progressLine(cli.stderr, `Listing roles of ${session}`);
    const listing = await sso
      .accounts(session, { signal: cli.signal, staleWhileRefresh: false, onProgress: (done, total) => progress.update(done, total) })
      .finally(() => progress.finish());
    const profiles: SsoProfile[] = [];
    const seen = new Map<string, string>();
    for (const account of listing.accounts) {
      for (const role of account.roles) {
        const name = profileName(template, { account: account.accountName, accountId: account.accountId, role, session });
        const owner = `${account.accountId}/${role}`;
        if (seen.has(name) && seen.get(name) !== owner) {
          throw new CoreError('conflict', `the template gives the same profile name "${name}" to ${seen.get(name)} and ${owner}`, {
            hint: 'Add {accountId} to the template, such as --template "{accountId}.{role}"',
          });
        }
        seen.set(name, owner);
        profiles.push({ name, session, accountId: account.accountId, roleName: role, region, startUrl: config.startUrl, ssoRegion: config.region });
      }
    }
    if (!values['dry-run']) await writeSsoProfiles(cli.env, profiles);
    if (values.json) {
      cli.stdout.write(JSON.stringify({ file: awsConfigPath(cli.env), written: !values['dry-run'], profiles }, null, 2) + '\n');
    } else {
      const verb = values['dry-run'] ? 'Would write' : 'Wrote';
      cli.stdout.write(`${verb} ${profiles.length} profiles to ${awsConfigPath(cli.env)}${profiles.length > 0 ? `, such as [profile ${profiles[0]!.name}]` : ''}.\n`);
    }
    const failed = listing.accounts.filter((account) => account.error).length;
    if (failed > 0) cli.stderr.write(`eks-sso: warning: ${failed} accounts could not be listed and have no profiles. Run eks-sso accounts --refresh\n`);
    return 0;
  },
};

export default command;
