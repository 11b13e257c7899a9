import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings.js';
import { createSso } from '../../core/sso/index.js';
import { discoverClusters } from '../../core/eks/discovery.js';
import { planContexts, templateProblems } from '../../core/kubeconfig/contexts.js';
import { defaultExecCommand, writeKubeconfig } from '../../core/kubeconfig/write.js';
import { createCliCoreContext } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { progressLine } from '../sso/progress-line.js';
import { selectSession } from '../sso/select-session.js';
import { regionsOption, reportFailures } from './clusters.js';

const usage = 'eks-sso kubeconfig [--session NAME] [--file PATH] [--prune] [--context-template T] [--exec builtin|aws] [--regions a,b] [--refresh] [--json]';

const command: Command = {
  summary:
    'Write one kubeconfig context per account, role and cluster (template default "{account}/{role}/{cluster}"), touching only entries eks-sso wrote. Target: --file, else the first KUBECONFIG path, else ~/.kube/config.',
  usage,
  async run(cli) {
    const values = parseOptions(
      cli.argv,
      {
        session: { type: 'string' },
        file: { type: 'string' },
        prune: { type: 'boolean' },
        'context-template': { type: 'string' },
        exec: { type: 'string' },
        regions: { type: 'string' },
        refresh: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const settings = await loadSettings(cli.env);
    const template = values['context-template'] ?? settings.contextTemplate;
    const unknown = templateProblems(template);
    if (unknown.length > 0) {
      throw new CoreError('usage', `unknown placeholder ${unknown[0]} in the context template`, { hint: 'Use {account}, {accountId}, {role}, {cluster}, {region}, {session}' });
    }
    const execMode = values.exec ?? settings.execMode;
    if (execMode !== 'builtin' && execMode !== 'aws') throw new CoreError('usage', '--exec takes builtin or aws', { hint: `Usage: ${usage}` });
    const regions = regionsOption(values.regions, settings.regions, usage);

    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context);
    const session = await selectSession(sso, values.session);
    const refresh = values.refresh === true;
    const accounts = await sso.accounts(session, { signal: cli.signal, refresh, staleWhileRefresh: false });
    const progress = progressLine(cli.stderr, `Listing clusters of ${session}`);
    let discovery;
    try {
      discovery = await discoverClusters(context, sso, { session, regions, signal: cli.signal, refresh, onProgress: (done, total) => progress.update(done, total) });
    } finally {
      progress.finish();
    }
    const plan = planContexts(discovery.clusters, accounts.accounts, template);
    // Never prune what this run could not see: other sessions, other regions, failed listings.
    const unseen = new Set(discovery.failures.map((failure) => `${failure.accountId}/${failure.region ?? '*'}`));
    const summary = await writeKubeconfig(context, plan, {
      file: values.file ?? settings.kubeconfigFile,
      prune: values.prune === true,
      pruneSessions: [session],
      pruneScope: (marker) => regions.includes(marker.region) && !unseen.has(`${marker.accountId}/${marker.region}`) && !unseen.has(`${marker.accountId}/*`),
      execMode,
      exec: defaultExecCommand(),
      profileTemplate: settings.profileTemplate,
    });

    if (values.json) {
      cli.stdout.write(`${JSON.stringify({ session, ...summary, failures: discovery.failures }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      ...summary.added.map((name) => `  + ${name}`),
      ...summary.updated.map((name) => `  ~ ${name}`),
      ...summary.removed.map((name) => `  - ${name}`),
    ];
    const counts = `${summary.added.length} added, ${summary.updated.length} updated, ${summary.removed.length} removed`;
    cli.stdout.write(summary.written ? `${summary.file}: ${counts}\n${lines.map((line) => `${line}\n`).join('')}` : `${summary.file}: up to date (${plan.length} contexts)\n`);
    for (const name of summary.conflicts) cli.stderr.write(`eks-sso: warning: skipped context "${name}": an entry eks-sso did not write already has that name. Use --context-template to choose other names\n`);
    reportFailures(cli.stderr, discovery);
    return 0;
  },
};

export default command;
