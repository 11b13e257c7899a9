import type { Command } from '../command.js';
import { createSso } from '../../core/sso/index.js';
import { createCliCoreContext } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { selectSession } from '../sso/select-session.js';

const usage = 'eks-sso logout [--session NAME]';

const command: Command = {
  summary: "Sign out of the access portal, then remove the session's token file and its cached role credentials.",
  usage,
  async run(cli) {
    const values = parseOptions(cli.argv, { session: { type: 'string' } }, usage);
    const sso = createSso(createCliCoreContext(cli, { verbose: values.verbose === true }));
    const session = await selectSession(sso, values.session);
    await sso.logout(session);
    cli.stdout.write(`Signed out of "${session}".\n`);
    return 0;
  },
};

export default command;
