import type { Command } from '../command.js';
import { createSso, listCachedRoleCredentials } from '../../core/sso/index.js';
import { createCliCoreContext } from '../core-context.js';
import { formatTime, table } from '../sso/format.js';
import { parseOptions } from '../sso/parse-options.js';

const usage = 'eks-sso status [--json]';

const command: Command = {
  summary: 'Show each SSO session (signed in, expiring, expired or signed out, with exact times) and the cached role credentials. Never prints a secret.',
  usage,
  async run(cli) {
    const values = parseOptions(cli.argv, { json: { type: 'boolean' } }, usage);
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context);
    const states = await sso.sessionStates();
    const now = context.clock.now();
    const withCredentials = await Promise.all(
      states.map(async (state) => ({
        ...state,
        roleCredentials: (await listCachedRoleCredentials(context.secrets, state.name)).map((entry) => ({ ...entry, expired: entry.expiration <= now })),
      })),
    );
    if (values.json) {
      cli.stdout.write(JSON.stringify({ now, sessions: withCredentials }, null, 2) + '\n');
      return 0;
    }
    if (states.length === 0) {
      cli.stdout.write('No SSO sessions. Sign in with: eks-sso login --start-url URL --region REGION\n');
      return 0;
    }
    const rows = withCredentials.map((state) => [
      state.name,
      state.status,
      state.startUrl,
      state.region,
      state.accessTokenExpiresAt === null ? '-' : formatTime(state.accessTokenExpiresAt, now),
      state.sessionEndsAt === null ? (state.status === 'signed-out' ? '-' : 'renews automatically') : formatTime(state.sessionEndsAt, now),
    ]);
    let output = table(['SESSION', 'STATUS', 'START URL', 'REGION', 'ACCESS TOKEN EXPIRES', 'SESSION ENDS'], rows);
    for (const state of withCredentials) {
      if (state.refreshError) output += `  ${state.name}: could not refresh (${state.refreshError})\n`;
      for (const entry of state.roleCredentials) {
        output += `  ${state.name}: role credentials for ${entry.accountId}/${entry.roleName} ${entry.expired ? 'expired' : 'valid until'} ${formatTime(entry.expiration, now)}\n`;
      }
    }
    cli.stdout.write(output);
    return 0;
  },
};

export default command;
