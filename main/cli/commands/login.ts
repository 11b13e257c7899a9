import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { createSso, type LoginPrompt } from '../../core/sso/index.js';
import { createCliCoreContext } from '../core-context.js';
import { formatTime } from '../sso/format.js';
import { parseOptions } from '../sso/parse-options.js';

const usage = 'eks-sso login --start-url URL --region REGION [--session NAME] [--flow device|pkce] [--no-browser] [--json]';

const command: Command = {
  summary:
    'Sign in to IAM Identity Center (device code by default, or --flow pkce), store the token where the AWS CLI and SDKs find it, and record [sso-session NAME] in ~/.aws/config. With only --session, signs in again to a known session.',
  usage,
  async run(cli) {
    const values = parseOptions(
      cli.argv,
      {
        'start-url': { type: 'string' },
        region: { type: 'string' },
        session: { type: 'string' },
        flow: { type: 'string' },
        'no-browser': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const flow = values.flow ?? 'device';
    if (flow !== 'device' && flow !== 'pkce') throw new CoreError('usage', `unknown --flow "${flow}"`, { hint: 'Use --flow device or --flow pkce' });
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context);
    let startUrl = values['start-url'];
    let region = values.region;
    if ((!startUrl || !region) && values.session) {
      const known = (await sso.sessions()).find((session) => session.name === values.session);
      startUrl ??= known?.startUrl;
      region ??= known?.region;
    }
    if (!startUrl || !region) throw new CoreError('usage', 'login needs --start-url and --region', { hint: `Usage: ${usage}` });
    const openBrowser = values['no-browser'] !== true;
    const onPrompt = (prompt: LoginPrompt) => {
      const lines = [`Signing in to ${prompt.startUrl} (session "${prompt.session}").`];
      if (prompt.userCode) {
        lines.push(openBrowser ? 'A browser window opens; if it does not, open this page:' : 'Open this page in a browser:');
        lines.push(`  ${prompt.verificationUriComplete}`);
        lines.push(`and check that it shows the code ${prompt.userCode}, then choose Allow.`);
        if (prompt.verificationUri !== prompt.verificationUriComplete) lines.push(`(Or open ${prompt.verificationUri} and enter the code.)`);
      } else {
        lines.push(openBrowser ? 'A browser window opens; if it does not, open this URL:' : 'Open this URL in a browser on this machine:');
        lines.push(`  ${prompt.verificationUriComplete}`);
      }
      lines.push(`Waiting until ${new Date(prompt.expiresAt).toISOString().slice(11, 16)} UTC (Ctrl-C cancels).`);
      cli.stderr.write(lines.join('\n') + '\n');
    };
    const state = await sso.login({
      startUrl,
      region,
      flow,
      openBrowser,
      signal: cli.signal,
      onPrompt,
      ...(values.session ? { session: values.session } : {}),
    });
    if (values.json) {
      cli.stdout.write(JSON.stringify(state, null, 2) + '\n');
    } else {
      const until = state.accessTokenExpiresAt ? `; the access token is valid until ${formatTime(state.accessTokenExpiresAt, context.clock.now())}` : '';
      cli.stdout.write(`Signed in to "${state.name}" (${state.startUrl})${until}.\n`);
    }
    return 0;
  },
};

export default command;
