// A signed-in user in a running sandbox, with the kubeconfig contexts discovery would write:
// the real sign-in, discovery and context planning code, so checks and grants are exercised on
// exactly what the product would hand them.
import { startSandbox, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, type Sso } from '../../../main/core/sso/index.js';
import { discoverClusters } from '../../../main/core/eks/discovery.js';
import { planContexts, type ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import { sandboxContext, type TestContext } from '../sso/sandbox-context.js';

export interface SignedInOrg {
  sandbox: SandboxHandle;
  test: TestContext;
  sso: Sso;
  specs: ContextSpec[];
  spec(account: string, role: string, cluster: string): ContextSpec;
  close(): Promise<void>;
}

/** Signs `user` in to a running sandbox with its own HOME and config dir, and plans its contexts. */
export async function signIn(sandbox: SandboxHandle, user: string): Promise<Omit<SignedInOrg, 'sandbox'>> {
  sandbox.admin.setAutoApprove(user);
  const test = await sandboxContext(sandbox.env);
  const sso = createSso(test.context);
  await sso.login({ session: 'org', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
  const regions = [...new Set(sandbox.scenario.clusters.map((cluster) => cluster.region))];
  const discovered = await discoverClusters(test.context, sso, { session: 'org', regions });
  const listing = await sso.accounts('org');
  const specs = planContexts(discovered.clusters, listing.accounts.map((account) => ({ ...account, session: 'org' })));
  return {
    test,
    sso,
    specs,
    spec(account, role, cluster) {
      const found = specs.find((one) => one.accountName === account && one.roleName.includes(role) && one.cluster.name === cluster);
      if (!found) throw new Error(`no context for ${account}/${role}/${cluster}; have ${specs.map((one) => one.contextName).join(', ')}`);
      return found;
    },
    close: () => test.cleanup(),
  };
}

export async function signedInOrg(scenarioYaml: string, options: { user?: string; regions?: string[] } = {}): Promise<SignedInOrg> {
  const sandbox = await startSandbox(scenarioYaml, { autoApprove: options.user ?? true, autoApproveDelayMs: 5 });
  const test = await sandboxContext(sandbox.env);
  try {
    const sso = createSso(test.context);
    await sso.login({ session: 'org', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    const regions = options.regions ?? [...new Set(sandbox.scenario.clusters.map((cluster) => cluster.region))];
    const discovered = await discoverClusters(test.context, sso, { session: 'org', regions });
    const listing = await sso.accounts('org');
    const specs = planContexts(discovered.clusters, listing.accounts.map((account) => ({ ...account, session: 'org' })));
    return {
      sandbox,
      test,
      sso,
      specs,
      spec(account, role, cluster) {
        const found = specs.find((one) => one.accountName === account && one.roleName.includes(role) && one.cluster.name === cluster);
        if (!found) throw new Error(`no context for ${account}/${role}/${cluster}; have ${specs.map((one) => one.contextName).join(', ')}`);
        return found;
      },
      async close() {
        await sandbox.close();
        await test.cleanup();
      },
    };
  } catch (error) {
    await sandbox.close();
    await test.cleanup();
    throw error;
  }
}
