// Which kubeconfig we write: --file, else the first path in KUBECONFIG, else ~/.kube/config.
// (kubectl merges every KUBECONFIG path for reading; writing new entries to the first one is
// what `aws eks update-kubeconfig` does when none of them holds the cluster yet.)
import path from 'node:path';
import { homeDir, type Environment } from '../context.js';

export function kubeconfigPath(env: Environment, explicit?: string | null): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = (env.KUBECONFIG ?? '')
    .split(path.delimiter)
    .map((entry) => entry.trim())
    .find((entry) => entry.length > 0);
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(homeDir(env), '.kube', 'config');
}
