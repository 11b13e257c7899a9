// The table of sub-commands: add a line here and a module under commands/.
import type { Command } from './command.js';

export const commands: Record<string, () => Promise<{ default: Command }>> = {
  version: () => import('./commands/version.js'),
  clusters: () => import('./commands/clusters.js'),
  kubeconfig: () => import('./commands/kubeconfig.js'),
  use: () => import('./commands/use.js'),
  token: () => import('./commands/token.js'),
  login: () => import('./commands/login.js'),
  logout: () => import('./commands/logout.js'),
  status: () => import('./commands/status.js'),
  accounts: () => import('./commands/accounts.js'),
  profiles: () => import('./commands/profiles.js'),
  ui: () => import('./commands/ui.js'),
  demo: () => import('./commands/demo.js'),
  sandbox: () => import('./commands/sandbox.js'),
  check: () => import('./commands/check.js'),
  grant: () => import('./commands/grant.js'),
};
