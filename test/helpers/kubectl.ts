// kubectl for the interop tests (see tools.ts).
import { existsSync } from 'node:fs';
import { missing, onPath } from './tools.js';

function findKubectl(): string | null {
  const found = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((candidate) => existsSync(candidate)) ?? onPath('kubectl');
  return found ?? missing('kubectl', 'install it (on Debian: sudo apt-get install -y kubernetes-client)');
}

export const kubectlPath = findKubectl();
