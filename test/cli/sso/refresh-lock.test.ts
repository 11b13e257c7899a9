// Two real `eks-sso` processes that both need to refresh the same access token at the same
// time: the token file's lock lets one refresh; the other waits, re-reads and uses that token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso } from '../../../main/core/sso/index.js';
import { sandboxContext, SMALL_ORG, type TestContext } from '../../core/sso/sandbox-context.js';
import { ensureCli, runProcess } from '../kube/kube-env.js';

let sandbox: SandboxHandle;
let current: TestContext;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG), { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 });
  current = await sandboxContext(sandbox.env, { extraEnv: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
});
afterAll(async () => {
  await sandbox?.close();
  await current?.cleanup();
});

describe('two eks-sso processes needing a refresh at once', () => {
  it('refresh once between them (CreateToken with the refresh token happens once)', { timeout: 90_000 }, async () => {
    const cli = ensureCli();
    // A token with 2 minutes left: under the 15-minute window, so every user of it refreshes.
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 120 });
    await createSso(current.context).login({ session: 'org', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600 });
    // A slow refresh keeps the first process inside its lock while the second one arrives.
    sandbox.admin.setFault('CreateToken', { latencyMs: 1500 });
    sandbox.admin.clearRequestLog();
    const args = [cli, 'accounts', '--session', 'org', '--refresh', '--json'];
    const [first, second] = await Promise.all([runProcess(process.execPath, args, current.env), runProcess(process.execPath, args, current.env)]);
    sandbox.admin.clearFaults();
    for (const result of [first, second]) {
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as { accounts: unknown[] }).accounts).toHaveLength(2);
    }
    expect(sandbox.admin.counts().CreateToken).toBe(1);
    expect(sandbox.admin.counts().ListAccounts).toBe(2);
  });
});
