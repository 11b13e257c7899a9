// The table of sub-commands: add a line here, its one-line summary below, and a module under
// commands/.
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

/**
 * One line per command for `eks-sso --help`, next to the loaders so that listing the commands
 * loads none of their modules (each module's `summary` is the longer text of `<command> --help`).
 */
export const summaries: Record<string, string> = {
  version: 'Print the version',
  clusters: 'Find the EKS clusters of every account of an SSO session',
  kubeconfig: 'Write a kubeconfig context per account, role and cluster',
  use: 'Switch the kubeconfig current-context',
  token: 'Print an EKS ExecCredential for kubectl (run by the kubeconfig entries)',
  login: 'Sign in to IAM Identity Center',
  logout: "Sign out and remove the session's token and cached role credentials",
  status: 'Show each SSO session and the cached role credentials',
  accounts: 'List the accounts and roles of an SSO session',
  profiles: 'Write an AWS CLI profile per account and role',
  ui: 'Serve the dashboard on 127.0.0.1 and print its URL',
  demo: 'Start the sandbox and the app against it, in a private folder',
  sandbox: 'Run a local stand-in for Identity Center, STS, IAM, EKS and the clusters',
  check: 'Check each eks-sso context the way `kubectl get nodes` would',
  grant: "Grant the context's role access to its cluster",
};
