import type { CliContext, Command } from '../command.js';
import type { CoreContext } from '../../core/context.js';
import { CoreError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings.js';
import { createSso, type Sso } from '../../core/sso/index.js';
import { discoverClusters } from '../../core/eks/discovery.js';
import { planContexts, type ContextSpec } from '../../core/kubeconfig/contexts.js';
import { readKubeconfigSummary } from '../../core/kubeconfig/write.js';
import { closestNames } from '../../core/kubeconfig/closest-names.js';
import { checkContexts, DEFAULT_CHECK_TIMEOUT_MS } from '../../core/check/index.js';
import { createCliCoreContext } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { table } from '../sso/format.js';

const usage = 'eks-sso check [--context C] [--session NAME] [--timeout SECONDS] [--json]';

/**
 * The contexts eks-sso manages, named as `eks-sso kubeconfig` names them, for every signed-in
 * session (accounts and clusters from their caches).
 */
export async function loadContextSpecs(cli: CliContext, context: CoreContext, sso: Sso, only: { session?: string; contextName?: string }): Promise<ContextSpec[]> {
  const settings = await loadSettings(cli.env);
  const states = (await sso.sessionStates()).filter((state) => !only.session || state.name === only.session);
  if (states.length === 0) {
    throw new CoreError('signed-out', only.session ? `there is no SSO session named "${only.session}"` : 'no SSO session is set up yet', {
      hint: 'Sign in first: eks-sso login --start-url URL --region REGION',
    });
  }
  const specs: ContextSpec[] = [];
  const expired: string[] = [];
  for (const state of states) {
    if (state.status === 'expired' || state.status === 'signed-out') {
      expired.push(state.name);
      continue;
    }
    const accounts = await sso.accounts(state.name, { signal: cli.signal, staleWhileRefresh: false });
    const discovery = await discoverClusters(context, sso, { session: state.name, regions: settings.regions, signal: cli.signal });
    specs.push(...planContexts(discovery.clusters, accounts.accounts.map((account) => ({ ...account, session: state.name })), settings.contextTemplate));
  }
  if (only.contextName === undefined) return specs;
  const match = specs.find((spec) => spec.contextName === only.contextName);
  if (match) return [match];
  // Only now read the kubeconfig (parsing a large one is not free): to explain the miss.
  let inFile: string[] = [];
  try {
    inFile = (await readKubeconfigSummary(context, { file: settings.kubeconfigFile })).ourContexts;
  } catch {
    // No kubeconfig, or one we cannot read: suggest from the planned names only.
  }
  if (expired.length > 0 && inFile.includes(only.contextName)) {
    throw new CoreError('session-expired', `context "${only.contextName}" belongs to an SSO session that is not signed in (${expired.join(', ')})`, {
      hint: `Sign in again: eks-sso login --session ${expired[0]}`,
    });
  }
  const near = closestNames(only.contextName, [...new Set([...specs.map((spec) => spec.contextName), ...inFile])]);
  throw new CoreError('not-found', `no eks-sso context named "${only.contextName}"`, { hint: near.length ? `Did you mean ${near.map((name) => `"${name}"`).join(' or ')}?` : 'List them with: eks-sso check' });
}

const command: Command = {
  summary:
    'Check each eks-sso context the way `kubectl get nodes` would: ok, unauthorized (401: not mapped), forbidden (403), unreachable, tls, not-active or signed-out, with the reason. With --context, exits 1 unless that context is ok.',
  usage,
  async run(cli) {
    const values = parseOptions(cli.argv, { context: { type: 'string' }, session: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const timeoutMs = values.timeout === undefined ? DEFAULT_CHECK_TIMEOUT_MS : Math.round(Number(values.timeout) * 1000);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new CoreError('usage', '--timeout takes a number of seconds', { hint: `Usage: ${usage}` });
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context);
    const specs = await loadContextSpecs(cli, context, sso, { ...(values.session ? { session: values.session } : {}), ...(values.context ? { contextName: values.context } : {}) });
    if (specs.length === 0) {
      if (values.json) cli.stdout.write('[]\n');
      else cli.stdout.write('No eks-sso contexts yet. Write them with: eks-sso kubeconfig\n');
      return 0;
    }
    let done = 0;
    const results = await checkContexts(context, sso, specs, {
      timeoutMs,
      signal: cli.signal,
      onResult: () => {
        done++;
        if (cli.stderr.isTTY) cli.stderr.write(`\rChecking contexts: ${done}/${specs.length}\u001b[K`);
      },
    });
    if (cli.stderr.isTTY) cli.stderr.write('\r\u001b[K');
    if (values.json) cli.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else cli.stdout.write(table(['CONTEXT', 'STATUS', 'TIME', 'DETAIL'], results.map((result) => [result.contextName, result.status, result.latencyMs === undefined ? '' : `${result.latencyMs} ms`, result.summary])));
    return values.context !== undefined && results[0]?.status !== 'ok' ? 1 : 0;
  },
};

export default command;
