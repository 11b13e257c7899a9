// A CoreContext pointed at a running sandbox through the SDK's standard endpoint variables,
// with its own temporary HOME, so tests run side by side without touching the real ~/.aws.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock, type CoreContext } from '../../../main/core/context.js';
import { createFileSecretStore } from '../../../main/core/secrets/file-secret-store.js';

export interface TestContext {
  context: CoreContext;
  home: string;
  env: Record<string, string>;
  opened: string[];
  warnings: string[];
  cleanup(): Promise<void>;
}

export async function sandboxContext(
  sandboxEnv: Record<string, string>,
  options: { openBrowser?: (url: string) => Promise<void>; extraEnv?: Record<string, string> } = {},
): Promise<TestContext> {
  const home = await mkdtemp(path.join(tmpdir(), 'eks-sso-home-'));
  const env = { ...sandboxEnv, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...options.extraEnv };
  const opened: string[] = [];
  const warnings: string[] = [];
  const context: CoreContext = {
    clock: systemClock,
    env,
    secrets: createFileSecretStore(path.join(home, '.config', 'eks-sso', 'secrets')),
    openBrowser: async (url) => {
      opened.push(url);
      await options.openBrowser?.(url);
    },
    logger: { debug() {}, info() {}, warn: (message) => warnings.push(message) },
  };
  return { context, home, env, opened, warnings, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** A small organisation: two accounts, two permission sets, one user (a second one without access). */
export const SMALL_ORG = {
  identityCenter: { region: 'eu-west-1', startUrl: 'https://d-9067aaaaaa.awsapps.com/start', pollInterval: 1 },
  users: [{ name: 'alice@example.com' }, { name: 'bob@example.com' }],
  accounts: [
    { id: '111111111111', name: 'platform' },
    { id: '222222222222', name: 'payments' },
  ],
  permissionSets: [
    { name: 'AdministratorAccess', actions: ['*'] },
    { name: 'ReadOnly', actions: ['eks:Describe*', 'eks:List*'] },
  ],
  assignments: [
    { user: 'alice@example.com', accounts: ['111111111111', '222222222222'], permissionSet: 'AdministratorAccess' },
    { user: 'alice@example.com', account: '222222222222', permissionSet: 'ReadOnly' },
  ],
};
