import type { Command } from '../command.js';
import type { Output } from '../output.js';
import { CoreError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings.js';
import { createSso } from '../../core/sso/index.js';
import { discoverClusters, type DiscoveryResult } from '../../core/eks/discovery.js';
import { createCliCoreContext } from '../core-context.js';
import { table } from '../sso/format.js';
import { parseOptions } from '../sso/parse-options.js';
import { progressLine } from '../sso/progress-line.js';
import { selectSession } from '../sso/select-session.js';

const usage = 'eks-sso clusters [--session NAME] [--regions a,b] [--refresh] [--rate N] [--json]';

/** `--regions a,b` or the settings' list; a malformed name is a usage error, not an empty result. */
export function regionsOption(text: string | undefined, fallback: string[], commandUsage: string): string[] {
  if (text === undefined) return fallback;
  const regions = [...new Set(text.split(',').map((region) => region.trim()).filter(Boolean))];
  const bad = regions.filter((region) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region));
  if (regions.length === 0 || bad.length > 0) {
    throw new CoreError('usage', `--regions takes AWS regions separated by commas${bad.length > 0 ? ` ("${bad[0]}" is not one)` : ''}`, { hint: `Usage: ${commandUsage}` });
  }
  return regions;
}

/** Failures are data: one warning line each (never a failed run). */
export function reportFailures(stderr: Output, result: DiscoveryResult): void {
  for (const failure of result.failures) {
    const where = `account ${failure.accountId}${failure.region ? ` in ${failure.region}` : ''}`;
    stderr.write(`eks-sso: warning: ${where}: ${failure.error.message}${failure.error.hint ? `. ${failure.error.hint}` : ''}\n`);
  }
}

const command: Command = {
  summary:
    'Find the EKS clusters of every account of an SSO session in the configured regions (one role per account lists them; cached, --refresh lists again).',
  usage,
  async run(cli) {
    const values = parseOptions(
      cli.argv,
      { session: { type: 'string' }, regions: { type: 'string' }, refresh: { type: 'boolean' }, rate: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    // --rate: portal requests per second for the role credentials of each account (default 10).
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) throw new CoreError('usage', '--rate must be a positive number', { hint: `Usage: ${usage}` });
    const settings = await loadSettings(cli.env);
    const regions = regionsOption(values.regions, settings.regions, usage);
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context, rate ? { portalRateLimit: rate } : {});
    const session = await selectSession(sso, values.session);
    const progress = progressLine(cli.stderr, `Listing clusters of ${session}`);
    let result: DiscoveryResult;
    try {
      result = await discoverClusters(context, sso, {
        session,
        regions,
        signal: cli.signal,
        refresh: values.refresh === true,
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.finish();
    }
    if (values.json) {
      cli.stdout.write(`${JSON.stringify({ session, regions, ...result }, null, 2)}\n`);
      return 0;
    }
    const rows = result.clusters.map((cluster) => [
      cluster.accountName || cluster.accountId,
      cluster.accountId,
      cluster.region,
      cluster.name,
      cluster.version,
      cluster.status,
      cluster.authenticationMode,
      [cluster.endpointPublicAccess ? 'public' : '', cluster.endpointPrivateAccess ? 'private' : ''].filter(Boolean).join('+') || 'none',
      cluster.accessEntriesSupported ? 'yes' : 'no',
    ]);
    cli.stdout.write(table(['ACCOUNT', 'ID', 'REGION', 'CLUSTER', 'VERSION', 'STATUS', 'AUTH MODE', 'ENDPOINT', 'ACCESS ENTRIES'], rows));
    reportFailures(cli.stderr, result);
    return 0;
  },
};

export default command;
