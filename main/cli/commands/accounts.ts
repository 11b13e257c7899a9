import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { createSso, type AccountsResult } from '../../core/sso/index.js';
import { createCliCoreContext } from '../core-context.js';
import { table } from '../sso/format.js';
import { parseOptions } from '../sso/parse-options.js';
import { progressLine } from '../sso/progress-line.js';
import { selectSession } from '../sso/select-session.js';

const usage = 'eks-sso accounts [--session NAME] [--refresh] [--rate N] [--concurrency N] [--json]';

function positiveNumber(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new CoreError('usage', `${option} must be a positive number`, { hint: `Usage: ${usage}` });
  return value;
}

const command: Command = {
  summary:
    'List the accounts and roles of an SSO session (cached for 5 minutes; --refresh lists again). --rate caps portal requests per second (default 20, slower after a 429 until the portal calms down).',
  usage,
  async run(cli) {
    const values = parseOptions(
      cli.argv,
      {
        session: { type: 'string' },
        refresh: { type: 'boolean' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const rate = positiveNumber(values.rate, '--rate');
    const concurrency = positiveNumber(values.concurrency, '--concurrency');
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context, { ...(rate ? { portalRateLimit: rate } : {}), ...(concurrency ? { concurrency: Math.ceil(concurrency) } : {}) });
    const session = await selectSession(sso, values.session);
    const progress = progressLine(cli.stderr, `Listing roles of ${session}`);
    let result: AccountsResult;
    try {
      result = await sso.accounts(session, {
        signal: cli.signal,
        refresh: values.refresh === true,
        staleWhileRefresh: false,
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.finish();
    }
    const failed = result.accounts.filter((account) => account.error);
    if (values.json) {
      cli.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else {
      const rows = result.accounts.map((account) => [
        account.accountId,
        account.accountName,
        account.error ? `(failed: ${account.error.message})` : account.roles.join(', ') || '(no roles)',
      ]);
      cli.stdout.write(table(['ACCOUNT', 'NAME', 'ROLES'], rows));
    }
    if (failed.length > 0) {
      cli.stderr.write(`eks-sso: warning: the roles of ${failed.length} of ${result.accounts.length} accounts could not be listed. Run again with --refresh to retry\n`);
    }
    return 0;
  },
};

export default command;
